"""A resource's JSON-LD is compacted with a @context (schema.org terms, our prefixes) and says what the Turtle says."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.web.pages.page_reading import COOP, ID, SAMPLES, SCHEMA, get


def nodes(data: dict) -> dict[str, dict]:
    return {node["@id"]: node for node in data.get("@graph", [data])}


def test_a_projects_jsonld_uses_schema_org_terms_and_prefixes(server: str) -> None:
    data = get(server, "/id/project/our-cities-pairing-on-environment-issues", "application/ld+json").json()
    context = data["@context"]
    assert context["schema"] == SCHEMA and context["coop"] == COOP
    assert context["startDate"]["@id"] == SCHEMA + "startDate"
    project = nodes(data)[ID + "project/our-cities-pairing-on-environment-issues"]
    assert project["startDate"] == "2019-01-15", "a typed term: the date needs no @value wrapping"
    assert "coop:Project" in project["@type"] and "schema:Project" in project["@type"]
    assert ID + "organisation/daugavpils-city-council" in project["member"], "schema:member as a plain term"
    assert "coop:partner" in project
    assert not any(key.startswith("http") for node in nodes(data).values() for key in node), "no expanded keys"


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_jsonld_round_trips_to_the_same_triples_as_the_turtle(server: str, kind: str) -> None:
    jsonld = Graph().parse(data=get(server, f"/id/{SAMPLES[kind]}.jsonld").content, format="json-ld")
    turtle = Graph().parse(data=get(server, f"/id/{SAMPLES[kind]}.ttl").content, format="turtle")
    assert len(jsonld) == len(turtle) > 0
    assert isomorphic(jsonld, turtle)
