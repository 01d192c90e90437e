"""What must never reach the engine is refused before it runs, whatever disguise it wears."""

from __future__ import annotations

import pytest

from coopgraph.engine.guard import Refused, inspect_query


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX ex: <http://example.org/> ASK { ex:a ex:b ex:c }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("describe <http://example.org/a>", "DESCRIBE"),
        ("# INSERT in a comment\nSELECT ?x WHERE { ?x ?p 'DELETE' }", "SELECT"),
        ("SELECT ?service WHERE { ?service <http://example.org/SERVICE> ex:SERVICE }", "SELECT"),
        ('SELECT * WHERE { ?s ?p """a SERVICE\nlong string""" }', "SELECT"),
    ],
)
def test_the_query_form_is_found_and_lookalikes_are_not_keywords(query: str, form: str) -> None:
    assert inspect_query(query, max_depth=40).form == form


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } }",
    ],
)
def test_service_is_refused_however_it_is_written(query: str) -> None:
    with pytest.raises(Refused) as refusal:
        inspect_query(query, max_depth=40)
    assert refusal.value.status == 403 and "SERVICE is not allowed" in refusal.value.message


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/g>",
        "PREFIX ex: <http://example.org/> WITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "\\u0049NSERT DATA { <http://a> <http://b> <http://c> }",
    ],
)
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(Refused) as refusal:
        inspect_query(update, max_depth=40)
    assert refusal.value.status == 403 and "read-only" in refusal.value.message


def test_nesting_beyond_the_limit_is_refused_and_within_it_accepted() -> None:
    deep = "SELECT * WHERE " + "{ " * 5 + "?s ?p ?o " + "} " * 5
    assert inspect_query(deep, max_depth=5).depth == 5
    with pytest.raises(Refused) as refusal:
        inspect_query(deep, max_depth=4)
    assert refusal.value.status == 400 and "deeper than 4" in refusal.value.message


@pytest.mark.parametrize("garbage", ["", "hello", "{ ?s ?p ?o }", "SELECT\x00 *", "\\uD800 SELECT"])
def test_what_is_not_a_query_is_a_400(garbage: str) -> None:
    with pytest.raises(Refused) as refusal:
        inspect_query(garbage, max_depth=40)
    assert refusal.value.status == 400


@pytest.mark.parametrize(
    ("query", "declares"),
    [
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s <http://example.org/from> ?o }", False),
        ("SELECT ?from WHERE { ?from ?p 'FROM' }", False),
    ],
)
def test_a_query_that_names_its_own_graphs_is_noticed(query: str, declares: bool) -> None:
    assert inspect_query(query, max_depth=40).declares_dataset is declares


@pytest.mark.parametrize(
    ("query", "cap"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", (101, True)),
        ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 5 # to the end", (101, True)),
        ("SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 5 } }", (101, True)),
        ("SELECT ?limit WHERE { ?s <http://example.org/LIMIT> ?limit . FILTER(?limit > 'LIMIT 3') }", (101, True)),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", (10, False)),
        ("SELECT * WHERE { ?s ?p ?o } \\u004CIMIT 10", (10, False)),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 100000", None),
        ("SELECT * WHERE { ?s ?p ?o } VALUES ?s { <http://example.org/a> }", None),
        ("SELECT * WHERE { ?s ?p ?o", None),
        ("ASK { ?s ?p ?o }", None),
        ("CONSTRUCT WHERE { ?s ?p ?o }", None),
    ],
    ids=[
        "no-limit",
        "offset-and-comment",
        "subquery-limit",
        "limit-as-a-word",
        "own-limit",
        "escaped-limit",
        "own-limit-too-high",
        "trailing-values",
        "unbalanced",
        "ask",
        "construct",
    ],
)
def test_a_select_is_bounded_by_its_own_limit_or_one_added_at_its_end(query: str, cap: tuple[int, bool] | None) -> None:
    """100 rows allowed: a LIMIT of 101 tells an answer with too many; nothing is added where it could not go."""
    assert inspect_query(query, max_depth=40).row_cap(100) == cap
