"""A remote SPARQL engine answering what the embedded store answers: the endpoint's jobs and the pages' queries.

:class:`RemoteRunner` is the endpoint's :class:`~coopgraph.engine.processes.Runner`:
the query the guard let through is forwarded, the engine's answer parsed back
into Oxigraph's result objects and written by the same code as the embedded
store's (:mod:`coopgraph.engine.answer`), so clients get the same bytes, the
same row limit, and the standard form of whatever an engine answers its own way
(an ASK answered as one row). :class:`RemoteStore` is what the pages,
pictures and counts call instead of ``ox.Store``: ``query`` (SELECT, bindings
as a ``VALUES`` block) and ``quads_for_pattern`` (a SELECT over ``GRAPH ?g``).

The dataset: the protocol's graph parameters are passed on as they are; a
query that names none gets the published graphs as its default graph (their
union) and as its named graphs, unless the engine's default graph already is
that union (``engine_union_default_graph``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox
import requests
import urllib3

from coopgraph.engine.answer import Ready, prepare
from coopgraph.engine.guard import Refused, inspect_query
from coopgraph.engine.processes import Job, QueryTimeout, timed_out
from coopgraph.engine.query_child import CHUNK
from coopgraph.engine.remote import (
    GRAPH_ACCEPT,
    RESULTS_ACCEPT,
    Dataset,
    Deadline,
    EngineClient,
    EngineConfig,
    EngineError,
    EngineRefusal,
    Relabelled,
    media_type,
    parse_graph,
    parse_results,
    solutions_as_boolean,
)
from coopgraph.engine.sparql import QueryError, Term
from coopgraph.engine.syntax import POSITION, explain, structural
from coopgraph.engine.values import with_values, without_dataset

BROKEN = (OSError, ValueError, SyntaxError, RuntimeError, requests.RequestException, urllib3.exceptions.HTTPError)
"""What reading an answer raises when the engine breaks off (or the watchdog closes the connection)."""


def prologue(prefixes: Mapping[str, str] | None, base_iri: str | None = None) -> str:
    """``BASE`` and ``PREFIX`` declarations on one line, so the query's own lines keep their numbers but one."""
    parts = [f"BASE <{base_iri}>"] if base_iri else []
    parts += [f"PREFIX {name}: <{namespace}>" for name, namespace in (prefixes or {}).items()]
    return " ".join(parts) + "\n" if parts else ""


def syntax_message(query: str, refusal: EngineRefusal) -> str:
    """The engine's refusal in coopgraph's words: where it reports a position as Oxigraph does (``error at L:C``),
    counted in the query as the client wrote it (the prologue is one line more); else the mistake the query's
    tokens show; else what the engine said."""
    found = POSITION.match(refusal.said)
    if found is None or int(found.group(1)) < 2:
        problem = structural(query)
        return refusal.message if problem is None else problem.text()
    line, column = int(found.group(1)) - 1, int(found.group(2))
    return explain(query, f"error at {line}:{column}: {refusal.said[found.end() :]}").text()


class RemoteEngine:
    """One engine as a server process reaches it: the client, the published graphs, the deadline."""

    def __init__(self, config: EngineConfig, graphs: Sequence[str], timeout: float) -> None:
        self.client = EngineClient(config)
        self.graphs = tuple(graphs)
        self.timeout = timeout

    def whole_dataset(self) -> Dataset:
        """The published graphs, as default graph (their union) and named graphs."""
        if self.client.config.union_default_graph or not self.graphs:
            return Dataset()
        return Dataset(self.graphs, self.graphs)

    def close(self) -> None:
        self.client.close()


def _broken(deadline: Deadline, timeout: float) -> Refused | QueryTimeout:
    if deadline.passed():
        return timed_out(timeout)
    return EngineError(502, "the SPARQL engine broke off its answer; try again later")


class RemoteRunner:
    """The endpoint's jobs answered by the engine, each within its deadline: a :class:`Runner`."""

    def __init__(self, engine: RemoteEngine, prefixes: Mapping[str, str]) -> None:
        self.engine, self.prefixes = engine, dict(prefixes)

    def run(self, job: Job, timeout: float) -> Iterator[bytes]:
        """The answer's chunks; :class:`Refused`, :class:`EngineError` or :class:`QueryTimeout` before them."""
        form = inspect_query(job.query, 1 << 20).form
        graph = form in ("CONSTRUCT", "DESCRIBE")
        text = prologue(self.prefixes, job.base_iri) + job.query
        if job.default_graphs or job.named_graphs:
            dataset = Dataset(job.default_graphs, job.named_graphs)
            text = prologue(self.prefixes, job.base_iri) + without_dataset(job.query)
        else:
            dataset = self.engine.whole_dataset() if job.union_default_graph else Dataset()
        accept = GRAPH_ACCEPT if graph else RESULTS_ACCEPT
        try:
            with self.engine.client.query(text, accept, dataset, timeout) as (response, deadline):
                try:
                    ready = self._ready(response, job, form, graph)
                except BROKEN as error:
                    if isinstance(error, Refused | QueryTimeout):
                        raise
                    raise _broken(deadline, timeout) from None
        except EngineRefusal as refusal:
            raise Refused(400, syntax_message(job.query, refusal)) from None
        out = io.BytesIO()
        ready.write(out)
        body = out.getvalue()
        return iter([body[i : i + CHUNK] for i in range(0, len(body), CHUNK)] or [b""])

    @staticmethod
    def _ready(response: requests.Response, job: Job, form: str, graph: bool) -> Ready:
        if graph:
            return prepare(parse_graph(response), job.query, job.result_format, job.max_rows, truncate=job.truncate)
        result = parse_results(response)
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            return Ready(job.result_format, boolean=solutions_as_boolean(result))
        return prepare(
            result, job.query, job.result_format, job.max_rows, truncate=job.truncate, keep=job.substitutions
        )

    def close(self) -> None:
        self.engine.close()


class RemoteStore:
    """The calls the pages make on ``ox.Store``, answered by the engine (SELECT only)."""

    def __init__(self, engine: RemoteEngine) -> None:
        self.engine = engine

    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        substitutions: Mapping[ox.Variable, Term | ox.Triple] | None = None,
        **unsupported: Any,
    ) -> ox.QuerySolutions:
        """The solutions of a SELECT of coopgraph's own, ``substitutions`` bound as a ``VALUES`` block."""
        if unsupported:
            raise TypeError(f"a remote engine does not take {', '.join(sorted(unsupported))}")
        bindings: dict[str, Term] = {}
        for variable, term in (substitutions or {}).items():
            if isinstance(term, ox.Triple):
                raise QueryError(f"?{variable.value} is bound to a triple term, which is not sent to an engine")
            bindings[variable.value] = term
        text = prologue(prefixes) + with_values(query, bindings)
        dataset = self.engine.whole_dataset() if use_default_graph_as_union else Dataset((), self.engine.graphs)
        with self.engine.client.query(text, RESULTS_ACCEPT, dataset, self.engine.timeout) as (response, deadline):
            try:
                body = Relabelled(response.raw).read()
            except BROKEN:
                raise _broken(deadline, self.engine.timeout) from None
            kind = media_type(response)
        fmt = ox.QueryResultsFormat.from_media_type(kind)
        if fmt is None:
            raise EngineError(502, f"the engine answered in {kind or 'no media type'}, not SPARQL results")
        try:
            result = ox.parse_query_results(body, fmt)
        except SyntaxError as error:
            raise EngineError(502, f"the engine's answer could not be read: {error}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query: " + query.split("\n", 1)[0][:80])
        return result

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: Term | None,
        graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching the pattern in the published named graphs (the engine's default graph aside)."""
        bound = {"s": subject, "p": predicate, "o": object, "g": graph_name}
        if isinstance(graph_name, ox.DefaultGraph):
            return iter(())
        if any(isinstance(term, ox.BlankNode) for term in bound.values()):
            return iter(())  # a blank node of one answer cannot be named in the next query
        given = {ox.Variable(k): v for k, v in bound.items() if v is not None}
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions=given)  # type: ignore[arg-type]
        return (
            ox.Quad(subject or row["s"], predicate or row["p"], object or row["o"], graph_name or row["g"])
            for row in rows
        )
