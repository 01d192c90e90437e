"""Results written row by row read back, with every kind of term, in each W3C format."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from coopgraph.engine.results import unwritable, write_solutions

STORE_DATA = """
@prefix ex: <http://example.org/> .
ex:radom ex:label "Radoma"@lv ; ex:date "1993-12-17"^^<http://www.w3.org/2001/XMLSchema#date> ;
    ex:note "tab\\tand \\"quotes\\", comma\\nnewline" ; ex:other [ ex:x 1 ] .
"""
QUERY = "SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?p"


@pytest.fixture(scope="module")
def solved() -> tuple[list[str], list[ox.QuerySolution], ox.Store]:
    store = ox.Store()
    store.load(STORE_DATA.encode(), ox.RdfFormat.TURTLE)
    result = store.query(QUERY)
    return [v.value for v in result.variables], list(result), store


def written(fmt: str, solved, boolean: bool | None = None) -> bytes:
    out = io.BytesIO()
    variables, rows, _ = solved
    write_solutions(out, fmt, None if boolean is not None else variables, [] if boolean is not None else rows, boolean)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_every_format_reads_back_to_the_same_solutions_as_oxigraph_writes(fmt: str, solved) -> None:
    _, _, store = solved
    expected = io.BytesIO()
    store.query(QUERY).serialize(expected, getattr(ox.QueryResultsFormat, fmt.upper()))
    if fmt == "csv":  # CSV loses term kinds and cannot be parsed back: compare the cells
        assert list(csv.reader(io.StringIO(written(fmt, solved).decode()))) == list(
            csv.reader(io.StringIO(expected.getvalue().decode()))
        )
        return
    ours = ox.parse_query_results(written(fmt, solved), getattr(ox.QueryResultsFormat, fmt.upper()))
    theirs = ox.parse_query_results(expected.getvalue(), getattr(ox.QueryResultsFormat, fmt.upper()))
    assert [v.value for v in ours.variables] == [v.value for v in theirs.variables]
    normalise = lambda rows: sorted(  # noqa: E731 - blank node labels differ between writers
        tuple("_:" if isinstance(row[i], ox.BlankNode) else str(row[i]) for i in range(4)) for row in rows
    )
    assert normalise(ours) == normalise(theirs)


def test_json_follows_the_w3c_shape(solved) -> None:
    document = json.loads(written("json", solved))
    assert document["head"]["vars"] == ["s", "p", "o", "missing"]
    labels = [b["o"] for b in document["results"]["bindings"] if b["p"]["value"].endswith("label")]
    assert labels == [{"type": "literal", "value": "Radoma", "xml:lang": "lv"}]
    assert all("missing" not in b for b in document["results"]["bindings"])


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_results(fmt: str, solved) -> None:
    assert bool(ox.parse_query_results(written(fmt, solved, boolean=True), getattr(ox.QueryResultsFormat, fmt.upper())))
    assert not bool(
        ox.parse_query_results(written(fmt, solved, boolean=False), getattr(ox.QueryResultsFormat, fmt.upper()))
    )


def test_an_unknown_format_is_an_error(solved) -> None:
    with pytest.raises(ValueError, match="unknown results format"):
        written("yaml", solved)


TRIPLE_QUERY = (
    'SELECT ?t ?n WHERE { BIND(TRIPLE(<http://e/a>, <http://e/b>, TRIPLE(BNODE(), <http://e/c>, "tab\\t, \\"q\\""@lv))'
    " AS ?t) BIND(1 AS ?n) }"
)


@pytest.fixture(scope="module")
def triple_rows() -> list[ox.QuerySolution]:
    result = ox.Store().query(TRIPLE_QUERY)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_triple_terms_read_back_as_the_same_triple(fmt: str, triple_rows: list[ox.QuerySolution]) -> None:
    out = io.BytesIO()
    write_solutions(out, fmt, ["t", "n"], triple_rows)
    read = ox.parse_query_results(out.getvalue(), ox.QueryResultsFormat.from_extension(fmt))
    assert isinstance(read, ox.QuerySolutions)
    (row,) = list(read)
    written_triple, original = row["t"], triple_rows[0]["t"]
    assert isinstance(written_triple, ox.Triple) and isinstance(original, ox.Triple)
    assert (written_triple.subject, written_triple.predicate) == (original.subject, original.predicate)
    inner, inner_original = written_triple.object, original.object
    assert isinstance(inner, ox.Triple) and isinstance(inner_original, ox.Triple)
    assert (inner.predicate, inner.object) == (inner_original.predicate, inner_original.object)
    assert isinstance(inner.subject, ox.BlankNode)


def test_triple_terms_in_csv_are_one_cell_in_the_tsv_syntax(triple_rows: list[ox.QuerySolution]) -> None:
    out = io.BytesIO()
    write_solutions(out, "csv", ["t", "n"], triple_rows)
    header, row = list(csv.reader(io.StringIO(out.getvalue().decode(), newline="")))
    assert header == ["t", "n"] and row[1] == "1"
    assert row[0].startswith("<<( <http://e/a> <http://e/b> <<( _:") and row[0].endswith('"@lv )>> )>>')


def test_a_control_character_makes_xml_unwritable_and_says_which(triple_rows: list[ox.QuerySolution]) -> None:
    result = ox.Store().query('SELECT ?l WHERE { BIND("a\\u0001b" AS ?l) }')
    assert isinstance(result, ox.QuerySolutions)
    rows = list(result)
    assert "U+0001" in (unwritable("xml", [row["l"] for row in rows]) or "")
    assert unwritable("json", [row["l"] for row in rows]) is None
    assert unwritable("xml", [row[name] for row in triple_rows for name in ("t", "n")]) is None
    graph = ox.Store().query('CONSTRUCT { <http://e/a> <http://e/b> ?l } WHERE { BIND("a\\u0001b" AS ?l) }')
    assert "U+0001" in (unwritable("rdfxml", list(graph)) or "")
