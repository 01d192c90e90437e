"""Searching the bundled build's names: folded, prefixed, ranked, and never FTS5 syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.build.layout import Build
from coopgraph.build.search_index import SEARCH_FILE
from coopgraph.engine.search import NoIndex, SearchIndex, match_expression
from coopgraph.namespaces import PREFIXES

ID = "https://w3id.org/coopgraph/id/"
MUNICIPALITY = PREFIXES["coop"] + "Municipality"


@pytest.fixture(scope="module")
def index(published: Build) -> SearchIndex:
    return SearchIndex(published.path / SEARCH_FILE)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("panevezys", "municipality/panevezys"),  # no diacritics typed
        ("harkova", "municipality/kharkiv"),  # the twin-city page's spelling
        ("radoma", "municipality/radom"),  # the Latvian label
        ("vitebs", "municipality/vitebsk"),  # a beginning
        ("MAGDEBOURG", "municipality/magdeburg"),
        ("Q1733", "municipality/magdeburg"),  # its Wikidata id
    ],
)
def test_a_name_as_people_type_it_finds_the_resource_first(index: SearchIndex, typed: str, found: str) -> None:
    hits = index.search(typed)
    assert hits and hits[0].iri == ID + found


def test_the_exact_name_comes_before_the_names_that_contain_it(index: SearchIndex) -> None:
    hits = index.search("radom", limit=10)
    assert hits[0].iri == ID + "municipality/radom" and hits[0].score == 100 and hits[0].exact
    agreements = [h for h in hits if "/agreement/" in h.iri]
    assert len(agreements) >= 2 and all(h.score < hits[0].score for h in agreements)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_the_label_is_in_the_language_asked_and_the_type_narrows(index: SearchIndex) -> None:
    assert index.search("vitebsk", lang="lv")[0].label == "Vitebska"
    assert index.search("vitebsk", lang="en")[0].label == "Vitebsk"
    only = index.search("radom", [MUNICIPALITY], limit=10)
    assert [h.iri for h in only] == [ID + "municipality/radom"] and only[0].type == MUNICIPALITY


@pytest.mark.parametrize("typed", ['"', "*", "NEAR(radom", "-radom", "radom OR", "a AND NOT b", "^x", "col:umn", "'"])
def test_what_a_reader_types_is_never_fts_syntax(index: SearchIndex, typed: str) -> None:
    index.search(typed)  # no sqlite3.OperationalError
    expression = match_expression(typed)
    assert expression is None or all(word.startswith('"') for word in expression.split())


def test_a_build_without_an_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(NoIndex, match="rebuild"):
        SearchIndex(tmp_path / SEARCH_FILE).search("radom")
