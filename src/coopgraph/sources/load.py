"""Read RDF source files, failing with the file, line and column.

Parsing goes through Oxigraph's parsers: they are an order of magnitude faster
than rdflib's on large files and report exact positions, which is what a
municipal editor needs to find a typo. The build takes the quads as they are
(:func:`graph_quads`) and never holds a large graph in Python; rdflib graphs
(:func:`read_graph`) are for what is small (the ontology, the shapes) and for
the reference checks (pyshacl, owlrl).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, cast

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

    @property
    def where(self) -> str:
        """The place as an editor jumps to it: ``file:line:column``."""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path``, from its suffix."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise LoadError(path, f"unknown RDF file type {path.suffix!r} (known: {known})") from None


_POSITION = re.compile(r"^Parser error (?:at|between) line \d+[^:]*: ")
_MISSING_END = ("A dot is expected at the end of statements", "Unexpected end")
_OPEN_ENDS = (";", ",", ".", "[", "(", "{")


def _syntax_error(path: Path, error: SyntaxError) -> LoadError:
    text = str(error)
    # Oxigraph appends "(file, line N)" and starts with the position; both are in lineno/offset.
    message = text.split(" (", 1)[0] if text.endswith(")") else text
    message = _POSITION.sub("", message)
    if error.lineno is not None and message in _MISSING_END:
        hint = _missing_end_hint(path, error.lineno)
        if hint:
            message = f"{message} ({hint})"
    return LoadError(path, message, error.lineno, error.offset)


def _missing_end_hint(path: Path, line: int) -> str | None:
    """The usual cause of "a dot is expected": the statement before ends without ``;`` or ``.``.

    Said only when the last line written before the error (comments and blank
    lines skipped) ends with neither, so the hint never contradicts the file.
    """
    last: tuple[int, str] | None = None
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number >= line:
                    break
                code = _without_comment(text).rstrip()
                if code:
                    last = (number, code)
    except OSError:
        return None
    if last is None or last[1].endswith(_OPEN_ENDS):
        return None
    return f"is a ';' or '.' missing at the end of line {last[0]}?"


def _without_comment(line: str) -> str:
    """``line`` without a trailing ``# comment`` (a ``#`` inside a string or an IRI is kept)."""
    quote: str | None = None
    in_iri = False
    for index, char in enumerate(line):
        if quote is not None:
            if char == quote and line[index - 1] != "\\":
                quote = None
        elif in_iri:
            in_iri = char != ">"
        elif char in "\"'":
            quote = char
        elif char == "<":
            in_iri = True
        elif char == "#":
            return line[:index]
    return line


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


class _LineReader(io.RawIOBase):
    """A file handed to the parser one line per read, counting the lines it has handed out."""

    def __init__(self, handle: io.BufferedReader) -> None:
        super().__init__()
        self.handle, self.line, self.last = handle, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.handle.readline(len(buffer))
        if data.endswith(b"\n") or (data and not self.handle.peek(1)):
            self.line += 1
            self.last = data
        buffer[: len(data)] = data
        return len(data)


LINE_FORMATS = {".ttl", ".nt", ".nq", ".trig", ".n3"}
"""The syntaxes whose statements :func:`quads_with_lines` can place on a line."""


def quads_with_lines(path: Path) -> Iterator[tuple[ox.Quad, int]]:
    """Each quad of a Turtle-family file with the line where its object ends, read by Oxigraph's own parser.

    Oxigraph gives no positions for what it parses, but it hands a quad out as
    soon as it has read its object; fed one line at a time, the line it has
    reached when a quad comes out is the line of that quad's object. Slower
    than :func:`parse_quads`, so only for re-reading a file that has a problem.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            reader = _LineReader(handle)
            for quad in ox.parse(cast("IO[bytes]", reader), rdf_format(path), base_iri=path.resolve().as_uri()):
                yield quad, _first_line(quad.object, max(reader.line, 1), reader.last)
    except SyntaxError as error:
        raise _syntax_error(path, error) from None
    except OSError as error:
        raise LoadError(path, error.strerror or str(error)) from None


def _first_line(value: object, line: int, text: bytes) -> int:
    """The line a value starts on: a long string over several lines (triple quotes) ends on ``line``."""
    if not isinstance(value, ox.Literal) or "\n" not in value.value:
        return line
    tail = value.value.rsplit("\n", 1)[1].encode("utf-8")
    if tail + b'"""' in text or tail + b"'''" in text:
        return max(line - value.value.count("\n"), 1)
    return line


XSD = "http://www.w3.org/2001/XMLSchema#"
STORED_AS: dict[str, str] = {
    **{
        XSD + name: XSD + "integer"
        for name in (
            "int",
            "long",
            "short",
            "byte",
            "nonNegativeInteger",
            "positiveInteger",
            "negativeInteger",
            "nonPositiveInteger",
            "unsignedInt",
            "unsignedLong",
            "unsignedShort",
            "unsignedByte",
        )
    },
    XSD + "dateTimeStamp": XSD + "dateTime",
}
"""Datatypes the store does not keep, and the one it keeps instead (checked against pyoxigraph 0.5)."""


def graph_quads(paths: Iterable[Path], graph: ox.NamedNode, label: str) -> Iterator[ox.Quad]:
    """Every triple of ``paths`` as a quad of ``graph`` (named graphs of quad files flattened into it).

    Blank nodes are renamed per file (``_:b1`` of the second data file becomes
    ``_:d1xb1``), so that two files never share one by accident, as RDF merge
    requires, and so that the same sources always give the same labels: the
    dumps and the store are written from two readings of the sources and must
    agree. ``label`` tells the sets of files apart (``o`` ontology, ``d`` data).
    """
    for quad in dataset_quads(paths, label, exact=True):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def dataset_quads(paths: Iterable[Path], label: str, *, exact: bool = False) -> Iterator[ox.Quad]:
    """Every quad of ``paths``, named graphs kept, blank nodes renamed per file as :func:`graph_quads` does.

    ``exact`` refuses the literals the store would hand back with another
    datatype (:data:`STORED_AS`): a build's dumps and its store must agree.
    """
    for index, path in enumerate(paths):
        prefix = f"{label}{index}x"
        for quad in parse_quads(Path(path)):
            subject, obj = quad.subject, quad.object
            if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
                raise LoadError(Path(path), "quoted triples (RDF 1.2) are not supported")
            if isinstance(subject, ox.BlankNode):
                subject = ox.BlankNode(prefix + subject.value)
            if isinstance(obj, ox.BlankNode):
                obj = ox.BlankNode(prefix + obj.value)
            elif exact and isinstance(obj, ox.Literal) and obj.datatype.value in STORED_AS:
                raise _changed_datatype(Path(path), obj)
            yield ox.Quad(subject, quad.predicate, obj, quad.graph_name)


def _changed_datatype(path: Path, literal: ox.Literal) -> LoadError:
    """A literal the store would hand back with another datatype: said with its line, and what to write."""
    kept = STORED_AS[literal.datatype.value].removeprefix(XSD)
    written = literal.datatype.value.removeprefix(XSD)
    line = None
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, text in enumerate(lines, start=1):
            if f'"{literal.value}"' in text and written in text:
                line = number
                break
    return LoadError(
        path,
        f'"{literal.value}"^^xsd:{written} would be served as xsd:{kept} (the store keeps no other); '
        f'write "{literal.value}"^^xsd:{kept}',
        line,
    )


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
