"""Run the application on gunicorn: worker processes on every core, threads in each.

Requests are gathered whole on each worker's event loop before a thread takes
them (:mod:`coopgraph.web.front`), so slow clients hold no request thread.

Flask's development server is never used. Every worker's queries run in the
server's one query process (see :mod:`coopgraph.engine.query_service`), a
lane for each request thread, so the workers' threads only move bytes and
stay responsive while queries run.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from gunicorn.app.base import BaseApplication

from coopgraph.build.layout import Build, current_build
from coopgraph.build.pipeline import BuildError, Progress, build, quiet
from coopgraph.build.search_index import SEARCH_FILE, write_index
from coopgraph.engine.allocator import preload_for
from coopgraph.engine.query_service import QueryService
from coopgraph.engine.remote import EngineConfig
from coopgraph.settings import Settings
from coopgraph.sources.load import LoadError, dataset_quads
from coopgraph.sources.project import Sources
from coopgraph.web.app import create_app
from coopgraph.web.front import gathering_worker

log = logging.getLogger(__name__)


def ensure_build(settings: Settings, progress: Progress = quiet) -> Build:
    """The build to serve: rebuilt first when missing or older than its sources.

    When a rebuild fails but a previous build exists, that one is served (and
    the failure reported), as a publisher would want.
    """
    sources = Sources(settings.project_dir)
    try:
        return build(
            sources,
            settings.output_dir,
            reasoner=settings.reasoner,  # type: ignore[arg-type]
            validator=settings.validator,  # type: ignore[arg-type]
            progress=progress,
            keep_builds=settings.keep_builds,
        )
    except (BuildError, LoadError):
        previous = current_build(settings.output_dir)
        if previous is None:
            raise
        log.warning("the sources do not build; serving the previous build %s", previous.build_id)
        return previous


def store_from_files(files: Sequence[Path], directory: Path) -> Path:
    """An Oxigraph store in ``directory`` holding ``files``; quad formats keep their named graphs, and each
    file's blank nodes stay its own (as in a build)."""
    store = ox.Store(str(directory))
    store.bulk_extend(dataset_quads([Path(p) for p in files], "f"))
    store.flush()
    store.optimize()
    write_index(store, directory.parent / SEARCH_FILE)  # beside the store, where a build keeps it
    del store
    return directory


def store_in_child(files: Sequence[Path], directory: Path) -> Path:
    """:func:`store_from_files` in a child process, so the server's main process never holds the load's memory.

    The gunicorn master forks every worker: loading a million triples in it
    left ~90 MB of freed-but-kept heap there for the server's lifetime. A
    :class:`~coopgraph.sources.load.LoadError` comes back from the child as it
    was raised.
    """
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as child:
        return child.submit(store_from_files, list(files), directory).result()


def _start_watcher(settings: Settings) -> subprocess.Popen[bytes]:
    """The watcher (:mod:`coopgraph.build.watch`) in a process of its own, printing to this one's terminal.

    Not a thread of the server: gunicorn forks its workers from this process,
    and a fork in the middle of a build would copy its locks half-held.
    """
    env = {**os.environ, **settings.as_env()}
    return subprocess.Popen([sys.executable, "-m", "coopgraph.build.watch"], env=env, stdin=subprocess.DEVNULL)


def _stop(watcher: subprocess.Popen[bytes]) -> None:
    """End the watcher (a build it is running removes its staging directory), at once if it lingers."""
    watcher.terminate()
    try:
        watcher.wait(10)
    except subprocess.TimeoutExpired:
        watcher.kill()
        watcher.wait()


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """gunicorn configured from coopgraph's settings, loading the app in each worker."""

    def __init__(self, settings: Settings, store_path: Path | None) -> None:
        self.settings, self.store_path = settings, store_path
        self.query_service: QueryService | None = None
        super().__init__()

    def load_config(self) -> None:
        settings = self.settings
        options = {
            "bind": f"{settings.host}:{settings.port}",
            "workers": settings.workers or os.cpu_count() or 1,
            "worker_class": gathering_worker(settings.max_request_bytes, settings.request_timeout),
            "threads": settings.threads,
            "timeout": int(settings.query_timeout) + 30,
            # long enough for a query in flight to finish, no longer (idle keep-alive clients wait)
            "graceful_timeout": int(settings.query_timeout) + 1,
            "keepalive": 5,
            # gunicorn caps request lines at 8190 bytes unless unlimited (0); the app enforces
            # max_request_bytes on query strings itself, so long GET queries under it work
            "limit_request_line": 0,
            "accesslog": None,
            "errorlog": "-",
            # gunicorn's control socket lives at one path per user: two servers would fight over it
            "control_socket_disable": True,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        service = None if self.query_service is None else self.query_service.address
        return create_app(self.settings, self.store_path, query_service=service)

    def run(self) -> None:
        """Serve until stopped; with a local engine, one query service started first for all the workers."""
        if EngineConfig.from_settings(self.settings) is not None:
            super().run()
            return
        self.query_service = QueryService.start(preload_for(self.settings.query_allocator))
        master = os.getpid()
        try:
            super().run()
        finally:
            if os.getpid() == master:  # workers leave through here too
                self.query_service.stop()


def serve(settings: Settings, data: Sequence[Path] = (), progress: Progress = quiet, watch: bool = False) -> None:
    """Serve the project's build (rebuilt first if stale), or the RDF ``data`` files, until interrupted.

    With ``watch``, the project is rebuilt whenever a source file changes; each
    server process switches to the new build by itself.
    """
    if not data:
        ensure_build(settings, progress)
        watcher = _start_watcher(settings) if watch else None
        server = os.getpid()
        try:
            GunicornServer(settings, None).run()  # each worker opens the published build itself
        finally:
            if watcher is not None and os.getpid() == server:  # workers leave through here too
                _stop(watcher)
        return
    directory = Path(tempfile.mkdtemp(prefix="coopgraph-serve-"))
    try:
        store_in_child(data, directory / "store")
        GunicornServer(settings, directory / "store").run()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
