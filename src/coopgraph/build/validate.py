"""Validate curated data against the SHACL shapes, and say where each problem is.

The gate before publication: :func:`validate` runs pyshacl and turns its report
into :class:`Violation` records a municipal editor can act on. Each names the
resource, the property (as a CURIE), the shape's plain-words message and, when
:func:`locate_subjects` was given the source files, the file and line where the
resource is written.

Two choices keep the gate usable on a million triples:

- No copy of the data graph. pyshacl copies the data graph whenever an
  ontology is mixed in or advanced features are on; an rdflib copy costs about
  as much as parsing. Instead the data graph and the ontology's
  ``rdfs:subClassOf`` axioms (all SHACL needs from it without inference) are
  read through a :class:`~rdflib.graph.ReadOnlyGraphAggregate` view, and
  pyshacl validates that view in place. The view is read-only, so the inputs
  cannot be modified.
- No reasoning: ``inference="none"``. The shapes say exactly what must be
  written; inferred triples would hide what an editor forgot to write. (The
  dataset description is checked against the official DCAT-AP shapes with RDFS
  inference, ``inference=True``, as DCAT-AP's validation runs; never the data.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox
import pyshacl
import rdflib.term as rdflib_term
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.term import Node

from coopgraph.namespaces import BASE, PREFIXES, SH
from coopgraph.sources.load import LoadError, parse_quads

__all__ = ["SHAPES", "ValidationReport", "Violation", "locate_subjects", "validate"]

SHAPES = Namespace(BASE + "shapes#")
"""Namespace of coopgraph's own shapes (``coop-shapes:``)."""

CURIE_PREFIXES: dict[str, str] = {**PREFIXES, "coop-shapes": str(SHAPES)}
"""Prefixes used to abbreviate paths and shapes in reports."""

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

Origins = Mapping[str, tuple[Path, "int | None"]]


@dataclass(frozen=True)
class Violation:
    """One validation result, in the terms an editor uses to find and fix it."""

    focus: str
    """Focus node IRI (or ``_:`` blank-node label)."""
    path: str | None
    """Result path, as a CURIE where a prefix fits (``coop:country``)."""
    message: str
    """The shape's sh:message (English preferred), or pyshacl's generic text."""
    severity: str
    """``"Violation"``, ``"Warning"`` or ``"Info"``."""
    shape: str
    """The source shape, as a CURIE where a prefix fits (``coop-shapes:…``)."""
    component: str
    """Local name of the constraint component, e.g. ``MinCountConstraintComponent``."""
    value: str | None
    """The offending value in Turtle notation (IRI as is), if the result has one."""
    source_file: Path | None
    """The data file where the focus node is described, if known."""
    line: int | None
    """1-based line in ``source_file`` where the focus node is first written as a subject (a sheet: its row)."""
    column: str | None = None
    """For a triple a sheet made: the column of the cell (``concluded``, ``concluded (C)`` in a workbook)."""

    @property
    def where(self) -> str:
        """``file:line`` (a sheet: ``file:row column name``), just the file, or ``<unknown>``."""
        if self.source_file is None:
            return "<unknown>"
        where = f"{self.source_file}:{self.line}" if self.line is not None else str(self.source_file)
        return f"{where} column {self.column}" if self.column else where


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: whether the data may be published, and why not."""

    conforms: bool
    """True when no result has severity Violation (warnings do not block)."""
    results: tuple[Violation, ...]
    """All results, violations first, then by file, line and focus node."""
    _graph: Graph | None = field(default=None, repr=False, compare=False)

    def violations(self) -> tuple[Violation, ...]:
        """Results of severity Violation: these block publication."""
        return tuple(r for r in self.results if r.severity == "Violation")

    def warnings(self) -> tuple[Violation, ...]:
        """Results of severity Warning: worth a look, do not block publication."""
        return tuple(r for r in self.results if r.severity == "Warning")

    def as_text(self) -> str:
        """A readable report: a summary line, then one block per result.

        Each block starts with ``file:line`` so editors (and IDEs) jump to the resource.
        """
        counts = {name: sum(1 for r in self.results if r.severity == name) for name in _SEVERITY_ORDER}
        summary = ", ".join(f"{n} {name.lower()}{'s' if n != 1 else ''}" for name, n in counts.items() if n)
        lines = [f"Conforms: {'yes' if self.conforms else 'no'}" + (f" ({summary})" if summary else "")]
        for result in self.results:
            lines.append("")
            lines.append(f"{result.where}: {result.severity}")
            lines.append(f"  focus:   {result.focus}")
            if result.path is not None:
                lines.append(f"  path:    {result.path}")
            if result.value is not None:
                lines.append(f"  value:   {result.value}")
            lines.append(f"  message: {result.message}")
            lines.append(f"  shape:   {result.shape} ({result.component})")
        return "\n".join(lines) + "\n"

    def as_graph(self) -> Graph:
        """The W3C ``sh:ValidationReport`` graph (a fresh copy, with coopgraph's prefixes bound).

        Its ``sh:conforms`` follows SHACL: false as soon as there is any result,
        warnings included. :attr:`conforms` is coopgraph's publishing decision,
        which only violations block.
        """
        graph = _bound_graph()
        if self._graph is not None:
            for triple in self._graph:
                graph.add(triple)
            return graph
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        return graph


def validate(
    data: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    origins: Origins | None = None,
    inference: bool = False,
) -> ValidationReport:
    """Validate ``data`` against ``shapes``; never modifies any of the graphs given.

    ``ontology`` contributes its ``rdfs:subClassOf`` axioms, so that
    ``sh:targetClass coop:Event`` reaches a ``coop:Meeting`` and ``sh:class
    coop:Cooperation`` accepts an agreement. Nothing else is inferred.
    ``origins`` (from :func:`locate_subjects`) adds file and line to each result.
    ``inference`` runs RDFS inference first, on a copy of the data, for shapes written to
    expect it (the official DCAT-AP ones); the curated data is never validated so.

    >>> from rdflib import Graph
    >>> report = validate(Graph(), Graph())
    >>> report.conforms, report.results
    (True, ())
    """
    shapes_copy = _copy(shapes)  # pyshacl adds system triples to the shapes graph it is given
    view = _data_view(data, ontology)
    needs_copy = inference or (None, SH.rule, None) in shapes_copy  # rules and inference write into the data
    target: Graph = _copy(view) if needs_copy else view
    with _datatype_conversions_kept():
        _, report_graph, _ = pyshacl.validate(
            target,
            shacl_graph=shapes_copy,
            inference="rdfs" if inference else "none",
            advanced=True,
            inplace=True,
            allow_warnings=False,
            allow_infos=False,
        )
    if not isinstance(report_graph, Graph):  # pyshacl returns the failure instead of raising
        raise RuntimeError(f"SHACL validation could not run: {report_graph}")
    results = tuple(sorted(_results(report_graph, origins or {}), key=sort_key))
    return ValidationReport(
        conforms=not any(r.severity == "Violation" for r in results),
        results=results,
        _graph=report_graph,
    )


@contextmanager
def _datatype_conversions_kept() -> Iterator[None]:
    """rdflib's literal conversions as they were, whatever the inference did to them.

    owlrl (pyshacl's inference) swaps in its own conversions and, restoring
    rdflib's, leaves its entries for the datatypes rdflib has none for (xsd:gMonth,
    xsd:gMonthDay…): from then on every rdflib Literal of those types in the
    process is ill-typed, and the curated data's dates fail their shapes.
    """
    kept = dict(rdflib_term._toPythonMapping)
    try:
        yield
    finally:
        rdflib_term._toPythonMapping.clear()
        rdflib_term._toPythonMapping.update(kept)


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    add = copy.add
    for triple in graph.triples((None, None, None)):
        add(triple)
    return copy


def _data_view(data: Graph, ontology: Graph | None) -> Graph:
    """``data`` plus the class hierarchy of ``ontology``, as a read-only view (no copy)."""
    hierarchy = Graph()
    if ontology is not None:
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if (sub, RDFS.subClassOf, sup) not in data:
                hierarchy.add((sub, RDFS.subClassOf, sup))
    return ReadOnlyGraphAggregate([data, hierarchy])


def _bound_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in CURIE_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_CURIES = sorted(CURIE_PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
_NAMESPACES = _bound_graph().namespace_manager


def curie(iri: str) -> str:
    """``iri`` abbreviated with the longest fitting prefix of :data:`CURIE_PREFIXES`, else unchanged.

    >>> curie("https://w3id.org/coopgraph/ontology#country")
    'coop:country'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    for prefix, namespace in _CURIES:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if re.fullmatch(r"[\w\-.]*[\w\-]|", local) and "/" not in local:
                return f"{prefix}:{local}"
    return iri


def _node_text(node: Node) -> str:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3(_NAMESPACES)
    return str(node)


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL path syntax, with CURIEs: ``coop:a|coop:b``, ``^coop:p``, ``a/b``."""
    if isinstance(path, URIRef):
        return curie(str(path))
    if (path, RDF.first, None) in graph:
        return "/".join(path_text(graph, step) for step in graph.items(path))
    for predicate, template in (
        (SH.alternativePath, None),
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is None:
            continue
        if template is None:
            return "|".join(path_text(graph, option) for option in graph.items(inner))
        text = path_text(graph, inner)
        if not isinstance(inner, URIRef):  # a compound path binds looser than ^ * + ?
            text = f"({text})"
        return template.format(text)
    return _node_text(path)


def _message(graph: Graph, result: Node) -> str:
    messages = list(graph.objects(result, SH.resultMessage))
    for message in messages:
        if isinstance(message, Literal) and (message.language or "").lower().startswith("en"):
            return str(message)
    untagged = [m for m in messages if isinstance(m, Literal) and not m.language]
    chosen = untagged or messages
    return str(chosen[0]) if chosen else ""


def _local_name(iri: Node | None) -> str:
    text = str(iri or "")
    return re.split(r"[#/]", text)[-1]


def _results(graph: Graph, origins: Origins) -> Iterator[Violation]:
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        focus_node = graph.value(result, SH.focusNode)
        focus = _node_text(focus_node) if focus_node is not None else ""
        path_node = graph.value(result, SH.resultPath)
        value_node = graph.value(result, SH.value)
        shape_node = graph.value(result, SH.sourceShape)
        if isinstance(shape_node, URIRef):
            shape = curie(str(shape_node))
        else:
            shape = _node_text(shape_node) if shape_node is not None else ""
        source_file, line = origins.get(focus, (None, None)) if isinstance(focus_node, URIRef) else (None, None)
        yield Violation(
            focus=focus,
            path=path_text(graph, path_node) if path_node is not None else None,
            message=_message(graph, result),
            severity=_severity(graph.value(result, SH.resultSeverity)),
            shape=shape,
            component=_local_name(graph.value(result, SH.sourceConstraintComponent)),
            value=_node_text(value_node) if value_node is not None else None,
            source_file=source_file,
            line=line,
        )


def _severity(node: Node | None) -> str:
    return _SEVERITIES.get(node, "Violation") if isinstance(node, URIRef) else "Violation"


def sort_key(result: Violation) -> tuple[int, str, int, str, str, str, str, str]:
    return (
        _SEVERITY_ORDER.get(result.severity, 3),
        str(result.source_file or "~"),
        result.line or 0,
        result.focus,
        result.path or "",
        result.shape,
        result.component,
        result.value or "",
    )


# ---------------------------------------------------------------------------
# Where is a resource written?
# ---------------------------------------------------------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"
_PREFIX = f"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?"
_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = f"(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|{_ESCAPE})"
_LOCAL = f"(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\\.)*{_LOCAL_CHAR})?)?"

_SUBJECT = re.compile(
    rf"(?:<(?P<iri>[^<>\"{{}}|^`\\\s]*)>|(?P<prefix>{_PREFIX}):(?P<local>{_LOCAL}))(?=[\s;,(\[#<\"]|$)"
)
_PREFIX_DECL = re.compile(rf"@?prefix\s+(?P<prefix>{_PREFIX}):\s*<(?P<iri>[^>]*)>", re.IGNORECASE)
_BASE_DECL = re.compile(r"@?base\s+<(?P<iri>[^>]*)>", re.IGNORECASE)
_UNESCAPE = re.compile(r"\\(.)")


def _line_subjects(path: Path) -> dict[str, int]:
    """IRIs written at the start of a line in ``path`` (a subject position), with their first line.

    A line-based scan, not a parse: a subject is a token at column 0 that is an
    IRI or a prefixed name, with ``@prefix``/``@base`` (and SPARQL-style
    ``PREFIX``/``BASE``) declarations resolved as they are met. Lines inside
    triple-quoted strings are skipped.
    """
    prefixes: dict[str, str] = {}
    base = path.resolve().as_uri()
    found: dict[str, int] = {}
    in_long_string: str | None = None
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if in_long_string is not None:
                if line.count(in_long_string) % 2 == 1:
                    in_long_string = None
                continue
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_long_string = quote
            if not line or line[0] in " \t\r\n#[_(\"'":
                continue
            first = line[0]
            if first == "@" or first in "pPbB":
                declared = _PREFIX_DECL.match(line)
                if declared:
                    prefixes[declared["prefix"]] = urljoin(base, declared["iri"])
                    continue
                based = _BASE_DECL.match(line)
                if based:
                    base = urljoin(base, based["iri"])
                    continue
            match = _SUBJECT.match(line)
            if match is None:
                continue
            if match["iri"] is not None:
                iri = urljoin(base, match["iri"]) if match["iri"] else base
            else:
                namespace = prefixes.get(match["prefix"])
                if namespace is None:
                    continue
                iri = namespace + _UNESCAPE.sub(r"\1", match["local"])
            found.setdefault(iri, number)
    return found


def _parsed_subjects(path: Path) -> tuple[set[str], set[str]] | None:
    """(all IRI subjects, IRI subjects given an rdf:type) of ``path``, or None if it does not parse."""
    subjects: set[str] = set()
    typed: set[str] = set()
    rdf_type = str(RDF.type)
    try:
        for quad in parse_quads(path):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            subjects.add(subject.value)
            if quad.predicate.value == rdf_type:
                typed.add(subject.value)
    except LoadError:
        return None
    return subjects, typed


def locate_subjects(paths: Iterable[Path]) -> dict[str, tuple[Path, int | None]]:
    """Map each subject IRI to the file and 1-based line where it is described.

    A resource may be written in several files (a municipality in
    ``places.ttl``, its Wikidata link in ``alignment.ttl``); the file that
    gives its ``rdf:type`` is the one that describes it, else the first file
    (in the order given) where it is a subject. The line is the first line of
    that file where the IRI opens a line as a subject; when no line opens with
    it (e.g. several subjects on one line, or an N-Triples blank-node
    workaround), the line is None. Accepts ``.ttl`` and ``.nt`` files (any
    syntax :mod:`coopgraph.sources.load` reads, for the file-only part).

    The subjects are taken from a real parse (Oxigraph, fast), so a token at
    the start of a line that is not a subject is never reported; a file that
    does not parse is scanned by lines only.
    """
    typed_origin: dict[str, tuple[Path, int | None]] = {}
    any_origin: dict[str, tuple[Path, int | None]] = {}
    for path in map(Path, paths):
        lines = _line_subjects(path) if path.suffix.lower() in {".ttl", ".nt", ".n3", ".trig", ".nq"} else {}
        parsed = _parsed_subjects(path)
        if parsed is None:
            subjects, typed = set(lines), set[str]()
        else:
            subjects, typed = parsed
        for iri in subjects:
            origin = (path, lines.get(iri))
            any_origin.setdefault(iri, origin)
            if iri in typed:
                typed_origin.setdefault(iri, origin)
    return {**any_origin, **typed_origin}
