"""A portal or a notebook reads the OpenAPI document: valid OpenAPI 3.1, typed from the query headers,
and true of the live server (schemathesis plays it against the server with every check on)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from openapi_spec_validator import validate

from coopgraph.engine.canned import canned_queries
from coopgraph.sources.project import Sources

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
BUDGET = 90.0
"""Seconds the schemathesis run may take, so CI stays fast."""


@pytest.fixture(scope="module")
def document(server: str) -> dict[str, Any]:
    answer = requests.get(f"{server}/api/openapi.json", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    found: dict[str, Any] = answer.json()
    return found


def parameters(document: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in document["paths"][f"/api/queries/{name}"]["get"]["parameters"]}


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_document_names_the_dataset_and_the_build(server: str, document: dict[str, Any], published) -> None:  # type: ignore[no-untyped-def]
    assert document["info"]["title"] == "Daugavpils international cooperation"
    assert document["info"]["version"] == published.build_id
    assert document["servers"] == [{"url": "/"}]


def test_one_operation_per_query_with_its_title_and_description(document: dict[str, Any]) -> None:
    queries = canned_queries(Sources())
    assert set(document["paths"]) >= {f"/api/queries/{name}" for name in queries}
    for name, query in queries.items():
        operation = document["paths"][f"/api/queries/{name}"]["get"]
        assert (operation["summary"], operation["description"]) == (query.title, query.description)
        assert set(operation["responses"]) == {"200", "304", "400", "404", "406", "503"}
        row = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["rows"]["items"]
        assert row["required"] == list(query.columns or ())


def test_parameters_are_typed(document: dict[str, Any], store) -> None:  # type: ignore[no-untyped-def]
    country = parameters(document, "partners-in-country")["country"]
    assert country["in"] == "query" and country["required"] is False
    assert country["schema"]["format"] == "iri"
    countries = {
        str(row["c"].value)
        for row in store.query(
            "SELECT DISTINCT ?c WHERE { ?c a <https://w3id.org/coopgraph/ontology#Country> }",
            use_default_graph_as_union=True,
        )
    }
    assert set(country["schema"]["enum"]) == countries and len(countries) <= 50
    assert parameters(document, "partners-by-decade")["decade"]["schema"] == {"type": "integer"}
    concluded = parameters(document, "agreements-concluded-on")["concluded"]["schema"]
    assert len(concluded["anyOf"]) == 3
    home = parameters(document, "partners-by-country")["home"]["schema"]
    assert home["default"] == "https://w3id.org/coopgraph/id/municipality/daugavpils"


def test_the_document_is_revalidated_by_its_etag(server: str) -> None:
    first = requests.get(f"{server}/api/openapi.json", timeout=30)
    again = requests.get(f"{server}/api/openapi.json", headers={"If-None-Match": first.headers["ETag"]}, timeout=30)
    assert again.status_code == 304


def test_schemathesis_finds_the_server_true_to_its_document(server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{server}/api/openapi.json",
            "--url",
            server,
            "--checks",
            "all",
            "--max-examples",
            "15",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=BUDGET * 2,
        cwd=tmp_path,
        check=False,
    )
    took = time.monotonic() - started
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout
    assert took < BUDGET, f"schemathesis took {took:.0f} s"
