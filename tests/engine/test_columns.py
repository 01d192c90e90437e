"""``SELECT *`` answers list their columns as the query writes its variables, as Jena and rdflib do."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from coopgraph.engine.columns import column_order


def oxigraph_variables(query: str) -> list[str]:
    result = ox.Store().query(query)
    assert isinstance(result, ox.QuerySolutions)
    return [v.value for v in result.variables]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", ["s", "p", "o"]),
        ("PREFIX : <http://e/> SELECT DISTINCT * { ?s :p ?o OPTIONAL { ?o ?p2 ?o2 } }", ["s", "o", "p2", "o2"]),
        ("SELECT * { BIND(1 AS ?zeta) ?subject ?p $alpha }", ["zeta", "subject", "p", "alpha"]),
        ("# SELECT ?b ?a\nSELECT * WHERE { ?b ?c ?a }", ["b", "c", "a"]),
    ],
)
def test_select_star_columns_follow_the_query(query: str, expected: list[str]) -> None:
    assert oxigraph_variables(query) != expected  # Oxigraph sorts them
    assert column_order(query, oxigraph_variables(query)) == expected


def test_a_projection_keeps_its_own_order() -> None:
    query = "SELECT (CONCAT(?b, '') AS ?a) ?b WHERE { VALUES ?b { 'x' } }"
    assert column_order(query, oxigraph_variables(query)) == ["a", "b"]
