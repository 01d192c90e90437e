"""The server's front: whole requests gathered on the worker's event loop before a request thread takes them.

gunicorn's gthread worker gives a connection to a request thread as soon as its
first bytes arrive; a client that then stalls mid-header, or announces a body
and trickles it, holds that thread until it gives up, and forty such clients
hold them all. Here the worker's own selector loop reads every request whole
(headers, then the body as :mod:`coopgraph.web.framing` frames it) without
blocking, so only complete requests reach the threads. A request not whole
within ``request_timeout`` seconds is answered 408 and closed.

A body announced over ``max_request_bytes`` is answered 413 at once, then read
and thrown away (up to a bound) before the connection closes, as nginx's
lingering close does: a client that sends its whole body before reading, such
as Python's ``http.client`` and so SPARQLWrapper, then reads the 413 instead of
meeting a reset connection.
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import time
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from typing import Any

from gunicorn import http
from gunicorn.workers.gthread import ThreadWorker

from coopgraph.web.direct import EXTENSION as DIRECT
from coopgraph.web.errors import plain_text
from coopgraph.web.framing import Framing, frame
from coopgraph.web.replay import EXTENSION as REPLAY

log = logging.getLogger(__name__)

HEADROOM = 65536
"""Bytes allowed for the request line and headers beyond ``max_request_bytes`` (which caps query strings)."""
DISCARD_FACTOR = 4
"""A refused body is read and dropped up to this many times the limit (at least 1 MB), then the connection is cut."""
SEND_TIMEOUT = 1.0
"""Seconds a replayed answer the send buffer did not take at once may take to go out before the connection is cut."""


@dataclass(eq=False)
class _Gathering:
    """A connection whose request is still arriving (or, once refused, being drained)."""

    conn: Any
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    discarding: int = -1
    """Bytes thrown away after a 413; -1 while the request is still being gathered."""
    continued: bool = False
    """Whether the client, which asked to (``Expect: 100-continue``), was told to send its body."""


def plain_response(status: int, message: str) -> bytes:
    """A complete ``Connection: close`` response in the protocol view's plain-text form."""
    phrase = HTTPStatus(status).phrase
    body = plain_text(status, message).encode()
    head = (
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


class GatheringWorker(ThreadWorker):  # type: ignore[misc]
    """gthread with requests gathered whole on the event loop (limits set by :func:`gathering_worker`)."""

    body_limit = 1_000_000
    request_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gathering: dict[Any, _Gathering] = {}
        self.busy = 0
        """Requests a request thread has taken and not finished."""

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        """Accept new connections only while a request thread is free.

        gunicorn accepts up to ``worker_connections`` whatever its threads are
        doing, so a worker whose threads all run heavy queries took new
        connections too, and their light requests waited for a heavy one to end
        (seconds) while the other worker had threads free. Leaving them in the
        listening socket's backlog lets a worker with a free thread take them.
        """
        if self.alive:
            wanted = self.busy < self.cfg.threads and self.nr_conns < self.worker_connections
            if wanted != self._accepting:
                self.set_accept_enabled(wanted)
        super().wait_for_and_dispatch_events(timeout)

    def finish_request(self, conn: Any, fs: Any) -> None:
        self.busy -= 1
        super().finish_request(conn, fs)

    def enqueue_req(self, conn: Any) -> None:
        """Gather the connection's next request first, starting from any bytes of it gunicorn's parser holds.

        Every request is gathered, a kept-alive connection's next one too, and
        a pipelined request read along with the one before it.
        """
        early = b""
        if conn.parser is not None:
            buffer = conn.parser.unreader.buf
            early = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        conn.sock.setblocking(False)
        gathering = _Gathering(conn, time.monotonic() + self.request_timeout)
        self.gathering[conn] = gathering
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, gathering))
        if early:
            self._arrived(gathering, early)

    def _readable(self, gathering: _Gathering, sock: socket.socket) -> None:
        try:
            chunk = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(gathering)
            return
        if gathering.discarding >= 0:
            gathering.discarding += len(chunk)
            if gathering.discarding > max(DISCARD_FACTOR * self.body_limit, 1 << 20):
                self._drop(gathering)
            return
        self._arrived(gathering, chunk)

    def _arrived(self, gathering: _Gathering, chunk: bytes) -> None:
        if not gathering.data:
            gathering.deadline = time.monotonic() + self.request_timeout
        gathering.data += chunk
        framed = frame(bytes(gathering.data), self.body_limit)
        if framed.framing is Framing.WHOLE:
            if not self._replay(gathering):
                self._hand_over(gathering)
        elif framed.framing is Framing.TOO_LARGE:
            self._refuse(gathering, "the request body is larger than {limit} bytes")
        elif not framed.headers_done and len(gathering.data) > self.body_limit + HEADROOM:
            self._refuse(gathering, "the request line and headers are longer than {limit} bytes")
        elif framed.headers_done and not gathering.continued:
            gathering.continued = True
            if b"100-continue" in bytes(gathering.data).lower():
                self._send(gathering, b"HTTP/1.1 100 Continue\r\n\r\n")

    def _hand_over(self, gathering: _Gathering) -> None:
        """The whole request to a request thread."""
        conn = gathering.conn
        self._forget(gathering)
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.data_ready = True
        self.busy += 1
        done = self.tpool.submit(self._answer, conn, bytes(gathering.data))
        done.add_done_callback(lambda future: self.method_queue.defer(self.finish_request, conn, future))

    def _answer(self, conn: Any, data: bytes) -> Any:
        """On a request thread: the direct path's answer (:mod:`coopgraph.web.direct`), else gunicorn's and Flask's.

        Whether the connection is kept alive, as gunicorn's ``handle`` says.
        """
        direct = self._extension(DIRECT)
        keeping = self.alive and self.cfg.keepalive and len(self.keepalived_conns) < self.max_keepalived
        response = direct(data) if direct is not None and keeping else None
        if response is None:
            unreader = conn.parser.unreader
            unreader.buf.seek(0, 2)
            unreader.buf.write(data)  # where gunicorn's parser reads first
            return self.handle(conn)
        sock = conn.sock
        try:
            sock.settimeout(self.request_timeout)
            for piece in response:
                sock.sendall(piece)
        except OSError as error:
            log.debug("the client left before its answer was sent: %s", error)
            return False
        except Exception as error:  # after the status was sent, the answer can only be cut off
            log.warning("an answer to GET /sparql was cut off: %s", error)
            return False
        finally:
            response.close()
        return True

    def _extension(self, name: str) -> Any:
        extensions = getattr(self.wsgi, "extensions", None)
        return extensions.get(name) if isinstance(extensions, dict) else None

    def _replay(self, gathering: _Gathering) -> bool:
        """Answer a request the endpoint answered from its cache before, from here, and wait for the next one.

        See :mod:`coopgraph.web.replay`: no request thread, no Flask. The
        connection stays with this loop, idle for at most gunicorn's keep-alive.
        """
        replay = self._extension(REPLAY)
        response = replay(bytes(gathering.data)) if replay is not None else None
        if response is None:
            return False
        sock = gathering.conn.sock
        try:
            sent = sock.send(response)
            if sent < len(response):
                sock.settimeout(SEND_TIMEOUT)
                sock.sendall(response[sent:])
                sock.setblocking(False)
        except OSError:
            self._drop(gathering)
            return True
        gathering.data.clear()
        gathering.continued = False
        gathering.deadline = time.monotonic() + self.cfg.keepalive
        return True

    def _refuse(self, gathering: _Gathering, message: str) -> None:
        """413 now; what the client goes on sending is read and dropped until it stops or the bound is passed."""
        self._send(gathering, plain_response(413, message.format(limit=self.body_limit)))
        try:
            gathering.conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._drop(gathering)
            return
        gathering.data.clear()
        gathering.discarding = 0
        gathering.deadline = time.monotonic() + self.request_timeout

    def _send(self, gathering: _Gathering, response: bytes) -> None:
        with contextlib.suppress(OSError):
            gathering.conn.sock.send(response)  # a few hundred bytes: the socket buffer takes them whole

    def _forget(self, gathering: _Gathering) -> None:
        del self.gathering[gathering.conn]
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(gathering.conn.sock)

    def _drop(self, gathering: _Gathering) -> None:
        self._forget(gathering)
        self.nr_conns -= 1
        gathering.conn.close()

    def murder_pending(self) -> None:
        """gunicorn's sweep, and requests that did not arrive in time: 408 (unless already refused), then closed."""
        super().murder_pending()
        now = time.monotonic()
        for gathering in [g for g in self.gathering.values() if g.deadline <= now or not self.alive]:
            if gathering.discarding < 0 and gathering.data:
                seconds = f"{self.request_timeout:g}"
                self._send(gathering, plain_response(408, f"the request did not arrive within {seconds} s"))
            self._drop(gathering)


def gathering_worker(body_limit: int, request_timeout: float) -> type[GatheringWorker]:
    """The worker class for gunicorn's ``worker_class``, with these limits."""
    return type("GatheringWorker", (GatheringWorker,), {"body_limit": body_limit, "request_timeout": request_timeout})
