"""Plain ``/sparql`` GETs answered on a request thread straight from the request's bytes, without Flask.

Uncached lookups ran at under a tenth of the Oxigraph server's rate, and the
worker, not the query, was the cost: sampled with py-spy, most of a worker's
time on such a request went to gunicorn's parser, the WSGI environ, Flask's
request context, routing and response objects. A SPARQL client's usual request
is plain: GET, one ``query`` parameter, one media type in Accept. The front
(:mod:`coopgraph.web.front`) gives such a request to :func:`answered`, which
makes the same checks as the view (:mod:`coopgraph.web.endpoint`), runs the
query on the same pool, keeps the answer in the same cache, and writes the
same response, header for header: the headers come from
:mod:`coopgraph.web.protocol`, and the tests send each request both ways and
compare.

Anything else returns None and takes the view, which stays the reference: a
``format`` or graph parameter, an Accept header with several types or
q-values, a conditional request (its headers are not among those
:func:`coopgraph.web.replay.asked_in` lets through), a browser that wants
the editor, and a query refused before it runs (the view says why).
"""

from __future__ import annotations

import itertools
import logging
import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote_to_bytes

from werkzeug.http import HTTP_STATUS_CODES

from coopgraph.engine.guard import QueryInfo, Refused, inspect_query
from coopgraph.engine.processes import Job, QueryTimeout
from coopgraph.engine.sparql import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
from coopgraph.settings import Settings
from coopgraph.web.errors import plain_text
from coopgraph.web.protocol import CORS, answer_headers, caching, etag_for, mimetype_header, repeat_key
from coopgraph.web.published import CachedAnswer, Published
from coopgraph.web.replay import PATH, Asked, asked_in, remember, response_start

log = logging.getLogger(__name__)

EXTENSION = "coopgraph.direct"
"""Where the application keeps :func:`answered`, bound to what it serves, for the front to call."""
QUERY = b"query="
_HOST = re.compile(rb"[A-Za-z0-9.-]+(?::[0-9]{1,5})?")
"""A Host the view would turn into the same base IRI: a name or IPv4 address and a port, nothing to escape."""


class Serving(Protocol):
    """What the direct path needs of :class:`coopgraph.web.live.Live`."""

    def latest(self) -> Published: ...

    def holding(self) -> AbstractContextManager[Published]: ...


@dataclass(frozen=True)
class Plain:
    """A plain query request, made out as the view would make it out."""

    asked: Asked
    query: str
    fmt: str
    info: QueryInfo
    base_url: str

    @property
    def query_string(self) -> bytes:
        return self.asked.target[len(PATH) :]


def plain_request(head: bytes, settings: Settings) -> Plain | None:
    """The plain query request ``head`` is, or None when the view must answer it."""
    asked = asked_in(head)
    if asked is None or not _HOST.fullmatch(asked.host) or os.environ.get("SCRIPT_NAME"):
        return None
    raw = asked.target[len(PATH) :]
    if not raw.startswith(QUERY) or b"&" in raw or len(raw) > settings.max_request_bytes:
        return None
    try:
        query = unquote_to_bytes(raw[len(QUERY) :].replace(b"+", b" ")).decode("utf-8")
        info = inspect_query(query, settings.max_query_depth)
    except (UnicodeDecodeError, Refused):
        return None
    offers = GRAPH_MEDIA_TYPES if info.returns_graph else RESULT_MEDIA_TYPES
    fmt = offers.get(asked.accept.decode("latin-1"))
    if fmt is None:
        return None
    host = asked.host.decode("ascii").removesuffix(":80")  # as Werkzeug drops the scheme's default port
    return Plain(asked, query, fmt, info, f"http://{host}/sparql")


def answered(serving: Serving, head: bytes) -> Iterator[bytes] | None:
    """The response to the request in ``head``, in pieces to send, or None when the view must answer it.

    The pieces hold the build the request arrived on until they are closed.
    An exception while they are read means the answer was cut off after its
    status was sent: the connection must be closed.
    """
    plain = plain_request(head, serving.latest().settings)
    return None if plain is None else _responding(serving, plain)


def _responding(serving: Serving, plain: Plain) -> Iterator[bytes]:
    with serving.holding() as site:
        etag = etag_for(site.build_id, plain.query, (), (), plain.fmt)
        mimetype = mimetype_header(plain.fmt)
        repeat = repeat_key(site.build_id, plain.query_string, plain.asked.accept.decode("latin-1"), plain.base_url)
        if site.cache.entries > 0:
            known = site.cache.get(repeat)
            if known is not None:
                yield _whole(site, known, plain.asked)
                return
            cached = site.cache.get(etag)
            if cached is not None:
                site.cache.put(repeat, cached)
                yield _whole(site, cached, None)
                return
        job = Job(
            plain.query,
            plain.fmt,
            site.settings.max_rows,
            union_default_graph=not plain.info.declares_dataset,
            base_iri=plain.base_url,
            row_cap=plain.info.row_cap(site.settings.max_rows),
        )
        try:
            chunks, first = _begun(site, job)
        except Exception as error:  # each becomes the status the view's handlers give it
            yield _failed(error)
            return
        headers = answer_headers(site, etag, mimetype, None)
        yield response_start("200 OK") + b"Transfer-Encoding: chunked\r\n" + _lines(headers)
        try:
            for chunk in caching(itertools.chain([first], chunks), site.cache, etag, mimetype, [etag, repeat]):
                if chunk:
                    yield b"%X\r\n%s\r\n" % (len(chunk), chunk)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # an answer left unread (the client hung up) is drained or its query killed
        yield b"0\r\n\r\n"


class _Unwritten(Exception):
    """The answer failed before its first byte: the view's 500 'could not be written'."""


def _begun(site: Published, job: Job) -> tuple[Iterator[bytes], bytes]:
    """The answer's chunks and the first of them, read before the status is sent, as the view reads it."""
    chunks = site.pool.run(job, site.settings.query_timeout)
    try:
        return chunks, next(chunks, b"")
    except RuntimeError as error:
        raise _Unwritten(str(error)) from None


def _failed(error: Exception) -> bytes:
    """The error response the view's handlers (:mod:`coopgraph.web.errors`) give ``error``."""
    if isinstance(error, Refused):
        return _error(error.status, error.message)
    if isinstance(error, QueryTimeout):
        return _error(503, str(error), [("Retry-After", "60")])
    if isinstance(error, _Unwritten):
        return _error(500, f"the answer could not be written: {error}")
    log.error("unexpected error on a direct GET /sparql", exc_info=error)
    return _error(500, "an unexpected error occurred; it has been logged")


def _whole(site: Published, answer: CachedAnswer, replayable: Asked | None) -> bytes:
    """A cached answer, as the view sends one; kept for the front to replay when the view would mark it so."""
    headers = answer_headers(site, answer.etag, answer.mimetype, len(answer.body))
    if replayable is not None:
        remember(site, replayable, headers, answer.body)
    return response_start("200 OK") + _lines(headers) + answer.body


def _error(status: int, message: str, extra: list[tuple[str, str]] | None = None) -> bytes:
    """The protocol view's plain-text error, with the headers its error handler gives it."""
    body = plain_text(status, message).encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *(extra or []),
        *CORS,
        ("Vary", "Accept"),
    ]
    return response_start(f"{status} {HTTP_STATUS_CODES[status].upper()}") + _lines(headers) + body


def _lines(headers: list[tuple[str, str]]) -> bytes:
    return "".join(f"{name}: {value}\r\n" for name, value in headers).encode("latin-1") + b"\r\n"
