"""What one server process publishes: the store, its identity, and what is derived from it.

The build's identity (``build_id``, ``modified``) is what ETags, Last-Modified
and the response cache hang on: the data only changes with a build, so an
answer computed once for a build is valid until the next one.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, cast

import pyoxigraph as ox
from flask import current_app, has_request_context, request

from coopgraph.build.search_index import SEARCH_FILE
from coopgraph.build.store import distinct_triples, graph_sizes
from coopgraph.engine.canned import CannedQuery
from coopgraph.engine.processes import QueryPool
from coopgraph.engine.remote import EngineConfig
from coopgraph.engine.remote_query import RemoteEngine, RemoteRunner, RemoteStore
from coopgraph.engine.search import SearchIndex
from coopgraph.namespaces import PREFIXES
from coopgraph.settings import Settings
from coopgraph.sources.config import ProjectConfig


class CachedAnswer(NamedTuple):
    etag: str
    mimetype: str
    body: bytes


class ResponseCache:
    """An LRU of finished answers, keyed by ETag (so also by build), bounded in entries and in bytes.

    Answers of up to ``max_entry_bytes`` are kept (a 12k-row join is a few MB),
    within ``max_bytes`` per process.
    """

    def __init__(
        self, entries: int, max_bytes: int = 256 * 1024 * 1024, max_entry_bytes: int = 16 * 1024 * 1024
    ) -> None:
        self.entries, self.max_bytes, self.max_entry_bytes = entries, max_bytes, max_entry_bytes
        self._items: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def fetch(self, key: str, etag: str, mimetype: str, make: Callable[[], bytes]) -> CachedAnswer:
        """The cached answer under ``key``, or ``make()``'s, kept for next time."""
        found = self.get(key)
        if found is None:
            found = CachedAnswer(etag, mimetype, make())
            self.put(key, found)
        return found

    def put(self, key: str, answer: CachedAnswer) -> None:
        if self.entries <= 0 or len(answer.body) > self.max_entry_bytes:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._items[key] = answer
            self._bytes += len(answer.body)
            while len(self._items) > self.entries or self._bytes > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self._bytes -= len(evicted.body)


@dataclass
class Published:
    """The published dataset as one server process sees it."""

    settings: Settings
    config: ProjectConfig
    """The project's ``coopgraph.toml``: the home municipality, the dataset's title, the publisher…"""
    store_path: Path
    build_id: str
    modified: datetime
    queries: dict[str, CannedQuery]
    dumps_dir: Path | None = None
    """The build's dumps (Turtle, N-Triples, JSON-LD…); None when serving files given with --data."""
    build_path: Path | None = None
    """The build's directory (its manifest, its validation report); None when serving files given with --data."""
    query_service: str | None = None
    """The address of the server's query service (:mod:`coopgraph.engine.query_service`); None: a service of
    this build's own, started on its first query."""
    pool: QueryPool | RemoteRunner = field(init=False)
    """What answers ``/sparql``: the server's query process, or the external engine (``engine_url``)."""
    cache: ResponseCache = field(init=False)
    _store: ox.Store | None = field(init=False, default=None)
    """What the pages, pictures and counts query (:attr:`store`): the build's store, opened on first use, or
    a :class:`RemoteStore` (typed as the store it stands in for: it answers the same ``query`` and
    ``quads_for_pattern`` calls)."""
    _opening: threading.Lock = field(init=False, default_factory=threading.Lock)
    search: SearchIndex = field(init=False)
    """The build's names index (``search.sqlite`` beside its store), for /api/search and /reconcile: local
    even with an external engine, as it is a file of the build."""
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))

    def __post_init__(self) -> None:
        self.cache = ResponseCache(self.settings.cache_entries)
        self.search = SearchIndex(Path(self.store_path).parent / SEARCH_FILE)
        engine = EngineConfig.from_settings(self.settings)
        if engine is None:
            self.pool = QueryPool(
                str(self.store_path), self.settings.threads, self.query_service, self.settings.query_allocator
            )
            return
        remote = RemoteEngine(engine, self.published_graphs(), self.settings.query_timeout)
        self.pool = RemoteRunner(remote, self.prefixes)
        self._store = cast(ox.Store, RemoteStore(remote))

    def published_graphs(self) -> list[str]:
        """The build's named graphs, from its manifest, or those of the files given with --data."""
        if self.build_path is None:
            return [
                g.value for g in ox.Store.read_only(str(self.store_path)).named_graphs() if isinstance(g, ox.NamedNode)
            ]
        manifest = json.loads((self.build_path / "manifest.json").read_text(encoding="utf-8"))
        return list(manifest.get("graphs", {}))

    @property
    def store(self) -> ox.Store:
        """The store opened read-only in this server process, on first use (the pages ask it directly).

        Opened lazily: a server process that only answers ``/sparql`` (whose
        queries run in the query process) never pays the memory of a store
        of its own, which grows by tens of MB once scans have run on it.
        """
        if self._store is None:
            with self._opening:
                if self._store is None:
                    self._store = ox.Store.read_only(str(self.store_path))
        return self._store

    @property
    def dataset_base(self) -> str:
        """The base of the dataset's IRIs: the ``dataset_base`` setting, else the project's ``[project] base``."""
        return self.settings.dataset_base or self.config.base

    @property
    def home(self) -> ox.NamedNode:
        """The home municipality, which every canned query's ``?home`` is bound to."""
        return ox.NamedNode(self.config.home.iri)

    def close(self) -> None:
        """Let go of this build's lanes to the query process; called once no request uses the build any more."""
        self.pool.close()
        self.search.close()

    def public_base(self, request_root: str) -> str:
        """Where the dataset base is served: the configured public URL, else the root that was requested."""
        return (self.settings.public_base_url or request_root).rstrip("/") + "/"

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph, plus the union (key ``""``) for the service description."""
        return {**graph_sizes(self.store), "": distinct_triples(self.store)}


ENVIRON_KEY = "coopgraph.published"
"""Where a request finds the build it started on (set by :class:`coopgraph.web.live.Live`)."""


def current() -> Published:
    """The build the current request started on: it answers from that one to the end, whatever is published."""
    pinned = request.environ.get(ENVIRON_KEY) if has_request_context() else None
    if isinstance(pinned, Published):
        return pinned
    published: Published = current_app.extensions["coopgraph"].latest()
    return published
