"""The HTTP side of a remote SPARQL engine: one client for its query, store and update endpoints.

coopgraph reaches an external store (an Oxigraph server, Virtuoso, GraphDB…)
by the SPARQL 1.1 Protocol and the Graph Store Protocol only; what differs
between engines (digest auth, the union default graph) is a setting, not a
branch here. Connections are pooled and kept alive (a :class:`requests.Session`
per server process). Every query has a deadline that covers the whole answer:
a watchdog closes the connection when it passes, so a stalled engine cannot
hold a request thread past it. Failures become statuses a client can act on:
an engine refusing connections is a 502, one that does not accept them in
time a 504, a query past its deadline the endpoint's usual 503.

The password is kept out of every message and ``repr``: errors name the
engine by its URL without credentials.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from coopgraph.engine.guard import Refused
from coopgraph.engine.processes import QueryTimeout
from coopgraph.settings import Settings

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
POOL_SIZE = 32
"""Kept-alive connections per server process: one per request thread is plenty."""


class EngineError(Refused):
    """The engine could not be reached or failed (502), or did not accept a connection in time (504)."""


class EngineRefusal(Refused):
    """The engine refused the query (its 4xx): a 400, with what the engine said."""

    def __init__(self, said: str) -> None:
        super().__init__(400, f"the engine refused the query: {said}")
        self.said = said


def shown(url: str) -> str:
    """``url`` without any credentials it carries, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class EngineConfig:
    """Where the engine is and how to sign in: the ``engine_*`` settings, the password read once."""

    url: str
    store_url: str | None = None
    update_url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"
    union_default_graph: bool = False
    """The engine's default graph is already the union of the published graphs (Oxigraph's
    ``--union-default-graph``); otherwise coopgraph names them with ``default-graph-uri`` and
    ``named-graph-uri`` on every query, so an engine's own graphs (Virtuoso's system graphs) stay out."""
    connect_timeout: float = 3.0

    @classmethod
    def from_settings(cls, settings: Settings) -> EngineConfig | None:
        """The engine of ``settings``, or None when ``engine_url`` is not set (the embedded store answers)."""
        if not settings.engine_url:
            return None
        password = settings.engine_password
        if password is None and settings.engine_password_file is not None:
            try:
                password = Path(settings.engine_password_file).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ValueError(f"engine_password_file {settings.engine_password_file}: {error.strerror}") from None
        return cls(
            settings.engine_url,
            settings.engine_store_url,
            settings.engine_update_url,
            settings.engine_user,
            password,
            settings.engine_auth,
            settings.engine_union_default_graph,
            settings.engine_connect_timeout,
        )

    def credentials(self) -> AuthBase | None:
        if self.user is None:
            return None
        if self.auth == "digest":
            return HTTPDigestAuth(self.user, self.password or "")
        return HTTPBasicAuth(self.user, self.password or "")


class EngineClient:
    """Requests to one engine over a pool of kept-alive connections, each within a deadline."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.auth = config.credentials()
        self.session.trust_env = False  # no proxies from the environment: coopgraph talks to its engine only

    def close(self) -> None:
        self.session.close()

    @contextmanager
    def query(
        self, text: str, accept: str, dataset: Dataset, timeout: float
    ) -> Iterator[tuple[requests.Response, Deadline]]:
        """POST ``text`` to the query endpoint; yields the streamed response, closed on leaving.

        Raises :class:`EngineError` (502/504), :class:`QueryTimeout` (the
        deadline passed before the engine answered) or :class:`Refused` (400:
        the engine refused the query, with its reason).
        """
        form: list[tuple[str, str]] = [("query", text)]
        form += [("default-graph-uri", g) for g in dataset.default]
        form += [("named-graph-uri", g) for g in dataset.named]
        deadline = Deadline(timeout)
        response = self.send("POST", self.config.url, deadline, data=form, headers={"Accept": accept})
        try:
            if response.status_code >= 400:
                raise _refusal(response, self.config.url)
            response.raw.decode_content = True
            deadline.watch(response)
            yield response, deadline
        finally:
            deadline.cancel()
            response.close()

    def send(self, method: str, url: str, deadline: Deadline, **options: Any) -> requests.Response:
        """One request to the engine within ``deadline``, its body left to stream; failures as statuses."""
        remaining = deadline.remaining()
        try:
            return self.session.request(
                method, url, stream=True, timeout=(min(self.config.connect_timeout, remaining), remaining), **options
            )
        except requests.ConnectTimeout:
            raise EngineError(
                504,
                f"the SPARQL engine at {shown(url)} did not accept a connection within "
                f"{self.config.connect_timeout:g} s; try again later",
            ) from None
        except requests.ReadTimeout:
            raise QueryTimeout(
                f"the query timed out: the engine did not answer within {deadline.timeout:g} s, "
                "the limit of this endpoint"
            ) from None
        except requests.ConnectionError as error:
            raise EngineError(
                502, f"the SPARQL engine at {shown(url)} is unreachable ({_reason(error)}); try again later"
            ) from None


@dataclass(frozen=True)
class Dataset:
    """The graphs a query is sent with: ``default-graph-uri`` and ``named-graph-uri`` values."""

    default: Sequence[str] = ()
    named: Sequence[str] = ()


class Deadline:
    """A query's deadline: how much time is left, and a watchdog that closes the response when it passes."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.end = time.monotonic() + timeout
        self.timer: threading.Timer | None = None

    def remaining(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def passed(self) -> bool:
        return time.monotonic() >= self.end

    def watch(self, response: requests.Response) -> None:
        self.timer = threading.Timer(self.remaining(), response.close)
        self.timer.daemon = True
        self.timer.start()

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


def _reason(error: Exception) -> str:
    text = str(error)
    for known in ("Connection refused", "Connection reset", "Name or service not known", "Remote end closed"):
        if known.lower() in text.lower():
            return known.lower()
    return "connection failed"


def _refusal(response: requests.Response, url: str) -> Refused:
    """What the engine's error status means for coopgraph's client: its 4xx a 400, anything else a 502."""
    said = response.text.strip().splitlines()
    first = said[0][:300] if said else response.reason
    if response.status_code in (401, 403, 407):
        return EngineError(
            502, f"the SPARQL engine at {shown(url)} refused coopgraph's credentials ({response.status_code})"
        )
    if 400 <= response.status_code < 500:
        return EngineRefusal(first)
    return EngineError(502, f"the SPARQL engine at {shown(url)} failed ({response.status_code}): {first}")


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def parse_results(response: requests.Response) -> ox.QuerySolutions | ox.QueryBoolean:
    """The engine's SELECT/ASK answer as Oxigraph's result object, read lazily from the response."""
    fmt = ox.QueryResultsFormat.from_media_type(media_type(response))
    if fmt is None:
        raise EngineError(502, f"the engine answered in {media_type(response) or 'no media type'}, not SPARQL results")
    return ox.parse_query_results(_stream(response), fmt)


def parse_graph(response: requests.Response) -> Iterator[ox.Triple]:
    """The engine's CONSTRUCT/DESCRIBE answer as triples, read lazily from the response."""
    kind = media_type(response)
    fmt = ox.RdfFormat.N_TRIPLES if kind == "text/plain" else ox.RdfFormat.from_media_type(kind)
    if fmt is None:
        raise EngineError(502, f"the engine answered in {kind or 'no media type'}, not RDF")
    return (quad.triple for quad in ox.parse(_stream(response), fmt))


def _stream(response: requests.Response) -> IO[bytes]:
    return cast(IO[bytes], Relabelled(response.raw))


BNODE = re.compile(rb'(<bnode>)([^<]*)(</bnode>)|("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")([^"]*)(")')
"""A blank node in SPARQL results, XML or JSON (type before value, as engines write it)."""
LABEL = re.compile(rb"[A-Za-z0-9_][A-Za-z0-9_.-]*")
MARGIN = 1024
"""Bytes held back at the end of a chunk, so that a blank node split across two chunks is seen whole."""


def _relabel(match: re.Match[bytes]) -> bytes:
    opening, label, closing = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    if LABEL.fullmatch(label) and not label.endswith(b"."):
        return match[0]
    return opening + b"x" + label.hex().encode() + closing


class Relabelled:
    """An engine's results with blank node labels that SPARQL's grammar refuses made valid, the same each time.

    Virtuoso labels blank nodes ``nodeID://b10000``, which no parser of the
    result formats accepts; the label becomes ``x`` and its bytes in hex, so
    the same node keeps the same label across rows. Valid labels pass as they
    are. Reads the response a chunk at a time.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.pending, self.ready, self.ended = raw, b"", b"", False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not self.ended and (size < 0 or len(self.ready) < size):
            chunk = self.raw.read(64 * 1024)
            self.ended = not chunk
            self.pending += chunk
            self._settle()
        if size < 0:
            size = len(self.ready)
        out, self.ready = self.ready[:size], self.ready[size:]
        return out

    def _settle(self) -> None:
        cut = len(self.pending) if self.ended else len(self.pending) - MARGIN
        if cut <= 0:
            return
        for match in BNODE.finditer(self.pending, max(cut - MARGIN, 0)):
            if match.start() < cut < match.end():
                cut = match.end()
        region, self.pending = self.pending[:cut], self.pending[cut:]
        self.ready += BNODE.sub(_relabel, region)


def solutions_as_boolean(solutions: ox.QuerySolutions) -> bool:
    """An ASK answered as solutions (Virtuoso binds ``__ASK_RETVAL`` to 1 or 0): true when any value is.

    The protocol wants ``{"boolean": …}``; this reads the non-standard form
    back into the standard one, whatever the variable is called.
    """
    for row in solutions:
        for value in row:
            if value is not None and value.value not in ("0", "false", ""):
                return True
    return False
