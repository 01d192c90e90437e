"""The query process: one store opened once, a thread for each lane answering the jobs sent on its pipe.

It runs in a child of the server process (:mod:`coopgraph.engine.processes`
starts it, kills it at a deadline, and speaks to it); everything here runs in
that child. Each answer is sent as frames on its lane: the first says whether
the whole answer follows in it, chunks follow, or the query was refused.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing.connection
import multiprocessing.forkserver
import os
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from coopgraph.engine.answer import prepare
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


def _answer(store: ox.Store, job: Job, connection: multiprocessing.connection.Connection) -> None:
    """Answer ``job`` on its lane: refused before the first byte, or written (:class:`_LaneWriter`)."""
    try:
        result = store.query(job.query, **_options(job))
        ready = prepare(result, job.query, job.result_format, job.max_rows, truncate=job.truncate)
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


def _parent_of(pid: int) -> int | None:
    """The parent of process ``pid`` (from ``/proc/PID/stat``), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def tie_to_parent(server: int) -> None:
    """Die with the fork server, and leave at once if the server process ``server`` is already gone.

    The kernel sends SIGKILL when the fork server (this child's parent, whose
    one thread forked it) ends, and the fork server ends when every holder of
    the write end of its "alive" pipe has (:mod:`multiprocessing.forkserver`).
    Each child inherits that end too, to start processes of its own; a query
    process never does, so it closes it and leaves the server process the
    only holder. A parent that died between the fork and the ``prctl`` would
    never signal, so the chain is checked once the signal is armed: the
    parent must still be a child of ``server``.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    fork_server = getattr(multiprocessing.forkserver, "_forkserver", None)
    alive = getattr(fork_server, "_forkserver_alive_fd", None)
    if isinstance(alive, int):
        os.close(alive)
        setattr(fork_server, "_forkserver_alive_fd", None)  # noqa: B010  (a private attribute of the stdlib)
    if _parent_of(os.getppid()) != server:
        os._exit(0)


class _Idle:
    """Give the heap back to the kernel whenever the last busy lane finishes.

    Measured in one process on the 1M store, eight threads running the
    benchmark's mix through :func:`_answer`: 125 MB RSS after it, 103 MB once
    trimmed. Trimming only when no lane is busy keeps its cost (a walk of the
    heap) off the answers.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.busy = 0
        self.libc = ctypes.CDLL(None)

    def __enter__(self) -> None:
        with self.lock:
            self.busy += 1

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.busy -= 1
            idle = self.busy == 0
        if idle:
            self.libc.malloc_trim(0)


def _lane(store: ox.Store, connection: multiprocessing.connection.Connection, idle: _Idle) -> None:
    """One lane of the child: answer the jobs sent on ``connection``, one after another, until it closes."""
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        with idle:
            _answer(store, job, connection)


M_ARENA_MAX = -8
"""From ``<malloc.h>``: the most malloc arenas the process may make."""


def _bound_arenas() -> None:
    """At most one malloc arena a core, where glibc would make eight a core for the lanes' threads.

    Measured in one process on the 1M store, eight threads running the
    endpoint benchmark's mix: 133 MB RSS with glibc's default, 109 MB with two
    arenas on two cores, at the same speed (one arena for all halved the
    speed of GROUP BY, the threads queueing for its lock).
    """
    ctypes.CDLL(None).mallopt(M_ARENA_MAX, os.cpu_count() or 1)


def serve(store_path: str, connections: list[multiprocessing.connection.Connection], server: int) -> None:
    """The child: tied to the server process, one store opened once, a thread per lane answering at once.

    Oxigraph evaluates a query without holding the GIL, so the lanes' queries
    run in parallel on the cores and share one store, its block cache and its
    memory, as the threads of the Oxigraph server do.
    """
    tie_to_parent(server)
    _bound_arenas()
    store = ox.Store.read_only(store_path)
    idle = _Idle()
    lanes = [threading.Thread(target=_lane, args=(store, c, idle), daemon=True) for c in connections]
    for lane in lanes:
        lane.start()
    for lane in lanes:
        lane.join()
