"""The W3C SPARQL 1.1 result-format tests (``csv-tsv-res``, ``json-res``), run through ``/sparql``.

Each manifest entry's data is served by a real ``coopgraph serve`` (each data
file in a named graph of its own, chosen per request with
``default-graph-uri``), its query is sent over the protocol asking for the
entry's format, and the answer must match the expected file: the same columns
in the same order, the same rows in the same order, blank nodes up to renaming.

Oxigraph stores some literals in canonical form (oxigraph#526: ``"1.0E6"^^xsd:double``
comes back as ``"1000000"``, ``"-3"^^xsd:negativeInteger`` as an ``xsd:integer``), so
where the expected file holds the form as written the cell is named in
:data:`NORMALISED` and checked against Oxigraph's form instead; everything else must match as the W3C wrote it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Namespace
from rdflib.collection import Collection

from tests.engines import files_server

SUITE = Path(__file__).parents[1] / "data" / "w3c-results"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
ACCEPT = {".csv": "text/csv", ".tsv": "text/tab-separated-values", ".srj": "application/sparql-results+json"}
XSD = "http://www.w3.org/2001/XMLSchema#"
NORMALISED: dict[tuple[str, str], str] = {
    ("csv03", "1.0E6"): "1000000",
    ("tsv03", "1.0e6"): f'"1000000"^^<{XSD}double>',
    ("tsv03", f'"-3"^^<{XSD}negativeInteger>'): f'"-3"^^<{XSD}integer>',
}
"""(test, cell as the W3C wrote it) → the cell as Oxigraph's canonical literal gives it."""


@dataclass(frozen=True)
class Case:
    name: str
    query: Path
    data: Path
    result: Path


def cases() -> list[Case]:
    found = []
    for folder in ("csv-tsv-res", "json-res"):
        manifest = Graph().parse(SUITE / folder / "manifest.ttl", publicID=(SUITE / folder / "manifest.ttl").as_uri())
        (entries,) = manifest.objects(predicate=MF.entries)
        for entry in Collection(manifest, entries):
            action = manifest.value(entry, MF.action)
            name = str(manifest.value(entry, MF.name)).split(" ", 1)[0]
            paths = [
                manifest.value(action, QT.query),
                manifest.value(action, QT.data),
                manifest.value(entry, MF.result),
            ]
            query, data, result = (Path(str(p).removeprefix("file://")) for p in paths)
            found.append(Case(name, query, data, result))
    return found


CASES = cases()


def graph_of(data: Path) -> str:
    return f"urn:w3c:{data.parent.name}:{data.name}"


@pytest.fixture(scope="module")
def suite_server(engine_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The suite's files served by coopgraph from its own store, then in front of each external engine."""
    quads = []
    for data in sorted({case.data for case in CASES}):
        graph = ox.NamedNode(graph_of(data))
        triples = ox.parse(path=data, format=ox.RdfFormat.TURTLE, base_iri=data.as_uri())
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    dataset = tmp_path_factory.mktemp("w3c") / "results-suite.nq"
    ox.serialize(quads, dataset, ox.RdfFormat.N_QUADS)
    with files_server(engine_name, [dataset], tmp_path_factory.mktemp(engine_name)) as url:
        yield url


class Blanks:
    """Blank node labels renamed in order of appearance, so two answers compare up to renaming."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        return self.names.setdefault(label, f"_:b{len(self.names)}")


def table(text: str, suffix: str) -> list[list[str]]:
    blanks = Blanks()
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        rows = [line.split("\t") for line in text.splitlines()]
    return [[blanks(cell) if cell.startswith("_:") else cell for cell in row] for row in rows if row]


def bindings(answer: dict) -> dict:
    blanks = Blanks()
    if "boolean" in answer:
        return {"boolean": answer["boolean"]}

    def term(value: dict) -> dict:
        value = {k: v for k, v in value.items() if not (k == "datatype" and v.endswith("#string"))}
        return {**value, "value": blanks(value["value"])} if value["type"] == "bnode" else value

    rows = [{name: term(value) for name, value in row.items()} for row in answer["results"]["bindings"]]
    return {"vars": answer["head"]["vars"], "rows": rows}


def expected_cells(case: Case, rows: list[list[str]]) -> list[list[str]]:
    return [[NORMALISED.get((case.name, cell), cell) for cell in row] for row in rows]


def terms(rows: list[list[str]]) -> list[list[str]]:
    """TSV rows as the RDF terms they write (``4`` is ``"4"^^xsd:integer``): TSV tests compare terms."""
    text = "".join("\t".join(row) + "\n" for row in rows)
    read = ox.parse_query_results(text.encode(), ox.QueryResultsFormat.TSV)
    assert isinstance(read, ox.QuerySolutions)
    names = [v.value for v in read.variables]
    return [names] + [[str(solution[name] or "") for name in names] for solution in read]


VIRTUOSO_NORMALISED: dict[tuple[str, str], str] = {
    ("csv03", "1.0E6"): "1e+06",
    ("tsv03", "1.0e6"): f'"1e+06"^^<{XSD}double>',
}
"""Virtuoso's canonical doubles differ from Oxigraph's (``1e+06``), and it keeps ``xsd:negativeInteger`` as
written where Oxigraph answers ``xsd:integer``: both lexical forms the result formats leave to the engine."""


def expected_for(engine: str, case: Case, rows: list[list[str]]) -> list[list[str]]:
    """The W3C's cells as ``engine`` writes its canonical literals (Oxigraph's for the embedded store)."""
    if engine != "virtuoso":
        return expected_cells(case, rows)
    return [[VIRTUOSO_NORMALISED.get((case.name, cell), cell) for cell in row] for row in rows]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_w3c_result_format_test_passes_through_the_endpoint(
    suite_server: str, engine_name: str, case: Case
) -> None:
    response = requests.get(
        f"{suite_server}/sparql",
        params={"query": case.query.read_text(), "default-graph-uri": graph_of(case.data)},
        headers={"Accept": ACCEPT[case.result.suffix]},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == ACCEPT[case.result.suffix]
    expected_text = case.result.read_text()
    if case.result.suffix == ".srj":
        assert bindings(response.json()) == bindings(json.loads(expected_text))
    else:
        expected = expected_for(engine_name, case, table(expected_text, case.result.suffix))
        answered = table(response.text, case.result.suffix)
        if case.result.suffix == ".tsv":
            answered, expected = terms(answered), terms(expected)
        assert answered == expected


def test_every_normalised_cell_is_one_the_suite_holds() -> None:
    written = {
        (case.name, cell)
        for case in CASES
        for row in table(case.result.read_text(), case.result.suffix)
        for cell in row
        if case.result.suffix != ".srj"
    }
    assert set(NORMALISED) <= written
    assert len(CASES) == 10
