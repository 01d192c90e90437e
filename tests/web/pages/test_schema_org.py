"""schema.org JSON-LD in every page, for search engines."""

from __future__ import annotations

import json

import pytest

from tests.web.pages.page_reading import (
    SAMPLES,
    html,
)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_json_ld_for_search_engines(server: str, kind: str) -> None:
    page = html(server, "/id/" + SAMPLES[kind])
    blocks = [body for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"{server}/id/{SAMPLES[kind]}"
    assert data["name"] and data["@type"]


def test_json_ld_has_schema_types_same_as_and_geo(server: str) -> None:
    data = json.loads(
        next(b for a, b in html(server, "/id/municipality/radom").scripts if a.get("type") == "application/ld+json")
    )
    assert data["@type"] == "AdministrativeArea"
    assert "http://www.wikidata.org/entity/Q104740" in data["sameAs"]
    assert data["geo"]["latitude"] == pytest.approx(51.4025)
    project = json.loads(
        next(
            b for a, b in html(server, "/id/project/cities-of-change").scripts if a.get("type") == "application/ld+json"
        )
    )
    assert project["@type"] == "Project"
