"""``GET /api/queries/{name}``: a canned query as a web API operation.

The view turns query parameters into typed terms (the header's types) and runs
the query through the same pool as ``/sparql``: the same deadline (503), the
same row cap, the same build-tied ETags and response cache. The terms open the
WHERE block as a ``VALUES`` line written from the terms themselves (as the
editor's ``?home``), so the engine starts from them: Oxigraph applies
substitutions to the answer, not before the patterns, which at a million
triples costs 440 ms instead of 6 for partners-by-country (bench/api_bench.py).
A parameter the query assigns itself (``BIND … AS ?decade``) is substituted. The answer is plain
JSON rows by default, CSV by ``Accept: text/csv`` or a ``.csv`` suffix, and SPARQL
results JSON or XML by their media types.
"""

from __future__ import annotations

from flask import Response, request, stream_with_context

from coopgraph.engine.canned import HOME, CannedQuery
from coopgraph.engine.parameters import ParameterError
from coopgraph.engine.processes import Job
from coopgraph.engine.sparql import Term
from coopgraph.engine.values import with_values
from coopgraph.web.api.allowed import allowed_values
from coopgraph.web.api.base import blueprint
from coopgraph.web.endpoint import _first_chunk_checked, _strict_utf8_args, conditional, not_modified
from coopgraph.web.errors import HTTPError
from coopgraph.web.problems import problem
from coopgraph.web.protocol import caching, etag_for
from coopgraph.web.published import CachedAnswer
from coopgraph.web.published import current as published

ROWS = "rows"
OFFERS: dict[str, str] = {
    "application/json": ROWS,
    "text/csv": "csv",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
}
"""The media types an operation answers in, the default first."""
MEDIA_TYPES: dict[str, str] = {
    ROWS: "application/json",
    "csv": "text/csv; charset=utf-8",
    "json": "application/sparql-results+json; charset=utf-8",
    "xml": "application/sparql-results+xml; charset=utf-8",
}


@blueprint.errorhandler(ParameterError)
def bad_parameter(error: ParameterError) -> Response:
    return problem(400, str(error), parameter=error.parameter, expected=error.expected)


def answer_format(suffix: str | None) -> str:
    """The format a request asks for: the suffix, else the Accept header (q-values count), else JSON rows."""
    if suffix is not None:
        return suffix
    accept = request.accept_mimetypes
    if not accept:
        return ROWS
    best = accept.best_match(list(OFFERS))
    if best is None:
        raise HTTPError(406, f"this operation answers in {', '.join(OFFERS)}; the request accepts none of them")
    return OFFERS[best]


def query_bindings(query: CannedQuery) -> dict[str, Term]:
    """The request's parameters as typed terms, each one given once; ``home`` from the project when not given."""
    _strict_utf8_args(request.query_string)
    values: dict[str, str] = {}
    for name, given in request.args.lists():
        if len(given) > 1:
            raise ParameterError(
                name, "one value", message=f"parameter {name} is given {len(given)} times; give it once"
            )
        values[name] = given[0]
    site = published()
    bindings = query.bindings(values, {HOME: site.home})
    for parameter in query.parameters:
        allowed = allowed_values(site, parameter) if parameter.name in values else None
        if allowed is not None and values[parameter.name] not in allowed:
            expected = f"{parameter.type.expected}: one of the {len(allowed)} in the data"
            raise ParameterError(parameter.name, expected, values[parameter.name])
    return bindings


@blueprint.route("/api/queries/<name>", methods=["GET", "HEAD"])
def run_query(name: str) -> Response:
    site = published()
    suffix = None
    if name.endswith(".csv"):
        name, suffix = name[: -len(".csv")], "csv"
    query = site.queries.get(name)
    if query is None:
        raise HTTPError(404, f"there is no query {name!r}; /api/openapi.json lists them")
    fmt = answer_format(suffix)
    bindings = query_bindings(query)
    etag = etag_for(site.build_id, "api", name, sorted((k, str(v)) for k, v in bindings.items()), fmt)
    mimetype = MEDIA_TYPES[fmt]
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    cached = site.cache.get(etag)
    if cached is not None:
        return _answer_from(cached)
    early = {name: term for name, term in sorted(bindings.items()) if not query.assigns(name)}
    late = tuple((name, term) for name, term in sorted(bindings.items()) if name not in early)
    job = Job(
        with_values(query.text, early),
        fmt,
        site.settings.max_rows,
        substitutions=late,
        truncate=fmt == ROWS,
        base_iri=request.base_url,
    )
    chunks = _first_chunk_checked(site.pool.run(job, site.settings.query_timeout))
    body = caching(chunks, site.cache, etag, mimetype, [etag])
    if request.method == "HEAD":
        for _ in body:
            pass
        return conditional(Response(b"", content_type=mimetype), etag)
    response = Response(stream_with_context(body), content_type=mimetype)
    return conditional(response, etag)


def _answer_from(cached: CachedAnswer) -> Response:
    return conditional(Response(cached.body, content_type=cached.mimetype), cached.etag)
