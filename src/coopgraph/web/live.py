"""The build a server process serves, switched to each newly published one without a restart.

Publishing is one atomic rename of ``dist/current``. Every server process looks
at that link at most once a second, on a request (a ``readlink``: no thread,
no signal). When it points elsewhere, the new build's store is opened
read-only and becomes the one later requests get; the switch happens only
once the new build is open, so no request waits for it or sees half of it.

A request keeps the build it started on until its answer is sent, streaming
included: :meth:`Live.pinning` wraps the WSGI app, so the build is taken when
the request comes in and given back when the server closes the response. The
old build's lanes to the query process close once its last request is done, and
its lease (:mod:`coopgraph.build.lease`) keeps it from being pruned until then.

The same look also reads ``dist/last-failure.json``, so the pages can say that
the sources do not build while the last good build goes on serving.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from flask import current_app
from werkzeug.wsgi import ClosingIterator

from coopgraph.build.failure import FAILURE_FILE, read_failure
from coopgraph.build.layout import Build
from coopgraph.build.lease import Lease
from coopgraph.web.published import ENVIRON_KEY, Published

log = logging.getLogger(__name__)

CHECK_INTERVAL = 1.0
"""Seconds between two looks at the ``current`` link, per server process."""

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Opener = Callable[[Build], Published]


@dataclass(eq=False)
class _Served:
    """A build being served, with the requests using it."""

    published: Published
    target: str | None
    """Where ``current`` pointed when it was opened."""
    lease: Lease | None
    users: int = 0
    retired: bool = False

    def close(self) -> None:
        self.published.close()
        if self.lease is not None:
            self.lease.release()


def _link_target(out_dir: Path) -> str | None:
    try:
        return os.readlink(out_dir / "current")
    except OSError:
        return None


class Live:
    """One server process's view of what is published: the current build, and the last failure."""

    def __init__(self, first: _Served, out_dir: Path | None = None, opener: Opener | None = None) -> None:
        self.out_dir, self.opener = out_dir, opener
        self._served = first
        self._lock = threading.Lock()
        self._looking = threading.Lock()
        self._looked = time.monotonic()
        self._failure_stamp: int | None = None
        self.failure: dict[str, Any] | None = None
        """The last failed build's record (:mod:`coopgraph.build.failure`), or None when the last build succeeded."""
        self._read_failure()

    @classmethod
    def fixed(cls, published: Published) -> Live:
        """A server of one store that never changes (``serve --data``)."""
        return cls(_Served(published, None, None))

    @classmethod
    def of_builds(cls, out_dir: Path, opener: Opener) -> Live | None:
        """The builds published in ``out_dir``, starting with the current one; None when there is none yet."""
        served = _open(out_dir, _link_target(out_dir), opener)
        return None if served is None else cls(served, out_dir, opener)

    def latest(self) -> Published:
        """The build a request arriving now gets."""
        self._look()
        return self._served.published

    def pinning(self, app: WSGIApp) -> WSGIApp:
        """``app`` with each request holding the build it started on until its response is closed."""

        def pinned(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            served = self._acquire()
            environ[ENVIRON_KEY] = served.published
            try:
                body = app(environ, start_response)
            except BaseException:
                self._release(served)
                raise
            return ClosingIterator(body, [partial(self._release, served)])

        return pinned

    @contextmanager
    def holding(self) -> Iterator[Published]:
        """The build a request arriving now gets, kept until the block ends, as :meth:`pinning` keeps it."""
        served = self._acquire()
        try:
            yield served.published
        finally:
            self._release(served)

    def _acquire(self) -> _Served:
        self._look()
        with self._lock:
            served = self._served
            served.users += 1
            return served

    def _release(self, served: _Served) -> None:
        with self._lock:
            served.users -= 1
            finished = served.retired and served.users == 0
        if finished:
            served.close()

    def _look(self) -> None:
        """Switch to a newly published build, at most once per interval; one thread looks, the others go on."""
        if self.out_dir is None or time.monotonic() - self._looked < CHECK_INTERVAL:
            return
        if not self._looking.acquire(blocking=False):
            return
        try:
            if time.monotonic() - self._looked < CHECK_INTERVAL:
                return
            target = _link_target(self.out_dir)
            self._read_failure()  # after the link: a build clears the failure before it is published
            if target is not None and target != self._served.target:
                self._switch(target)
            self._looked = time.monotonic()
        finally:
            self._looking.release()

    def _switch(self, target: str) -> None:
        assert self.out_dir is not None and self.opener is not None
        try:
            new = _open(self.out_dir, target, self.opener)
        except (OSError, ValueError, KeyError, RuntimeError) as error:
            log.warning("could not open the published build %s, still serving the previous one: %s", target, error)
            return
        if new is None:
            return
        with self._lock:
            old, self._served = self._served, new
            old.retired = True
            finished = old.users == 0
        if finished:
            old.close()
        log.warning("now serving build %s", new.published.build_id)

    def _read_failure(self) -> None:
        if self.out_dir is None:
            return
        try:
            stamp: int | None = (self.out_dir / FAILURE_FILE).stat().st_mtime_ns
        except OSError:
            stamp = None
        if stamp != self._failure_stamp:
            self._failure_stamp = stamp
            self.failure = read_failure(self.out_dir) if stamp is not None else None

    def close(self) -> None:
        """Give back the build being served (its lanes to the query process, its lease): the server is done with it."""
        with self._lock:
            served, served.retired = self._served, True
            finished = served.users == 0
        if finished:
            served.close()

    @property
    def failure_key(self) -> str:
        """Changes whenever the failure record does: part of the ETag of pages that show it."""
        return "" if self.failure is None else str(self._failure_stamp)


def _open(out_dir: Path, target: str | None, opener: Opener) -> _Served | None:
    """The build ``target`` (relative to ``out_dir``), leased, then opened; None when it is not there."""
    if target is None:
        return None
    path = out_dir / target
    try:
        lease = Lease(path)
    except FileNotFoundError:
        return None
    try:
        return _Served(opener(Build.read(path.resolve())), target, lease)
    except BaseException:
        lease.release()
        raise


def live() -> Live:
    """This server process's :class:`Live`."""
    found: Live = current_app.extensions["coopgraph"]
    return found
