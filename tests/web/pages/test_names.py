"""What a page calls a class or property: the ontology's label, else ours, else the words table's, in the
reader's language."""

from __future__ import annotations

import pyoxigraph as ox

from coopgraph.web.pages.names import SCHEMA, term_name

COOP = "https://w3id.org/coopgraph/ontology#"


def test_an_external_class_without_a_latvian_label_is_named_from_the_words_table() -> None:
    empty = ox.Store()
    assert term_name(empty, SCHEMA + "AdministrativeArea", "lv") == "Administratīva teritorija"
    assert term_name(empty, SCHEMA + "AdministrativeArea", "en") == "Administrative Area"
    assert term_name(empty, "http://data.europa.eu/s66#isSubSchemeOf", "lv") == "apakšshēma no"


def test_a_label_in_the_readers_language_wins_and_an_unknown_term_falls_back_to_its_label(store: ox.Store) -> None:
    assert term_name(store, COOP + "Municipality", "lv") == "pašvaldība"
    lone = ox.Store()
    lone.add(
        ox.Quad(
            ox.NamedNode("http://example.org/Thing"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("thing", language="en"),
        )
    )
    assert term_name(lone, "http://example.org/Thing", "lv") == "thing"
    assert term_name(ox.Store(), "http://example.org/someThing", "lv") == "some Thing"
