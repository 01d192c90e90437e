"""The query process: each store opened once, a thread for each lane answering the jobs sent on its socket.

It runs as a child of the query service's supervisor
(:mod:`coopgraph.engine.query_service`), one for the whole server; the
server processes speak to it and kill it at a deadline
(:mod:`coopgraph.engine.processes`). Everything here runs in that process.
Each answer is sent as frames on its lane: the first says whether the whole
answer follows in it, chunks follow, or the query was refused.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import multiprocessing.connection
import os
import select
import signal
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from coopgraph.engine.allocator import give_back_free_memory
from coopgraph.engine.answer import Ready, prepare
from coopgraph.engine.guard import Refused
from coopgraph.engine.syntax import explain
from coopgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from coopgraph.engine.processes import Job

CHUNK = 64 * 1024
STREAM, WHOLE, REFUSED = b"O", b"W", b"R"
"""The first frame of an answer: chunks follow; the whole answer in this frame; a refusal (JSON status, words)."""
DATA, END, FAILED = b"D", b"E", b"X"
"""Frames of the stream after the first: a chunk of the body, its end, or a failure."""


@dataclass(frozen=True)
class Hello:
    """What a query process says first on each connection: who it is, and which generations were killed."""

    pid: int
    generation: int
    killed: frozenset[int]


class _LaneWriter:
    """A binary file-like object that sends an answer to the parent: whole when it is small, else in chunks.

    An answer under :data:`CHUNK` goes as one frame, so the parent wakes once
    for it; a larger one opens with :data:`STREAM` and follows in chunks.
    """

    def __init__(self, connection: multiprocessing.connection.Connection) -> None:
        self.connection = connection
        self.buffer = bytearray()
        self.streaming = False

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self._stream()
            self.connection.send_bytes(DATA + bytes(self.buffer))
            self.buffer.clear()

    def finish(self) -> None:
        """The answer is written: send what is left, whole if nothing was sent yet."""
        if not self.streaming:
            self.connection.send_bytes(WHOLE + bytes(self.buffer))
            return
        self.flush()
        self.connection.send_bytes(END)

    def fail(self, error: str) -> None:
        """The writing failed: the parent's answer (its status already begun) is cut off with ``error``."""
        self._stream()
        self.connection.send_bytes(FAILED + error.encode())

    def _stream(self) -> None:
        if not self.streaming:
            self.streaming = True
            self.connection.send_bytes(STREAM)


def _graph_term(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _options(job: Job) -> dict[str, Any]:
    """Oxigraph's query options for ``job``: its prefixes, base, dataset and typed substitutions."""
    options: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": job.base_iri}
    if job.default_graphs:
        options["default_graph"] = [_graph_term(g) for g in job.default_graphs]
    elif job.union_default_graph:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [_graph_term(g) for g in job.named_graphs]
    if job.substitutions:
        options["substitutions"] = {ox.Variable(name): term for name, term in job.substitutions}
    return options


def _refuse(connection: multiprocessing.connection.Connection, status: int, message: str) -> None:
    connection.send_bytes(REFUSED + json.dumps([status, message]).encode())


def _evaluated(store: ox.Store, job: Job) -> Ready:
    """The job's answer ready to write; a bounded SELECT (:attr:`Job.row_cap`) with its LIMIT added, if it needs one.

    Should the added LIMIT not parse, the query is run as it was written, so
    its errors point into the query its author sent.
    """
    if job.row_cap is not None:
        rows, added = job.row_cap
        try:
            result = store.query(f"{job.query}\nLIMIT {rows}" if added else job.query, **_options(job))
        except SyntaxError:
            if not added:
                raise  # the query as written: nothing to run again
        else:
            return prepare(result, job.query, job.result_format, job.max_rows, whole=True)
    result = store.query(job.query, **_options(job))
    return prepare(result, job.query, job.result_format, job.max_rows, truncate=job.truncate)


def _answer(store: ox.Store, job: Job, connection: multiprocessing.connection.Connection) -> None:
    """Answer ``job`` on its lane: refused before the first byte, or written (:class:`_LaneWriter`)."""
    try:
        ready = _evaluated(store, job)
    except Refused as refusal:
        _refuse(connection, refusal.status, refusal.message)
        return
    except SyntaxError as error:
        _refuse(connection, 400, explain(job.query, str(error)).text())
        return
    except (ValueError, RuntimeError, OSError, TypeError) as error:
        _refuse(connection, 400, f"the query could not be evaluated: {error}")
        return
    writer = _LaneWriter(connection)
    try:
        ready.write(writer)
    except (ValueError, RuntimeError, OSError, TypeError) as error:
        writer.fail(str(error))
        return
    writer.finish()


PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``: the signal a process gets when the thread that forked it ends."""


def tie_to(supervisor: int) -> None:
    """Die with the supervisor (the kernel's SIGKILL when it ends), and leave at once if it already has.

    The supervisor is single-threaded, so the thread that forked this process
    is the supervisor itself. One that died between the fork and the
    ``prctl`` would never signal, so the parent is checked once it is armed.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != supervisor:
        os._exit(0)


def _killed() -> None:
    """End this process as a deadline does: SIGKILL, which the supervisor records as a kill, not a crash."""
    os.kill(os.getpid(), signal.SIGKILL)


class _Stores:
    """The stores the lanes' jobs name, each opened read-only once, the latest :data:`KEPT_STORES` kept.

    A server switching to a new build asks for its store by the new path;
    the build before it stays open for the requests still pinned to it.
    """

    KEPT_STORES = 2

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open: OrderedDict[str, ox.Store] = OrderedDict()

    def __getitem__(self, path: str) -> ox.Store:
        with self.lock:
            store = self.open.get(path)
            if store is None:
                store = self.open[path] = ox.Store.read_only(path)
                while len(self.open) > self.KEPT_STORES:
                    self.open.popitem(last=False)
            self.open.move_to_end(path)
            return store


class _Watch:
    """The query process's own guard, for when the worker that would kill it at a deadline cannot.

    A worker killed with ``kill -9`` (the OOM killer, gunicorn's timeout, a
    deploy) leaves its query running here for the whole server. The watch
    ends this process when a busy lane's worker has hung up, or a job is
    :data:`GRACE` seconds past the deadline its worker should have enforced.

    Its rounds also give the heap back to the kernel once no lane has been
    busy for :data:`QUIET` seconds. Measured in one process on the 1M store,
    eight threads running the benchmark's mix through :func:`_answer`: 125 MB
    RSS after it, 103 MB once trimmed. A trim is a walk of the heap, and pages
    given back are faulted in again by the next queries: trimming each time
    the last busy lane finished cut uncached lookups on the 1M server from
    1,250 to 500 req/s once GROUP BY, join and path queries had grown the
    heap. Waiting for a quiet second keeps it off a server under load.
    (Measured on glibc's malloc; on jemalloc the round is its purge,
    :func:`~coopgraph.engine.allocator.give_back_free_memory`.)
    """

    GRACE = 2.0
    EVERY = 0.2
    QUIET = 1.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.busy: dict[int, float] = {}
        """Busy lanes: their connection's file descriptor, and the job's deadline (``time.monotonic``)."""
        self.last = time.monotonic()
        """When a lane was last busy."""
        self.trimmed = True

    @contextlib.contextmanager
    def job(self, fd: int, deadline: float) -> Iterator[None]:
        """The lane on connection ``fd`` is busy with a job due by ``deadline`` for the duration."""
        with self.lock:
            self.busy[fd] = deadline
            self.trimmed = False
        try:
            yield
        finally:
            with self.lock:
                self.busy.pop(fd, None)
                self.last = time.monotonic()

    def run(self) -> None:
        while True:
            time.sleep(self.EVERY)
            with self.lock:
                busy = dict(self.busy)
            if busy and (overdue(busy.values(), self.GRACE) or hung_up(busy)):
                _killed()
            self.settle()

    def settle(self) -> None:
        """Trim the heap if no lane has been busy for :data:`QUIET` seconds and nothing ran since the last trim."""
        with self.lock:
            due = not self.trimmed and not self.busy and time.monotonic() - self.last >= self.QUIET
            self.trimmed = self.trimmed or due
        if due:
            give_back_free_memory()


def overdue(deadlines: Iterable[float], grace: float) -> bool:
    """Whether any deadline passed more than ``grace`` seconds ago."""
    now = time.monotonic()
    return any(deadline + grace < now for deadline in deadlines)


def hung_up(fds: Iterable[int]) -> bool:
    """Whether the peer of any of these sockets has closed its end."""
    watching = select.poll()
    for fd in fds:
        watching.register(fd, select.POLLRDHUP | select.POLLHUP)
    return any(events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR) for _, events in watching.poll(0))


def _lane(stores: _Stores, connection: multiprocessing.connection.Connection, watch: _Watch, hello: Hello) -> None:
    """One lane: say who answers, then answer the jobs sent on ``connection``, one after another, until it closes."""
    fd = connection.fileno()
    try:
        connection.send(hello)
        while True:
            store_path, deadline, job = connection.recv()
            with watch.job(fd, deadline):
                try:
                    store = stores[store_path]
                except OSError as error:
                    _refuse(connection, 503, f"the published store cannot be opened: {error}")
                    continue
                _answer(store, job, connection)
    except (EOFError, OSError):
        return
    finally:
        connection.close()


def serve_socket(listener: socket.socket, supervisor: int, hello: Callable[[int], Hello]) -> None:
    """The query process: tied to its supervisor, a thread for each connection accepted on ``listener``.

    Oxigraph evaluates a query without holding the GIL, so the lanes' queries
    run in parallel on the cores and share each store, its block cache and
    its memory, as the threads of the Oxigraph server do. ``hello(pid)`` is
    what each lane says first.

    glibc's malloc keeps its default arenas (up to eight a core): measured in
    one process on the 1M store, eight threads, capping them at one a core
    made the join 30 % slower, GROUP BY and the path query 9–10 %, for 6 MB
    less at the peak.
    """
    tie_to(supervisor)
    stores, watch = _Stores(), _Watch()
    threading.Thread(target=watch.run, daemon=True).start()
    greeting = hello(os.getpid())
    while True:
        accepted, _ = listener.accept()
        connection = multiprocessing.connection.Connection(accepted.detach())
        threading.Thread(target=_lane, args=(stores, connection, watch, greeting), daemon=True).start()
