"""Run SPARQL over a built store and write the results in the standard formats.

The engine sits behind :class:`Engine` so that a remote SPARQL store can later
answer the same calls when data outgrows one machine.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Protocol

import pyoxigraph as ox

from coopgraph.engine.syntax import explain
from coopgraph.namespaces import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""SELECT/ASK result formats, by the names the CLI and the ``format`` parameter use."""

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
}
"""CONSTRUCT/DESCRIBE result formats."""

RESULT_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
"""Media types a SELECT/ASK answer is offered in: the default first, generic aliases last (``text/*`` is CSV)."""

GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-triples": "ntriples",
    "application/n-quads": "nquads",
}
"""Media types a CONSTRUCT/DESCRIBE answer is offered in, the default first."""

MEDIA_TYPE_OF: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    **{name: media for media, name in GRAPH_MEDIA_TYPES.items()},
}
"""The media type each format is answered with."""


class QueryError(ValueError):
    """A query that cannot be run: bad syntax (with its position) or a bad parameter."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.line, self.column = line, column
        super().__init__(message)


class Engine(Protocol):
    """What coopgraph needs of a SPARQL engine."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result: ...


class OxigraphEngine:
    """Queries answered by Oxigraph over the published graphs (their union is the default graph)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result:
        substitutions: dict[ox.Variable, Term | ox.Triple] = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self.store.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except SyntaxError as error:
            problem = explain(sparql, str(error))
            raise QueryError(problem.text(), problem.line, problem.column) from None
        except RuntimeError as error:
            raise QueryError(str(error)) from None


def select(
    store: ox.Store,
    sparql: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    union: bool = True,
) -> ox.QuerySolutions:
    """The solutions of a SELECT of coopgraph's own over ``store`` (the union of its graphs as the default
    graph, coopgraph's prefixes declared), with ``bindings`` as typed substitutions, never pasted text."""
    substitutions: dict[ox.Variable, Term | ox.Triple] = {ox.Variable(k): v for k, v in (bindings or {}).items()}
    result = store.query(
        sparql, prefixes=PREFIXES, use_default_graph_as_union=union, substitutions=substitutions or None
    )
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("not a SELECT query: " + sparql.split("\n", 1)[0][:80])
    return result


def serialize(result: Result, fmt: str) -> bytes:
    """Results as bytes in a named format (``json``… for solutions, ``turtle``… for graphs)."""
    out = io.BytesIO()
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"format {fmt!r} is not a graph format; use one of {', '.join(GRAPH_FORMATS)}")
        result.serialize(out, GRAPH_FORMATS[fmt])
    else:
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"format {fmt!r} is not a results format; use one of {', '.join(RESULT_FORMATS)}")
        result.serialize(out, RESULT_FORMATS[fmt])
    return out.getvalue()


def term_text(term: Term | None) -> str:
    """A short human rendering of a term: the IRI, or the literal's lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        value = term.value
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace) and value != namespace:
                return f"{prefix}:{value[len(namespace) :]}"
        return value
    return f"_:{term.value}"


def rows(result: ox.QuerySolutions) -> tuple[list[str], list[list[Term | None]]]:
    """Variable names and rows of a SELECT result (consumes it)."""
    names = [v.value for v in result.variables]
    return names, [[solution[name] for name in names] for solution in result]
