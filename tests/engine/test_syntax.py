"""A person who mistypes a query is told what is wrong, where (once), and sees the line with a caret."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from coopgraph.engine.syntax import explain


def oxigraph_error(query: str) -> str:
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query(query)
    return str(raised.value)


def told(query: str) -> str:
    return explain(query, oxigraph_error(query)).text()


def caret_column(text: str) -> int:
    """The 1-based column of the caret under the quoted query line."""
    caret_line = text.splitlines()[2]
    return caret_line.index("^") - 1


def test_an_undeclared_prefix_is_named_with_the_caret_under_it() -> None:
    query = "SELECT ?x WHERE { ?x a foo:Bar }"
    text = told(query)
    assert text.splitlines()[0] == (
        "SPARQL syntax error at line 1, column 24: the prefix foo: is not declared; "
        "add PREFIX foo: <…> before the query"
    )
    assert text.splitlines()[1] == "  " + query
    assert caret_column(text) == query.index("foo:") + 1
    assert "expected one of" not in text and "Prefix not found" not in text


def test_the_position_is_given_once() -> None:
    text = told("SELECT ?x WHERE { ?x a foo:Bar }")
    assert text.count("line 1") == 1 and "1:" not in text


def test_a_brace_left_open_points_at_it() -> None:
    query = "SELECT ?x\nWHERE {\n  ?x a ?type .\n  OPTIONAL { ?x ?p ?o }\n"
    problem = explain(query, oxigraph_error(query))
    assert "is never closed" in problem.message and "add }" in problem.message
    assert (problem.line, problem.column) == (2, 7)
    assert problem.source_line == "WHERE {"


def test_a_brace_closed_twice_points_at_the_extra_one() -> None:
    query = "SELECT ?x WHERE { ?x a ?y } }"
    problem = explain(query, oxigraph_error(query))
    assert "closes nothing" in problem.message
    assert problem.column == len(query)


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("SELECT * WHERE { ?s ?p ?o ?s ?q ?r }", "?s ?q"),
        ('SELECT * WHERE {\n  ?s ?p "x"@en\n  ?s <http://e/q> ?r }', "?s <http"),
        ("SELECT * WHERE { VALUES ?v { 1 2 3 4 } FILTER(?v > 1) ?s ?p [ ?a ?b ] ?s ?q ?v }", "?s ?q"),
    ],
)
def test_a_missing_dot_points_at_the_term_after_it(query: str, before: str) -> None:
    problem = explain(query, oxigraph_error(query))
    assert problem.message.startswith("a dot is missing before this term")
    offset = query.rindex(before)
    assert problem.line == query.count("\n", 0, offset) + 1
    assert problem.source_line[problem.column - 1 :].startswith(before)


def test_other_mistakes_keep_the_position_and_only_the_tokens_expected() -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT"
    text = told(query)
    assert text.startswith(f"SPARQL syntax error at line 1, column {len(query) + 1}: the query ends too early")
    assert "'\\u{" not in text


@pytest.mark.parametrize(
    ("query", "sentence", "at"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "this triple pattern has no object", "?x ?y"),
        ("SELECT ?x WHERE { ?x a ?t ; ?p . }", "this triple pattern has no object", "?p ."),
        ("SELECT ?x WHERE { ?x a ?t . ?x }", "this triple pattern has no predicate and no object", "?x }"),
    ],
)
def test_a_pattern_short_of_a_term_says_which(query: str, sentence: str, at: str) -> None:
    problem = explain(query, oxigraph_error(query))
    assert problem.message == sentence
    assert query[problem.column - 1 :].startswith(at)


def test_a_property_path_is_not_taken_for_a_missing_term() -> None:
    query = "SELECT ?x WHERE { ?x <http://e/p>/<http://e/q> ?y . ?x foo:bar ?z }"
    assert "the prefix foo: is not declared" in explain(query, oxigraph_error(query)).message
    query = "SELECT ?x WHERE { ?x <http://e/p>/<http://e/q> ?y . FILTER(?y > ) }"
    assert "triple pattern" not in explain(query, oxigraph_error(query)).message
