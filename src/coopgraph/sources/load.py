"""Read RDF source files into rdflib graphs, failing with the file, line and column.

Parsing goes through Oxigraph's parsers: they are an order of magnitude faster
than rdflib's on large files and report exact positions, which is what a
municipal editor needs to find a typo. The result is an rdflib graph because
validation (pyshacl) and inference (owlrl) work on rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}
"""File suffixes coopgraph reads, and the syntax each one means."""


class LoadError(Exception):
    """A source file that could not be read, with where the problem is."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(path, message, line, column)
        self.path, self.message, self.line, self.column = Path(path), message, line, column

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path``, from its suffix."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise LoadError(path, f"unknown RDF file type {path.suffix!r} (known: {known})") from None


def _syntax_error(path: Path, error: SyntaxError) -> LoadError:
    text = str(error)
    # Oxigraph appends "(file, line N)"; the position is already in lineno/offset.
    message = text.split(" (", 1)[0] if text.endswith(")") else text
    return LoadError(path, message, error.lineno, error.offset)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal, bnodes: dict[str, BNode]) -> Node:
    """Convert an Oxigraph term; blank node labels stay scoped to one ``bnodes`` map."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        node = bnodes.get(term.value)
        if node is None:
            node = bnodes[term.value] = BNode()
        return node
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def parse_quads(path: Path) -> Iterator[ox.Quad]:
    """Oxigraph quads of one file; raises :class:`LoadError` with the position of bad syntax."""
    path = Path(path)
    fmt = rdf_format(path)
    try:
        with path.open("rb") as handle:
            yield from ox.parse(handle, fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as error:
        raise _syntax_error(path, error) from None
    except OSError as error:
        raise LoadError(path, error.strerror or str(error)) from None


class _Converter:
    """Oxigraph → rdflib terms for one file: blank nodes scoped to it, repeated terms converted once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bnodes: dict[str, BNode] = {}
        self.cache: dict[ox.NamedNode | ox.Literal, Node] = {}

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        if isinstance(term, ox.Triple):
            raise LoadError(self.path, "quoted triples (RDF 1.2) are not supported")
        if isinstance(term, ox.BlankNode):
            return to_rdflib(term, self.bnodes)
        found = self.cache.get(term)
        if found is None:
            found = self.cache[term] = to_rdflib(term, self.bnodes)
        return found


def read_graph(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    """All triples of ``paths`` merged into one rdflib graph (named graphs flattened).

    Each file's blank nodes stay distinct from every other file's, as RDF merge requires.
    """
    graph = Graph() if graph is None else graph
    add = graph.add
    for path in paths:
        convert = _Converter(Path(path))
        for quad in parse_quads(Path(path)):
            add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return graph


def read_dataset(paths: Iterable[Path], default_graph: URIRef | None = None) -> Dataset:
    """Quads of ``paths`` in an rdflib dataset, named graphs kept as named graphs."""
    dataset = Dataset()
    for path in paths:
        convert = _Converter(Path(path))
        for quad in parse_quads(Path(path)):
            graph_name = quad.graph_name
            context = default_graph if isinstance(graph_name, ox.DefaultGraph) else URIRef(graph_name.value)
            target = dataset.graph(context) if context is not None else dataset.default_graph
            target.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return dataset


def rdf_files(directory: Path) -> list[Path]:
    """The RDF files of a directory in a stable order (by name), so builds are reproducible."""
    return sorted(p for p in Path(directory).iterdir() if p.is_file() and p.suffix.lower() in FORMATS)
