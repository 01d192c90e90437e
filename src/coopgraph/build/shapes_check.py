"""Validate the data graph of an Oxigraph store with the compiled shapes: pyshacl's report, in seconds.

:func:`validate_store` runs each check of :mod:`coopgraph.build.shapes_compile`
with the data graph as the default graph (the store's ontology and inferred
graphs are not validated), re-checks in Python the values SPARQL could not
decide, and builds the same :class:`~coopgraph.build.validate.ValidationReport`
as :func:`coopgraph.build.validate.validate`, W3C report graph included.

What the store cannot give back: Oxigraph keeps literals in canonical form
(``"3.0"^^xsd:decimal`` is read back as ``"3"^^xsd:decimal``), lower-cases
language tags and stores the integer-derived datatypes as ``xsd:integer``. A
result's value is therefore printed in that canonical form; and an
``xsd:integer`` value is taken to be written with the integer datatype a shape
asks for, so ``"18"^^xsd:integer`` passes ``sh:datatype xsd:nonNegativeInteger``.
A build never lets the other integer datatypes reach the store: the loader
refuses them with their line (``coopgraph.sources.load.STORED_AS``).
"""

from __future__ import annotations

import gc
import os
import re
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from coopgraph.build.shapes_compile import INTEGER_TYPES, Check, Rule, UnsupportedShape, compile_shapes
from coopgraph.build.validate import CURIE_PREFIXES, Origins, ValidationReport, Violation, curie, path_text, sort_key
from coopgraph.namespaces import SH

__all__ = ["validate_store"]

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ACTUAL: dict[URIRef, type | tuple[type, ...]] = {  # pyshacl's _assert_actual_datatype
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}
_KINDS = {
    BNode: {SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI},
    Literal: {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral},
    URIRef: {SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI},
}


@dataclass(frozen=True)
class _Result:
    check: Check
    focus: Node
    value: Node | None
    path: Node | None
    messages: tuple[Literal, ...]


def validate_store(
    store: ox.Store,
    shapes: Graph,
    ontology: Graph | None,
    data_graph: ox.NamedNode,
    origins: Origins | None = None,
) -> ValidationReport:
    """Validate the named graph ``data_graph`` of ``store`` as :func:`~coopgraph.build.validate.validate` does.

    ``ontology`` contributes its ``rdfs:subClassOf`` axioms (closed in Python
    and written into the queries); raises :class:`UnsupportedShape` for a shape
    the compiled validator cannot check as pyshacl would.

    >>> report = validate_store(ox.Store(), Graph(), None, ox.NamedNode("urn:data"))
    >>> report.conforms, report.results
    (True, ())
    """
    hierarchy = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?o }"
    pairs = [(_term(r["s"]), _term(r["o"])) for r in _solutions(store, hierarchy, data_graph)]
    found: list[_Result] = []
    data = _DataNodes(store, data_graph)
    checks = compile_shapes(shapes, ontology, pairs)
    with _threads() as pool:
        answers = list(pool.map(lambda check: _answer(store, check.query, data_graph), checks))
    for check, answer in zip(checks, answers, strict=True):
        found.extend(_results(store, check, _rows(check, answer), data_graph, data))
    results = tuple(sorted((_violation(shapes, r, origins or {}) for r in found), key=sort_key))
    return ValidationReport(
        conforms=not any(r.severity == "Violation" for r in results),
        results=results,
        _graph=_report_graph(shapes, found, data),
    )


@contextmanager
def _threads() -> Iterator[ThreadPoolExecutor]:
    """A thread a core: Oxigraph evaluates a query without the GIL, so the checks run side by side.

    Oxigraph's result iterators must be dropped on the thread that made them,
    and the cyclic garbage collector frees whatever it finds on whichever
    thread it runs. So the garbage of earlier work is collected here, and the
    collector rests while the threads run (reference counting still frees).
    """
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            yield pool
    finally:
        if enabled:
            gc.enable()


def _solutions(store: ox.Store, query: str, data_graph: ox.NamedNode) -> ox.QuerySolutions:
    solutions = store.query(query, default_graph=data_graph)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:80]}")
    return solutions


def _answer(store: ox.Store, query: str, data_graph: ox.NamedNode) -> list[dict[str, object]] | str:
    """The rows in Oxigraph's terms, or why Oxigraph refused the query (e.g. a pattern its regex engine rejects).

    This runs on a worker thread and touches nothing of rdflib: Oxigraph's
    solutions iterator must be dropped on the thread that made it, and an
    rdflib warning logged here would keep this frame (and the iterator) alive
    in its log record.
    """
    try:
        solutions = _solutions(store, query, data_graph)
        return [{str(v)[1:]: s[v] for v in solutions.variables if s[v] is not None} for s in solutions]
    except (SyntaxError, OSError, ValueError) as error:
        return str(error)


def _rows(check: Check, answer: list[dict[str, object]] | str) -> list[dict[str, Node]]:
    if isinstance(answer, str):
        raise UnsupportedShape(curie(str(check.shape)), f"a query Oxigraph cannot run ({answer})")
    return [{name: _term(term) for name, term in row.items()} for row in answer]


def _results(
    store: ox.Store, check: Check, rows: list[dict[str, Node]], data_graph: ox.NamedNode, data: _DataNodes
) -> Iterator[_Result]:
    if check.carries == "sparql":
        yield from _sparql_results(check, _focused(store, check, rows, data_graph) if rows else [])
        return
    for row in rows:
        focus, value = row["this"], row.get("v") if check.carries == "value" else None
        if check.refine is not None and value is not None and _conforms(check.refine, value):
            continue
        messages = check.messages
        if not messages and check.generic is not None:
            shown = data.text(value) if value is not None else "None"
            messages = (Literal(check.generic(data.text(focus), shown)),)
        yield _Result(check, focus, value, check.path, messages)


def _focused(store: ox.Store, check: Check, rows: list[dict[str, Node]], graph: ox.NamedNode) -> list[dict[str, Node]]:
    """The constraint's rows for each focus node (a row without ?this holds for all, as if pre-bound)."""
    foci: dict[Node, list[Node]] = {}
    for solution in _solutions(store, check.focus, graph):
        foci.setdefault(_term(solution["this"]), []).append(_term(solution["_src"]))
    joined = []
    for row in rows:
        for this, sources in foci.items() if "this" not in row else [(row["this"], foci.get(row["this"], []))]:
            joined += [{**row, "this": this, "_src": source} for source in sources]
    return joined


def _sparql_results(check: Check, rows: list[dict[str, Node]]) -> Iterator[_Result]:
    """pyshacl's reading of SPARQL constraint rows: deduplicated per focus, messages filled in."""
    seen: set[object] = set()
    node_shape = check.path is None
    for row in rows:
        this, source = row.pop("this"), row.pop("_src")
        failure, path, value = row.pop("failure", None), row.pop("path", None), row.pop("value", None)
        fallback = this if node_shape else None
        key = (source, this, True) if failure is not None else (source, this, path, value, tuple(sorted(row.items())))
        if key in seen:
            continue
        seen.add(key)
        if failure is not None:
            messages = tuple(m for m in check.constraint_messages if m not in check.messages) + check.messages
            yield _Result(check, this, fallback, check.path, messages)
            continue
        value = fallback if value is None else value
        bound = {**row, "this": this, **({"path": path} if path is not None else {})}
        bound.update({"value": value} if value is not None else {})
        extra = [m for m in check.constraint_messages if m not in check.messages]
        messages = tuple(Literal(_fill(str(m), bound)) for m in [*extra, *check.messages])
        yield _Result(check, this, value, path if path is not None else check.path, messages)


def _fill(message: str, bound: dict[str, Node]) -> str:
    """pyshacl's message templates: each {?var} or {$var} becomes the bound value's string."""
    for name, value in bound.items():
        message = re.sub(f"{{[?$]{name}}}", str(value), message)
    return message


def _conforms(rule: Rule, value: Node) -> bool:
    """Whether pyshacl accepts ``value`` under ``rule``; asked only of values the SPARQL test flagged."""
    kind, params = rule.kind, rule.params
    if kind in ("all", "any"):
        tests = (_conforms(member, value) for member in rule.members)
        return all(tests) if kind == "all" else any(tests)
    if kind == "datatype" and isinstance(params[0], URIRef):
        return _datatype(value, params[0])
    if kind == "pattern" and isinstance(value, URIRef | Literal):
        flags = (re.IGNORECASE if "i" in str(params[1]) else 0) | (re.MULTILINE if "m" in str(params[1]) else 0)
        plain = isinstance(value, Literal) and value.value is not None and value.datatype in (None, XSD.string)
        text = str(value.value) if plain and isinstance(value, Literal) else str(value)
        return re.search(str(params[0]), text, flags) is not None
    if kind == "range" and isinstance(value, Literal) and isinstance(params[1], Literal):
        return _in_range(value, str(params[0]), params[1])
    if kind == "languageIn" and isinstance(value, Literal) and value.language:
        wanted, language = {str(p) for p in params}, value.language.lower()
        return "*" in wanted or language in wanted or language.split("-")[0] in wanted
    if kind == "nodeKind":
        return params[0] in _KINDS.get(type(value), set())
    if kind in ("in", "hasValue"):
        return value in params
    return False  # sh:class: only the store can tell, and the query said no


def _datatype(value: Node, rule: URIRef) -> bool:
    """pyshacl's DatatypeConstraintComponent for one value node."""
    if not isinstance(value, Literal):
        return False
    if rule in INTEGER_TYPES and value.datatype == XSD.integer:  # the store lost the written integer type
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = Literal(str(value), datatype=rule)
    if value.datatype == rule:
        return value.ill_typed is not True and isinstance(value.value, _ACTUAL.get(rule, object))
    if rule == RDFS.Literal or (rule == RDFS.Datatype and value.datatype):
        return True
    if (rule == XSD.string and value.datatype is None and not value.language) or (
        rule == RDF.langString and value.language
    ):
        return isinstance(value.value, str | bytes)
    return False


def _in_range(value: Literal, operator: str, bound: Literal) -> bool:
    """pyshacl's value range components for one literal value node (pyshacl.rdfutil.compare_literal)."""
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        if value.eq(bound):
            order = 0
        elif isinstance(value.value, datetime | time):
            order = 0 if value.value == bound.value else 1 if value.value > bound.value else -1
        else:
            order = 1 if value > bound else -1
    except (TypeError, NotImplementedError):
        return False
    return {">=": order >= 0, "<=": order <= 0, ">": order > 0, "<": order < 0}[operator]


class _DataNodes:
    """Data nodes as pyshacl prints and copies them, a blank node with its description from the store."""

    def __init__(self, store: ox.Store, data_graph: ox.NamedNode) -> None:
        self.store, self.data_graph = store, data_graph
        self.plain = Graph()  # the namespaces of pyshacl's view of the data graph: rdflib's defaults

    def text(self, node: Node) -> str:
        return stringify_node(self.describe(node, Graph()) if isinstance(node, BNode) else self.plain, node)

    def describe(self, node: BNode, into: Graph) -> Graph:
        """The triples about ``node``, and about the blank nodes they lead to."""
        todo, seen = [node], {node}
        while todo:
            subject = ox.BlankNode(todo.pop())
            for quad in self.store.quads_for_pattern(subject, None, None, self.data_graph):
                obj = _term(quad.object)
                into.add((_term(quad.subject), _term(quad.predicate), obj))
                if isinstance(obj, BNode) and obj not in seen:
                    seen.add(obj)
                    todo.append(obj)
        return into


def _term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        with warnings.catch_warnings():  # rdflib warns about lexical forms it cannot read
            warnings.simplefilter("ignore")
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def _report_graph(shapes: Graph, found: list[_Result], data: _DataNodes) -> Graph:
    """The W3C validation report, blank nodes copied with their descriptions, as pyshacl writes it."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        graph.namespace_manager.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not found)))
    for result in found:
        node, check = BNode(), result.check
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.sourceConstraintComponent, check.component))
        graph.add((node, SH.resultSeverity, check.severity))
        for predicate, term, source in (
            (SH.sourceShape, check.shape, shapes),
            (SH.resultPath, result.path, shapes),
            (SH.sourceConstraint, check.constraint, shapes),
            (SH.focusNode, result.focus, None),
            (SH.value, result.value, None),
        ):
            if term is not None:
                graph.add((node, predicate, term))
                if isinstance(term, BNode):
                    _copy_description(term, source, graph, data)
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def _copy_description(node: BNode, source: Graph | None, into: Graph, data: _DataNodes) -> None:
    if source is None:
        data.describe(node, into)
        return
    todo, seen = [node], {node}
    while todo:
        subject = todo.pop()
        for predicate, obj in source.predicate_objects(subject):
            into.add((subject, predicate, obj))
            if isinstance(obj, BNode) and obj not in seen:
                seen.add(obj)
                todo.append(obj)


_NAMESPACES = Graph(bind_namespaces="none").namespace_manager
for _prefix, _namespace in CURIE_PREFIXES.items():
    _NAMESPACES.bind(_prefix, _namespace, override=True, replace=True)


def _node_text(node: Node) -> str:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3(_NAMESPACES) if isinstance(node, Literal) else str(node)


def _message(messages: tuple[Literal, ...]) -> str:
    """The message validate.py picks: English first, else one without a language tag, else any."""
    for message in messages:
        if (message.language or "").lower().startswith("en"):
            return str(message)
    untagged = [m for m in messages if not m.language]
    chosen = untagged or list(messages)
    return str(chosen[0]) if chosen else ""


def _violation(shapes: Graph, result: _Result, origins: Origins) -> Violation:
    check, focus = result.check, result.focus
    shape = curie(str(check.shape)) if isinstance(check.shape, URIRef) else _node_text(check.shape)
    source_file, line = origins.get(str(focus), (None, None)) if isinstance(focus, URIRef) else (None, None)
    return Violation(
        focus=_node_text(focus),
        path=path_text(shapes, result.path) if result.path is not None else None,
        message=_message(result.messages),
        severity=_SEVERITIES.get(check.severity, "Violation") if isinstance(check.severity, URIRef) else "Violation",
        shape=shape,
        component=re.split(r"[#/]", str(check.component))[-1],
        value=_node_text(result.value) if result.value is not None else None,
        source_file=source_file,
        line=line,
    )
