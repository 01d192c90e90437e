"""The country outlines the map is drawn on: shipped with the package, read once."""

from __future__ import annotations

from coopgraph.web.pictures.geography import outlines


def test_outlines_are_shipped_and_read_once() -> None:
    countries = outlines()
    assert outlines() is countries
    names = {c.name for c in countries}
    assert {"Latvia", "China", "Israel", "Norway", "Serbia"} <= names
    assert len(countries) > 150
