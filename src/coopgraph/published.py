"""What one server process publishes: the store, its identity, and what is derived from it.

The build's identity (``build_id``, ``modified``) is what ETags, Last-Modified
and the response cache hang on: the data only changes with a build, so an
answer computed once for a build is valid until the next one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from flask import current_app

from .executor import ExecutorPool
from .namespaces import PREFIXES
from .queries import CannedQuery
from .settings import Settings


class ResponseCache:
    """A small LRU of finished answers (bytes), keyed by ETag, so also by build."""

    def __init__(self, entries: int, max_entry_bytes: int = 256 * 1024) -> None:
        self.entries, self.max_entry_bytes = entries, max_entry_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, body: bytes) -> None:
        if self.entries <= 0 or len(body) > self.max_entry_bytes:
            return
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)


@dataclass
class Published:
    """The published dataset as one server process sees it."""

    settings: Settings
    store_path: Path
    build_id: str
    modified: datetime
    queries: dict[str, CannedQuery]
    dumps_dir: Path | None = None
    """The build's dumps (Turtle, N-Triples, JSON-LD…); None when serving files given with --data."""
    pool: ExecutorPool = field(init=False)
    cache: ResponseCache = field(init=False)
    store: ox.Store = field(init=False)
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))

    def __post_init__(self) -> None:
        self.pool = ExecutorPool(str(self.store_path))
        self.cache = ResponseCache(self.settings.cache_entries)
        self.store = ox.Store.read_only(str(self.store_path))

    def public_base(self, request_root: str) -> str:
        """Where the dataset base is served: the configured public URL, else the root that was requested."""
        return (self.settings.public_base_url or request_root).rstrip("/") + "/"

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph, plus the union (key ``""``) for the service description."""
        sizes = {
            row["g"].value: int(row["n"].value)
            for row in self.store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        }
        union = next(iter(self.store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            use_default_graph_as_union=True,
        )))["n"]
        sizes[""] = int(union.value)
        return sizes


def current() -> Published:
    """The dataset the current request's application publishes."""
    published: Published = current_app.extensions["coopgraph"]
    return published
