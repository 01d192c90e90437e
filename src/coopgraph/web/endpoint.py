"""The SPARQL 1.1 Protocol at ``/sparql``: query by GET, POST form or POST direct, nothing else.

The view only translates HTTP into a :class:`~coopgraph.engine.processes.Job` and back:
which query and graphs (protocol parameters), which format (the ``format``
parameter, else the Accept header with its q-values), whether the client
already has the answer (ETag/Last-Modified tied to the build). Refusals come
from :mod:`coopgraph.engine.guard`, evaluation from :mod:`coopgraph.engine.processes`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_to_bytes

from flask import Blueprint, Response, render_template, request, stream_with_context
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from coopgraph.engine.guard import inspect_query
from coopgraph.engine.processes import Job
from coopgraph.engine.sparql import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
from coopgraph.web.errors import HTTPError
from coopgraph.web.negotiation import choose_format, reader_language, vary_by_language
from coopgraph.web.protocol import CORS, REVALIDATE, caching, etag_for, mimetype_header, repeat_key
from coopgraph.web.published import CachedAnswer
from coopgraph.web.published import current as published
from coopgraph.web.replay import MARK as REPLAY_MARK
from coopgraph.web.service import service_description

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    formats: tuple[str, ...] = ()


def _strict_utf8_args(raw: bytes) -> None:
    """Refuse a query string whose percent-escapes are not UTF-8 (Werkzeug would silently replace them)."""
    for part in raw.split(b"&"):
        try:
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPError(400, "the query string is not valid UTF-8") from None


def _body(limit: int) -> bytes:
    """The request body, read with an explicit bound: a chunked body has no length to check up front."""
    length = request.content_length
    if length is not None and length > limit:
        raise HTTPError(413, f"the request body is larger than {limit} bytes")
    stream = request.environ["wsgi.input"]
    data = bytes(stream.read(length) if length is not None else stream.read(limit + 1))
    if len(data) > limit:
        raise HTTPError(413, f"the request body is larger than {limit} bytes")
    return data


def parse_protocol_request() -> ProtocolRequest:
    """The query and dataset of a protocol request, or the 4xx it deserves."""
    settings = published().settings
    if len(request.query_string) > settings.max_request_bytes:
        raise HTTPError(413, f"the query string is longer than {settings.max_request_bytes} bytes")
    _strict_utf8_args(request.query_string)
    params = request.args
    query_values = params.getlist("query")
    if "update" in params:
        raise HTTPError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == UPDATE:
            raise HTTPError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        body = _body(settings.max_request_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPError(400, "the request body is not valid UTF-8") from None
        if mimetype == FORM:
            _strict_utf8_args(body)
            form = MultiDict(parse_qsl(text, keep_blank_values=True))
            if "update" in form:
                raise HTTPError(403, "this endpoint is read-only: SPARQL Update is not accepted")
            query_values = query_values + form.getlist("query")
            params = CombinedMultiDict([request.args, form])
        elif mimetype == DIRECT:
            if query_values:
                raise HTTPError(400, "a direct POST carries the query in its body, not in a 'query' parameter")
            query_values = [text]
        else:
            shown = mimetype or "none"
            raise HTTPError(415, f"POST needs Content-Type {FORM} or {DIRECT} (got {shown})")
    if len(query_values) > 1:
        raise HTTPError(400, f"exactly one 'query' parameter is allowed (got {len(query_values)})")
    default_graphs = tuple(params.getlist("default-graph-uri"))
    named_graphs = tuple(params.getlist("named-graph-uri"))
    for iri in default_graphs + named_graphs:
        if not iri or any(c in iri for c in '<>" {}|\\^`') or ":" not in iri:
            raise HTTPError(400, f"graph parameter {iri!r} is not an absolute IRI")
    return ProtocolRequest(
        query_values[0] if query_values else None, default_graphs, named_graphs, tuple(params.getlist("format"))
    )


def not_modified(etag: str) -> bool:
    """Whether the client's If-None-Match (or If-Modified-Since) already covers this representation."""
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and published().modified.replace(microsecond=0) <= since


def conditional(response: Response, etag: str) -> Response:
    """``response`` with the ETag, the build's Last-Modified and revalidation caching headers."""
    response.set_etag(etag)
    response.last_modified = published().modified
    response.headers["Cache-Control"] = REVALIDATE
    return response


def _repeat_key(base_url: str) -> str | None:
    if request.method != "GET" or not request.query_string:
        return None
    return repeat_key(published().build_id, request.query_string, request.headers.get("Accept", ""), base_url)


def _answer_from(cached: CachedAnswer) -> Response:
    if not_modified(cached.etag):
        return conditional(Response(status=304), cached.etag)
    return conditional(Response(cached.body, content_type=cached.mimetype), cached.etag)


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    site = published()
    base_url = request.base_url  # Werkzeug works it out again at each use
    repeat = _repeat_key(base_url)
    if repeat is not None and (known := site.cache.get(repeat)) is not None:
        request.environ[REPLAY_MARK] = True  # the front may send this answer again itself (web/replay.py)
        return _answer_from(known)
    protocol = parse_protocol_request()
    if protocol.query is None:
        if request.method == "POST":
            raise HTTPError(400, "the request has no 'query' parameter")
        return _service_description_or_editor()
    if request.method == "GET" and not protocol.formats and _prefers_page([*RESULT_MEDIA_TYPES, *GRAPH_MEDIA_TYPES]):
        return _editor(protocol.query)  # a link followed in a browser, as with Fuseki's and YASGUI's links
    info = inspect_query(protocol.query, site.settings.max_query_depth)
    offers = GRAPH_MEDIA_TYPES if info.returns_graph else RESULT_MEDIA_TYPES
    fmt = choose_format(offers, info.form, list(protocol.formats))
    etag = etag_for(site.build_id, protocol.query, protocol.default_graphs, protocol.named_graphs, fmt)
    mimetype = mimetype_header(fmt)
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    cached = site.cache.get(etag)
    if cached is not None:
        if repeat is not None:
            site.cache.put(repeat, cached)
        return _answer_from(cached)
    names_dataset = bool(protocol.default_graphs or protocol.named_graphs) or info.declares_dataset
    job = Job(
        protocol.query,
        fmt,
        site.settings.max_rows,
        protocol.default_graphs,
        protocol.named_graphs,
        union_default_graph=not names_dataset,
        base_iri=base_url,
        row_cap=info.row_cap(site.settings.max_rows),
    )
    chunks = _first_chunk_checked(site.pool.run(job, site.settings.query_timeout))
    body = caching(chunks, site.cache, etag, mimetype, [key for key in (etag, repeat) if key is not None])
    if request.method == "HEAD":
        for _ in body:
            pass
        return conditional(Response(b"", content_type=mimetype), etag)
    return conditional(Response(stream_with_context(body), content_type=mimetype), etag)


def _first_chunk_checked(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The answer's chunks, the first already read: a failure before the first byte is still a status of ours.

    Once the status line is sent, the HTTP server can only cut the answer off;
    before it, a failure becomes the protocol's plain-text error rather than the
    server's own HTML page.
    """
    try:
        first = next(chunks, b"")
    except RuntimeError as error:
        raise HTTPError(500, f"the answer could not be written: {error}") from None
    return itertools.chain([first], chunks)


def _prefers_page(offers: list[str]) -> bool:
    """Whether the client prefers HTML to every one of ``offers``: HTML is offered last, so ``*/*`` does not."""
    if "html" not in request.headers.get("Accept", ""):
        return False  # the usual client: no need to weigh every offer against its q-values
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match([*offers, "text/html"]) == "text/html"


def _editor(linked_query: str | None = None) -> Response:
    from coopgraph.web.editor import editor_context

    site = published()
    public = site.settings.public_base_url
    endpoint = public.rstrip("/") + request.path if public else request.base_url
    context = editor_context(
        endpoint,
        site.queries.values(),
        site.prefixes,
        site.dataset_base,
        site.public_base(request.host_url),
        site.home,
        linked_query,
        reader_language(),
    )
    return vary_by_language(Response(render_template("editor.html", **context), mimetype="text/html"))


def _service_description_or_editor() -> Response:
    site = published()
    wanted = request.args.getlist("format")
    if not wanted and _prefers_page(list(GRAPH_MEDIA_TYPES)):
        return _editor()
    fmt = choose_format(GRAPH_MEDIA_TYPES, "the service description", wanted)
    etag = etag_for(site.build_id, "service-description", request.base_url, fmt)
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    body = service_description(site, request.base_url, fmt)
    return conditional(Response(body, content_type=mimetype_header(fmt)), etag)


@blueprint.after_app_request
def cors_and_vary(response: Response) -> Response:
    """Every answer may be read from any origin, and varies with Accept (and Accept-Language where it counts)."""
    for name, value in CORS:
        response.headers[name] = value
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    response.vary.add("Accept")
    return vary_by_language(response)
