"""Plain JSON rows: numbers as numbers, booleans as booleans, anything else as its text."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox

from coopgraph.engine.rows import plain, write_rows

XSD = "http://www.w3.org/2001/XMLSchema#"


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def test_plain_values() -> None:
    assert plain(ox.NamedNode("https://w3id.org/x")) == "https://w3id.org/x"
    assert plain(ox.Literal("Rīga", language="lv")) == "Rīga"
    assert plain(typed("22", "integer")) == 22 and plain(typed("3", "nonNegativeInteger")) == 3
    assert plain(typed("0.5", "decimal")) == 0.5
    assert plain(typed("true", "boolean")) is True and plain(typed("0", "boolean")) is False
    assert plain(typed("2012-09", "gYearMonth")) == "2012-09"
    assert plain(None) is None
    assert plain(ox.BlankNode("b1")) == "_:b1"


def test_values_json_cannot_carry_stay_text() -> None:
    assert plain(typed("INF", "double")) == "INF"
    assert plain(typed("NaN", "double")) == "NaN"
    assert plain(typed("twelve", "integer")) == "twelve"


def test_rows_are_written_with_their_columns_and_the_truncation() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/n"), typed("5", "integer")))
    result = store.query("SELECT ?s ?n ?missing WHERE { ?s <http://e/n> ?n }")
    assert isinstance(result, ox.QuerySolutions)
    out = io.BytesIO()
    write_rows(out, ["s", "n", "missing"], list(result), truncated=True)
    assert json.loads(out.getvalue()) == {
        "columns": ["s", "n", "missing"],
        "rows": [{"s": "http://e/a", "n": 5, "missing": None}],
        "truncated": True,
    }
