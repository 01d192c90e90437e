"""A researcher asks the canned queries over HTTP: JSON rows, CSV or SPARQL results, typed parameters.

Against a real ``coopgraph serve`` of the bundled build: the answers are
compared with ``/sparql``'s to the same question, bad values are problems
naming the parameter, and the build's ETag makes a repeat a 304.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
import requests

from coopgraph.engine.canned import canned_queries
from coopgraph.sources.project import Sources
from tests.server import running_server

ID = "https://w3id.org/coopgraph/id/"
BELARUS = ID + "country/belarus"
NAMES = sorted(canned_queries(Sources()))
PROBLEM = "application/problem+json"


def api(server: str, name: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(f"{server}/api/queries/{name}", params=params, headers=headers, timeout=30)


def sparql_rows(server: str, query: str) -> list[dict[str, str]]:
    answer = requests.get(f"{server}/sparql", params={"query": query, "format": "json"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return [{k: v["value"] for k, v in b.items()} for b in answer.json()["results"]["bindings"]]


@pytest.mark.parametrize("name", NAMES)
def test_every_query_answers_json_rows_csv_and_sparql_json_alike(server: str, name: str) -> None:
    rows = api(server, name)
    assert rows.status_code == 200 and rows.headers["Content-Type"] == "application/json"
    told = rows.json()
    assert told["rows"] and told["truncated"] is False
    assert all(list(row) == told["columns"] for row in told["rows"])

    table = api(server, name, "text/csv")
    assert table.headers["Content-Type"].startswith("text/csv")
    read = list(csv.DictReader(io.StringIO(table.text)))
    assert len(read) == len(told["rows"]) and list(read[0]) == told["columns"]

    results = api(server, name, "application/sparql-results+json")
    assert results.headers["Content-Type"].startswith("application/sparql-results+json")
    assert results.json()["head"]["vars"] == told["columns"]
    assert len(results.json()["results"]["bindings"]) == len(told["rows"])


def test_a_country_gives_only_its_partners_as_sparql_does(server: str) -> None:
    told = api(server, "partners-in-country", country=BELARUS).json()
    partners = {row["partner"] for row in told["rows"]}
    asked = sparql_rows(
        server,
        f"""SELECT DISTINCT ?partner WHERE {{
          ?partner coop:country <{BELARUS}> ; a coop:Municipality .
          ?agreement a coop:CooperationAgreement ; coop:party ?partner , <{ID}municipality/daugavpils> .
        }}""",
    )
    assert partners == {row["partner"] for row in asked}
    assert {ID + "municipality/vitebsk", ID + "municipality/lida"} <= partners
    assert {row["country"] for row in told["rows"]} == {BELARUS}
    everyone = api(server, "partners-in-country").json()["rows"]
    assert len(everyone) > len(told["rows"])


def test_numbers_are_json_numbers(server: str) -> None:
    decades = api(server, "partners-by-decade").json()["rows"]
    assert all(isinstance(row["decade"], int) and isinstance(row["partners"], int) for row in decades)
    nineties = api(server, "partners-by-decade", decade="1990").json()["rows"]
    assert [row["decade"] for row in nineties] == [1990]
    assert nineties[0]["partners"] == next(r["partners"] for r in decades if r["decade"] == 1990)


@pytest.mark.parametrize(
    ("concluded", "partners"),
    [("2012-09", {"magdeburg"}), ("2012-10-02", {"alaverdi"}), ("2012-01", {"lida"}), ("2012", set())],
)
def test_a_date_is_bound_at_its_precision(server: str, concluded: str, partners: set[str]) -> None:
    rows = api(server, "agreements-concluded-on", concluded=concluded).json()["rows"]
    assert {row["partner"].rsplit("/", 1)[1] for row in rows} == partners
    assert all(row["concluded"] == concluded for row in rows)


def test_the_csv_suffix_answers_csv(server: str) -> None:
    table = requests.get(f"{server}/api/queries/partners-by-country.csv", timeout=30)
    assert table.status_code == 200 and table.headers["Content-Type"].startswith("text/csv")
    assert table.text.splitlines()[0].split(",")[:2] == ["home", "country"]


@pytest.mark.parametrize(
    ("name", "params", "parameter", "expected"),
    [
        ("partners-by-decade", {"decade": "nineties"}, "decade", "an integer"),
        ("partners-in-country", {"country": "belarus"}, "country", "an IRI of coop:Country"),
        ("partners-in-country", {"country": ID + "country/atlantis"}, "country", "an IRI of coop:Country: one of"),
        ("agreements-concluded-on", {"concluded": "2012-02-30"}, "concluded", "a day that exists"),
        ("agreements-concluded-on", {"concluded": "09/2012"}, "concluded", "2012, 2012-09 or 2012-09-17"),
        ("partners-in-country", {"cuntry": BELARUS}, "cuntry", "one of country, home"),
    ],
)
def test_a_bad_value_is_a_problem_naming_the_parameter(
    server: str, name: str, params: dict[str, str], parameter: str, expected: str
) -> None:
    answer = api(server, name, **params)
    assert answer.status_code == 400 and answer.headers["Content-Type"] == PROBLEM
    problem = answer.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request" and problem["type"] == "about:blank"
    assert problem["parameter"] == parameter
    assert expected in problem["expected"]
    assert parameter in problem["detail"]


def test_a_parameter_given_twice_is_a_problem(server: str) -> None:
    answer = requests.get(f"{server}/api/queries/partners-in-country?country={BELARUS}&country={BELARUS}", timeout=30)
    assert answer.status_code == 400 and answer.json()["parameter"] == "country"


def test_an_unknown_query_is_a_404_problem(server: str) -> None:
    answer = api(server, "partners-on-mars")
    assert answer.status_code == 404 and answer.headers["Content-Type"] == PROBLEM
    assert "partners-on-mars" in answer.json()["detail"]


def test_a_format_nobody_offers_is_a_406_problem(server: str) -> None:
    answer = api(server, "partners-by-country", "image/png")
    assert answer.status_code == 406 and answer.headers["Content-Type"] == PROBLEM


def test_a_repeat_with_the_build_s_etag_is_304(server: str) -> None:
    first = api(server, "partners-in-country", country=BELARUS)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = requests.get(
        f"{server}/api/queries/partners-in-country",
        params={"country": BELARUS},
        headers={"If-None-Match": etag},
        timeout=30,
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    other = api(server, "partners-in-country", country=ID + "country/germany")
    assert other.headers["ETag"] != etag
    assert api(server, "partners-in-country", "text/csv", country=BELARUS).headers["ETag"] != etag


@pytest.fixture(scope="module")
def capped(published) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with running_server(published.path.parent.parent, settings={"COOPGRAPH_MAX_ROWS": "5"}) as url:
        yield url


def test_the_row_cap_truncates_json_rows_and_refuses_csv_as_sparql_does(capped: str) -> None:
    told = api(capped, "agreements-timeline").json()
    assert told["truncated"] is True and len(told["rows"]) == 5
    table = api(capped, "agreements-timeline", "text/csv")
    assert table.status_code == 400 and table.headers["Content-Type"] == PROBLEM
    assert "more than 5 rows" in table.json()["detail"]
    small = api(capped, "partners-in-country", country=BELARUS).json()
    assert small["truncated"] is False
