"""A class-typed parameter lists its IRIs when the build has few, and takes any IRI when it has many."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from coopgraph.web.api.allowed import MAX_LISTED
from tests.server import running_server

ID = "https://w3id.org/coopgraph/id/"


@pytest.fixture(scope="module")
def many_countries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dataset of more countries than are listed, each with a partner of a home municipality."""
    path = tmp_path_factory.mktemp("countries") / "countries.ttl"
    lines = ["@prefix coop: <https://w3id.org/coopgraph/ontology#> ."]
    lines.extend(
        f"<{ID}country/c{i}> a coop:Country . <{ID}municipality/m{i}> a coop:Municipality ; coop:country "
        f"<{ID}country/c{i}> . <{ID}agreement/a{i}> a coop:CooperationAgreement ; "
        f"coop:party <{ID}municipality/m{i}> , <{ID}municipality/daugavpils> ."
        for i in range(MAX_LISTED + 5)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with running_server(data=[path]) as url:
        yield url


def country_schema(server: str) -> dict[str, object]:
    document = requests.get(f"{server}/api/openapi.json", timeout=30).json()
    operation = document["paths"]["/api/queries/partners-in-country"]["get"]
    schema: dict[str, object] = next(p for p in operation["parameters"] if p["name"] == "country")["schema"]
    return schema


def test_few_instances_are_listed_and_only_they_are_taken(server: str) -> None:
    allowed = country_schema(server)["enum"]
    assert isinstance(allowed, list) and f"{ID}country/belarus" in allowed
    refused = requests.get(
        f"{server}/api/queries/partners-in-country", params={"country": ID + "country/c1"}, timeout=30
    )
    assert refused.status_code == 400 and "one of the" in refused.json()["expected"]


def test_many_instances_are_not_listed_and_any_iri_is_taken(many_countries: str) -> None:
    assert "enum" not in country_schema(many_countries)
    answer = requests.get(
        f"{many_countries}/api/queries/partners-in-country", params={"country": ID + "country/c7"}, timeout=30
    )
    assert answer.status_code == 200
    assert [row["partner"] for row in answer.json()["rows"]] == [ID + "municipality/m7"]
    nowhere = requests.get(
        f"{many_countries}/api/queries/partners-in-country", params={"country": ID + "country/atlantis"}, timeout=30
    )
    assert nowhere.status_code == 200 and nowhere.json()["rows"] == []
