"""A reconciliation batch read strictly, and candidates matched only when certain."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.build.layout import Build
from coopgraph.build.search_index import SEARCH_FILE, write_index
from coopgraph.engine.reconcile import BadQueries, Service, parse_batch
from coopgraph.engine.search import SearchIndex
from coopgraph.namespaces import PREFIXES

COOP = PREFIXES["coop"]
ID = "https://w3id.org/coopgraph/id/"


@pytest.fixture(scope="module")
def service(published: Build) -> Service:
    return Service(SearchIndex(published.path / SEARCH_FILE), published.open_store(), ID)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("{bad", "not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        ("[]", "must be a JSON object"),
        ('{"q0": "Radom"}', "query 'q0': must be an object"),
        ('{"q0": {"query": 3}}', "query 'q0': query must be a string"),
        ('{"q0": {"query": "x", "limit": 0}}', "limit must be a number from 1 to 100"),
        ('{"q0": {"query": "x", "typo": 1}}', "unknown member 'typo'"),
        ('{"q0": {"query": "x", "properties": [{"pid": "coop:country"}]}}', "pid string and a value v"),
        ('{"q0": {}}', "neither a query string nor properties"),
    ],
)
def test_a_bad_batch_says_which_query_and_what_is_wrong(raw: str, said: str) -> None:
    with pytest.raises(BadQueries, match=said.replace("(", r"\(").replace(")", r"\)")):
        parse_batch(raw)


def test_a_batch_reads_types_limits_and_properties() -> None:
    raw = json.dumps(
        {
            "q0": {
                "query": "Radom",
                "type": "coop:Municipality",
                "limit": 3,
                "properties": [{"pid": "coop:country", "v": [{"id": "country/poland"}, "Polija"]}],
            }
        }
    )
    (query,) = parse_batch(raw, lambda term: term.replace("coop:", COOP))
    assert (query.key, query.text, query.types, query.limit) == ("q0", "Radom", (COOP + "Municipality",), 3)
    assert query.properties == ((COOP + "country", ("country/poland", "Polija")),)


def test_a_source_spelling_of_the_right_type_is_a_match(service: Service) -> None:
    (query,) = parse_batch(json.dumps({"q": {"query": "Harkova", "type": COOP + "Municipality"}}))
    first, *_ = service.candidates(query)
    assert (first["id"], first["match"]) == ("municipality/kharkiv", True)
    assert {"id": COOP + "Municipality", "name": "municipality"} in first["type"]


def test_a_country_that_disagrees_lowers_the_candidate_and_takes_its_match(service: Service) -> None:
    right = {"query": "Radom", "properties": [{"pid": COOP + "country", "v": "Polija"}]}
    wrong = {"query": "Radom", "properties": [{"pid": COOP + "country", "v": "country/latvia"}]}
    queries = parse_batch(json.dumps({"right": right, "wrong": wrong}))
    agreed, disagreed = (service.candidates(q)[0] for q in queries)
    assert agreed["id"] == disagreed["id"] == "municipality/radom"
    assert agreed["match"] and not disagreed["match"] and disagreed["score"] < agreed["score"]


def test_a_name_two_resources_share_is_not_a_match(tmp_path: Path) -> None:
    store = ox.Store()
    for slug in ("springfield-or", "springfield-il"):
        town = ox.NamedNode(ID + "municipality/" + slug)
        store.add(ox.Quad(town, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("Springfield", language="en")))
        store.add(ox.Quad(town, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(COOP + "Municipality")))
    write_index(store, tmp_path / SEARCH_FILE)
    two = Service(SearchIndex(tmp_path / SEARCH_FILE), store, ID)
    (query,) = parse_batch(json.dumps({"q": {"query": "springfield", "type": COOP + "Municipality"}}))
    candidates = two.candidates(query)
    assert len(candidates) == 2 and {c["score"] for c in candidates} == {100}
    assert not any(candidate["match"] for candidate in candidates)


def test_words_of_many_names_and_the_wrong_type_are_no_match(service: Service) -> None:
    (query,) = parse_batch(json.dumps({"q": {"query": "Daugavpils un"}}))
    assert not any(candidate["match"] for candidate in service.candidates(query))
    (typed,) = parse_batch(json.dumps({"q": {"query": "Radom", "type": COOP + "Country"}}))
    assert service.candidates(typed) == []  # Radom is no country
