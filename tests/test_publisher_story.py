"""The publisher's story, end to end, against a real server: no RDF is written by hand.

A clerk of Valmiera starts a project with `coopgraph init`, types an agreement
into the CSV sheet and one into the workbook form, builds, and finds both
answered by SPARQL and shown on their pages while the server runs on, switching
builds by itself. Then the four usual mistakes: each is named by its file, row
and column, nothing is published, and the server keeps answering from the last
good build. `coopgraph diff` names the new partner.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph

from coopgraph.build.validate import validate
from coopgraph.cli import cli
from coopgraph.web.catalog.base import catalog_shapes
from tests.server import running_server
from tests.sheets import SOURCE, TARTU, write_rows
from tests.web.publishing import eventually

PARNU = {**TARTU, "partner": "Pärnu", "partner_lv": "Pērnava", "concluded": "2021-06", "fields": "sport"}
"""The agreement the clerk keeps in the workbook form of the sheet."""

MISTAKES = [
    ({"concluded": "2024-13-01"}, 'column concluded: "2024-13-01" is not a date; write YYYY-MM-DD, YYYY-MM or YYYY'),
    (
        {"country": "Narnia"},
        (
            'column country: "Narnia" is not a country of ISO 3166; '
            "write its three-letter code (POL) or its English name (Poland)"
        ),
    ),
    ({"partner": ""}, "column partner: is empty; every row of agreements needs its partner"),
    (
        {"source": "minutes-3"},
        'column source: "minutes-3" is not a source that sources.csv lists; add a row there, or correct the id',
    ),
]


def ask(url: str, query: str) -> bool:
    answer = requests.get(
        f"{url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    answer.raise_for_status()
    return bool(answer.json()["boolean"])


def agreement_with(partner: str) -> str:
    return (
        "PREFIX coop: <https://w3id.org/coopgraph/ontology#> ASK { ?a a coop:CooperationAgreement ; "
        f"coop:party <https://w3id.org/coopgraph/id/municipality/{partner}> , "
        "<https://w3id.org/coopgraph/id/municipality/valmiera> }"
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_a_clerk_publishes_from_sheets_and_the_server_follows_every_good_build(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "valmiera"
    assert runner.invoke(cli, ["init", str(root), "--municipality", "Valmiera", "--country", "LVA"]).exit_code == 0
    data = root / "data"
    write_rows(data / "sources.csv", [SOURCE])
    write_rows(data / "agreements.csv", [TARTU])
    built = runner.invoke(cli, ["build", "--project", str(root), "-q"])
    assert built.exit_code == 0, built.output

    with running_server(root / "dist", settings={"COOPGRAPH_PROJECT_DIR": str(root)}) as url:
        assert ask(url, agreement_with("tartu"))
        page = requests.get(f"{url}/id/municipality/tartu", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "Tartu" in page.text and "Estonia" in page.text
        description = requests.get(f"{url}/dataset", headers={"Accept": "text/turtle"}, timeout=30)
        report = validate(Graph().parse(data=description.text, format="turtle"), catalog_shapes(), inference=True)
        assert report.conforms and not report.results, report.as_text()  # the official DCAT-AP 3 shapes

        write_rows(data / "agreements.xlsx", [PARNU])  # beside the CSV, in a spreadsheet program's form
        rebuilt = runner.invoke(cli, ["build", "--project", str(root), "-q"])
        assert rebuilt.exit_code == 0, rebuilt.output
        eventually(lambda: ask(url, agreement_with("parnu")), seconds=10)  # no restart, no signal
        page = requests.get(f"{url}/id/municipality/parnu", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "Pärnu" in page.text
        good = (root / "dist" / "current").resolve()

        changed = runner.invoke(cli, ["diff", "--project", str(root)])
        assert changed.exit_code == 0 and "Pärnu" in changed.output and "Tartu" not in changed.output

        sheet = data / "agreements.csv"
        kept = sheet.read_bytes()
        for change, said in MISTAKES:
            write_rows(sheet, [{**TARTU, "partner": "Viljandi", **change}])
            failed = runner.invoke(cli, ["build", "--project", str(root), "-q"])
            assert failed.exit_code == 2, failed.output
            assert failed.output.strip() == f"Error: data/agreements.csv:3 {said}"
            assert (root / "dist" / "current").resolve() == good
            assert ask(url, agreement_with("parnu")) and not ask(url, agreement_with("viljandi"))
            sheet.write_bytes(kept)
