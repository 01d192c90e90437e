"""Cached ``/sparql`` answers sent again from the worker's event loop, with no request thread and no Flask.

Answering a cache hit through gunicorn's parser, the WSGI environ, a request
thread and Flask's request context costs far more than finding the answer
(a dictionary look-up): cached lookups ran at a fifth of the Oxigraph
server's rate. So once the endpoint has answered a plain GET from its cache,
the whole response (status, headers and body as the application sent them)
is kept in the build's response cache under a key of the raw request, and
the front (:mod:`coopgraph.web.front`) sends it straight back to the next
identical request, with a fresh ``Date``.

Only requests whose answer cannot depend on anything outside the key are
replayed: GET over HTTP/1.1, keep-alive, the target, ``Host`` and ``Accept``,
and no other header than the few listed in :data:`HEADERS` (so no
conditional request, no forwarding headers, no body). Any other request takes
the ordinary way, as does every request when the response cache is off.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any, Protocol

from coopgraph.web.published import ENVIRON_KEY, CachedAnswer, Published

HEADERS = frozenset({b"host", b"accept", b"user-agent", b"accept-encoding", b"connection"})
"""The request headers a replayed answer may have met: none of them but Host and Accept changes the answer."""
PATH = b"/sparql?"
MAX_BYTES = 16 * 1024
"""Answers up to this size are replayed: the socket's send buffer takes them in one non-blocking send."""
EXTENSION = "coopgraph.replay"
"""Where the application keeps :func:`replayed`, bound to what it serves, for the front to call."""
MARK = "coopgraph.replayable"
"""Set in the WSGI environ by a view whose answer came whole from the response cache."""

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Serving(Protocol):
    """What the replay needs of :class:`coopgraph.web.live.Live`: the build a request arriving now gets."""

    def latest(self) -> Published: ...


@dataclass(frozen=True)
class Asked:
    """A replayable request, reduced to what its answer depends on."""

    target: bytes
    host: bytes
    accept: bytes

    def key(self, build_id: str) -> str:
        digest = hashlib.sha256(b"\x1f".join([build_id.encode(), self.target, self.host, self.accept]))
        return "wire:" + digest.hexdigest()[:32]


def asked_in(head: bytes) -> Asked | None:
    """The replayable request that ``head`` (a request line and headers ending in a blank line) is, or None."""
    if not head.endswith(b"\r\n\r\n") or head.count(b"\r\n\r\n") != 1:
        return None  # a body, or a second request behind this one
    line, *fields = head[:-4].split(b"\r\n")
    parts = line.split(b" ")
    if len(parts) != 3 or parts[0] != b"GET" or parts[2] != b"HTTP/1.1" or not parts[1].startswith(PATH):
        return None
    values: dict[bytes, bytes] = {}
    for field in fields:
        name, colon, value = field.partition(b":")
        name = name.lower()
        if not colon or name not in HEADERS or name in values:
            return None
        values[name] = value.strip(b" \t")
    if b"host" not in values or values.get(b"connection", b"keep-alive").lower() != b"keep-alive":
        return None
    return Asked(parts[1], values[b"host"], values.get(b"accept", b""))


def asked_by(environ: dict[str, Any]) -> Asked | None:
    """The replayable request as the WSGI server saw it, or None: the same rules as :func:`asked_in`."""
    names = {key[5:].lower().replace("_", "-").encode() for key in environ if key.startswith("HTTP_")}
    if (
        environ.get("REQUEST_METHOD") != "GET"
        or environ.get("SERVER_PROTOCOL") != "HTTP/1.1"
        or environ.get("wsgi.url_scheme") != "http"
        or environ.get("CONTENT_LENGTH")
        or environ.get("CONTENT_TYPE")
        or not names <= HEADERS
        or "HTTP_HOST" not in environ
        or environ.get("HTTP_CONNECTION", "keep-alive").lower() != "keep-alive"
    ):
        return None
    target = str(environ.get("RAW_URI", "")).encode("latin-1")
    if not target.startswith(PATH):
        return None
    return Asked(target, environ["HTTP_HOST"].encode("latin-1"), environ.get("HTTP_ACCEPT", "").encode("latin-1"))


def recording(app: WSGIApp) -> WSGIApp:
    """``app``, keeping each marked answer (see :data:`MARK`) whole for the front to replay."""

    def recorded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        sent: list[tuple[str, list[tuple[str, str]]]] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent.append((status, headers))
            return start_response(status, headers, exc_info)

        body = app(environ, capture)
        asked = asked_by(environ) if environ.get(MARK) else None
        published = environ.get(ENVIRON_KEY)
        if asked is None or not isinstance(published, Published) or not sent or not sent[0][0].startswith("200 "):
            return body
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        remember(published, asked, sent[0][1], data)
        return [data]

    return recorded


def remember(published: Published, asked: Asked, headers: list[tuple[str, str]], body: bytes) -> None:
    """Keep a 200 answer to ``asked`` (the application's headers and its body) for the front to send again."""
    if len(body) <= MAX_BYTES:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers).encode("latin-1")
        published.cache.put(asked.key(published.build_id), CachedAnswer("", "", head + b"\r\n" + body))


class _Clock:
    """The ``Date`` header, formatted once a second."""

    second = -1
    line = b""

    def date_line(self) -> bytes:
        now = int(time.time())
        if now != self.second:
            self.second, self.line = now, f"Date: {formatdate(now, usegmt=True)}\r\n".encode()
        return self.line


_clock = _Clock()


def response_start(status: str) -> bytes:
    """A keep-alive response's status line and the headers gunicorn puts before the application's."""
    return f"HTTP/1.1 {status}\r\nServer: gunicorn\r\n".encode() + _clock.date_line() + b"Connection: keep-alive\r\n"


def replayed(serving: Serving, head: bytes) -> bytes | None:
    """The whole response to send for the request in ``head``, when the endpoint answered it from its cache before."""
    asked = asked_in(head)
    if asked is None:
        return None
    published = serving.latest()
    if published.cache.entries <= 0:
        return None
    found = published.cache.get(asked.key(published.build_id))
    if found is None:
        return None
    return response_start("200 OK") + found.body
