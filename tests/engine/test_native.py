"""Oxigraph writes the answer; the row limit is still exact, however its bytes are cut into writes."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from coopgraph.engine import native

AWKWARD = ['x}},{"a":{', "\\", '\\\\"', '"}]},{', 'é"\\n', "[{", "},{", "", "<result>", "a\tb\nc"]
"""Values that look like the syntax the rows are counted by, in JSON, XML and TSV."""


def values_query(rows: int, seed: int) -> str:
    """A ``VALUES`` table of ``rows`` solutions: IRIs, awkward literals, triple terms and unbound cells."""
    pick = random.Random(seed)
    table = []
    for i in range(rows):
        cells = [
            pick.choice(
                [
                    "UNDEF",
                    f"<http://example.org/{i}>",
                    json.dumps(pick.choice(AWKWARD) + str(i)),
                    f"<<( <http://a> <http://b> {json.dumps(pick.choice(AWKWARD))} )>>",
                ]
            )
            for _ in ("a", "b")
        ]
        table.append("(" + " ".join(cells) + ")")
    return "SELECT ?a ?b WHERE { VALUES (?a ?b) { " + " ".join(table) + " } }"


@pytest.mark.parametrize("result_format", sorted(native.FORMATS))
@pytest.mark.parametrize("write_size", [1, 2, 3, 7, 8192])
def test_rows_are_counted_exactly_whatever_the_values_and_the_writes(result_format: str, write_size: int) -> None:
    store = ox.Store()
    for rows in range(25):
        written = store.query(values_query(rows, seed=rows)).serialize(format=native.FORMATS[result_format])
        answer = native.CountedAnswer(result_format, max_rows=10**6)
        for start in range(0, len(written), write_size):
            answer.write(written[start : start + write_size])
        assert answer.rows - (result_format == "tsv") == rows
        assert b"".join(answer.chunks) == written


@pytest.mark.parametrize("result_format", sorted(native.FORMATS))
def test_the_first_row_past_the_limit_stops_the_writing(result_format: str) -> None:
    store = ox.Store()
    query = "SELECT ?n WHERE { VALUES ?n { " + " ".join(map(str, range(5000))) + " } }"
    assert len(native.serialize(store.query(query), result_format, max_rows=5000).chunks)
    with pytest.raises(native.TooManyRows):
        native.serialize(store.query(query), result_format, max_rows=4999)


def test_a_character_xml_cannot_carry_is_found_in_the_xml_answer() -> None:
    answer = native.serialize(ox.Store().query('SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'), "xml", 10)
    assert answer.unwritable == "\x01"
    assert (
        native.serialize(ox.Store().query('SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'), "json", 10).unwritable is None
    )


@pytest.mark.parametrize("result_format", sorted(native.FORMATS))
@pytest.mark.parametrize("rows", [0, 1, 9, 10, 11])
def test_a_bounded_answer_written_whole_keeps_the_limit_exact(result_format: str, rows: int) -> None:
    """Literals full of the separators the rows are told by: too many rows is still refused, no fewer."""
    query = values_query(rows, seed=rows).replace(
        "SELECT ?a ?b WHERE {", 'SELECT ?a ?b ?c WHERE { BIND("},{},{},{},{},{" AS ?c)'
    )
    store = ox.Store()
    if rows > 10:
        with pytest.raises(native.TooManyRows):
            native.serialize(store.query(query), result_format, max_rows=10, whole=True)
        return
    answer = native.serialize(store.query(query), result_format, max_rows=10, whole=True)
    assert b"".join(answer.chunks) == store.query(query).serialize(format=native.FORMATS[result_format])
