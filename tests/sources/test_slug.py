"""coopgraph.sources.slug: the names publishers write become the IRIs the curated data already uses."""

from __future__ import annotations

import doctest

import pytest
from rdflib import RDFS, URIRef

import coopgraph.sources.slug
from coopgraph.namespaces import ID
from coopgraph.sources.project import Sources
from coopgraph.sources.slug import slug


def test_doctests() -> None:
    assert doctest.testmod(coopgraph.sources.slug).failed == 0


HAND_MADE = {
    "moscow-central-administrative-okrug": "Central Administrative Okrug of Moscow",  # the city first
    "bobruisk": "Babruysk",  # minted from the Russian spelling before the label took the Belarusian one
}
"""The curated IRIs written by hand before the rule: a sheet names them with its id column."""


def test_every_curated_municipality_iri_but_two_is_the_slug_of_its_english_label() -> None:
    """The rule reproduces the IRIs written by hand, so sheets and Turtle name the same resources."""
    graph = Sources().data()  # places.ttl and the partners of agreements.csv
    municipalities = [s for s in set(graph.subjects()) if str(s).startswith(str(ID["municipality/"]))]
    assert len(municipalities) > 20
    mismatched = []
    for iri in municipalities:
        english = next(str(o) for o in graph.objects(URIRef(iri), RDFS.label) if o.language == "en")  # type: ignore[attr-defined]
        if slug(english) != str(iri).rsplit("/", 1)[1]:
            mismatched.append((english, str(iri)))
    assert sorted(mismatched) == sorted((label, str(ID[f"municipality/{key}"])) for key, label in HAND_MADE.items())


@pytest.mark.parametrize("text", ["", "  ", "—", "Москва"])
def test_a_name_with_nothing_latin_is_refused_in_words(text: str) -> None:
    with pytest.raises(ValueError, match="Latin alphabet"):
        slug(text)
