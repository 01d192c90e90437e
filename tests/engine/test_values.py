"""Typed values bound into a query's text: where the VALUES line goes, and that no value can add query text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from coopgraph.engine.sparql import QueryError
from coopgraph.engine.values import values_block, where_opening, with_values, without_dataset

HOME = ox.NamedNode("https://w3id.org/coopgraph/id/municipality/daugavpils")


def test_the_values_line_opens_the_where_block_of_a_select() -> None:
    text = "SELECT ?n WHERE {\n  ?home rdfs:label ?n\n}"
    bound = with_values(text, {"home": HOME})
    assert bound == f"SELECT ?n WHERE {{\n  VALUES ?home {{ <{HOME.value}> }}\n  ?home rdfs:label ?n\n}}"


def test_a_construct_gets_its_values_in_the_pattern_not_in_the_template() -> None:
    text = "CONSTRUCT { ?home ?p ?o } WHERE { ?home ?p ?o }"
    assert where_opening(text) == text.index("WHERE {") + len("WHERE {")
    assert "WHERE {\n  VALUES ?home" in with_values(text, {"home": HOME})


def test_an_ask_without_where_and_a_subquery_bind_in_the_outer_block() -> None:
    assert with_values("ASK { ?home ?p ?o }", {"home": HOME}).startswith("ASK {\n  VALUES ?home")
    nested = "SELECT * { { SELECT ?home WHERE { ?home ?p ?o } } }"
    assert with_values(nested, {"home": HOME}).startswith("SELECT * {\n  VALUES ?home")


def test_a_literal_that_looks_like_query_text_stays_a_literal() -> None:
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * { "')
    block = values_block({"name": hostile})
    store = ox.Store()
    store.add(ox.Quad(HOME, ox.NamedNode("urn:name"), hostile))
    found = store.query(with_values("SELECT ?s WHERE { ?s <urn:name> ?name }", {"name": hostile}))
    assert isinstance(found, ox.QuerySolutions)
    assert [row["s"] for row in found] == [HOME]
    assert block == 'VALUES ?name { "x\\" } } ; DROP ALL ; SELECT * { \\"" }', "the quotes are escaped"


def test_several_values_are_one_row_and_a_blank_node_is_refused() -> None:
    assert values_block({"a": HOME, "n": ox.Literal("1", datatype=ox.NamedNode("urn:t"))}) == (
        f'VALUES (?a ?n) {{ (<{HOME.value}> "1"^^<urn:t>) }}'
    )
    with pytest.raises(QueryError, match="blank node"):
        values_block({"b": ox.BlankNode()})


def test_a_query_without_a_where_block_cannot_be_bound() -> None:
    with pytest.raises(QueryError, match="no WHERE block"):
        with_values("DESCRIBE <urn:x>", {"home": HOME})


def test_the_dataset_clauses_go_and_the_rest_of_the_query_stays() -> None:
    text = 'SELECT * FROM <urn:a> FROM NAMED <urn:b>\nFROM ex:c WHERE { ?s ?p "FROM <urn:d>" }'
    assert without_dataset(text).split() == ["SELECT", "*", "WHERE", "{", "?s", "?p", '"FROM', '<urn:d>"', "}"]


def test_values_are_written_from_typed_terms_so_a_value_cannot_break_out() -> None:
    text = "# title: T\nSELECT ?name ?year WHERE {\n  ?x <http://e/name> ?name ; <http://e/year> ?year .\n}\n"
    nasty = ox.Literal('x" } ; DROP ALL ; SELECT * { "')
    year = ox.Literal("2012", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    bound = with_values(text, {"name": nasty, "year": year})
    assert bound.splitlines()[2] == (
        '  VALUES (?name ?year) { ("x\\" } ; DROP ALL ; SELECT * { \\"" '
        '"2012"^^<http://www.w3.org/2001/XMLSchema#gYear>) }'
    )
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/name"), nasty))
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/year"), year))
    found = list(store.query(bound))
    assert len(found) == 1 and found[0]["name"] == nasty
    assert with_values(text, {}) == text
