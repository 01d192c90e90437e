"""Nothing is lost on the way: every asserted triple of the sources is, term for term, in every dump.

The store normalises some literals when it stores them (``"0.50"^^xsd:decimal``
comes back as ``"0.5"``), so the dumps are written from the staged sources, not
read back from the store. These tests hold every distribution to the sources'
own lexical forms and datatypes: on the bundled build, and on a fixture with
every XSD datatype the ontology or the shapes name, written the way people do.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from coopgraph.build.dumps import DUMP_KINDS, SORTED_DUMP, Staged, write_dump
from coopgraph.build.layout import Build
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from coopgraph.sources.load import graph_quads
from coopgraph.sources.project import REPOSITORY, Sources

DISTRIBUTIONS = [name for name, kind in DUMP_KINDS.items() if kind.distribution]
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}


def read_dump(path: Path) -> set[tuple[ox.Term, ...]]:
    """The (subject, predicate, object) of every quad of a dump, blank nodes left out (their labels may differ)."""
    name = path.name.removesuffix(".gz")
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    fmt = FORMATS[Path(name).suffix]
    return {
        (q.subject, q.predicate, q.object)
        for q in ox.parse(data, fmt)
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


def asserted(files: list[Path]) -> set[tuple[ox.Term, ...]]:
    return {
        (q.subject, q.predicate, q.object)
        for q in graph_quads(files, ox.NamedNode(str(DATA_GRAPH)), "d")
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_every_asserted_triple_is_in_every_dump_term_for_term(published: Build, sources: Sources, name: str) -> None:
    stated = asserted(sources.ontology_files() + sources.data_files())
    stated |= {(q.subject, q.predicate, q.object) for q in sources.sheet_quads(ox.NamedNode(str(DATA_GRAPH)))}
    missing = stated - read_dump(published.dumps_dir / name)
    assert not missing, f"{name} lost {len(missing)} triples, e.g. {sorted(map(str, missing))[:3]}"


XSD_DATATYPES = sorted(
    {
        match
        for path in [*(REPOSITORY / "ontology").glob("*.ttl"), *(REPOSITORY / "shapes").glob("*.ttl")]
        for match in re.findall(r"xsd:([A-Za-z]+)", path.read_text(encoding="utf-8"))
    }
)
"""Every XSD datatype the ontology or the shapes name."""

SPELLINGS = {
    "anyURI": "https://example.org/a%20b",
    "boolean": "1",
    "date": "2024-02-29",
    "dateTime": "2024-02-29T08:00:00+02:00",
    "decimal": "044.8350",
    "double": "1.0E6",
    "duration": "P12M",
    "gMonth": "--04",
    "gMonthDay": "--08-29",
    "gYear": "2018",
    "gYearMonth": "2012-09",
    "integer": "+0014",
    "string": "Daugavpils",
}
"""A value of each, spelt as people write it rather than canonically."""


def test_the_fixture_covers_every_datatype_named() -> None:
    assert set(XSD_DATATYPES) <= set(SPELLINGS), set(XSD_DATATYPES) - set(SPELLINGS)


@pytest.fixture
def staged(tmp_path: Path) -> Staged:
    lines = [
        f'<https://example.org/s> <https://example.org/{name}> "{value}"^^<http://www.w3.org/2001/XMLSchema#{name}> .'
        for name, value in SPELLINGS.items()
    ]
    source = tmp_path / "literals.ttl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources = tmp_path / "sources.nq"
    ox.serialize(graph_quads([source], ox.NamedNode(str(DATA_GRAPH)), "d"), str(sources), ox.RdfFormat.N_QUADS)
    inferred = tmp_path / "inferred.nt"
    inferred.write_text("", encoding="utf-8")
    return Staged(sources, inferred, str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH))


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_every_datatype_keeps_its_spelling_in_every_dump(staged: Staged, tmp_path: Path, name: str) -> None:
    out = tmp_path / "dumps"
    out.mkdir()
    write_dump(name, staged, out)
    found = {o for _, _, o in read_dump(out / name)}
    for datatype, value in SPELLINGS.items():
        literal = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatype))
        assert literal in found, f"{name}: {literal} came out as {[o for o in found if datatype in str(o)]}"


def test_the_store_answers_what_the_published_shapes_accept(published: Build) -> None:
    """The store's own data graph, as the endpoint serves it, passes the build's published shapes."""
    from coopgraph.build.validate import validate

    store = published.open_store()
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(DATA_GRAPH)))
    ontology = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    shapes = Graph().parse(published.dumps_dir / "shapes.ttl", format="turtle")
    report = validate(
        Graph().parse(data=data.decode(), format="nt"), shapes, Graph().parse(data=ontology.decode(), format="nt")
    )
    assert report.conforms, report.as_text()


def test_the_n_quads_dump_is_in_byte_order_each_quad_once(published: Build) -> None:
    """What lets two builds be compared in one pass (build/diff.py)."""
    lines = gzip.decompress((published.dumps_dir / SORTED_DUMP).read_bytes()).splitlines()
    assert lines == sorted(set(lines)) and len(lines) > 3000
