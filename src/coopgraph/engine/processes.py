"""Run each query in a child process that can be killed when its deadline passes.

Oxigraph cannot interrupt a running query, and a thread cannot be killed, so
a runaway query (a cartesian product, a catastrophic regular expression) would
hold a core for as long as it likes. Here the query runs in a child process
taken from a small pool (:class:`ExecutorPool`, sized to the cores); results
come back in chunks through a pipe, and when the deadline passes the child is
killed (its CPU freed at once) and replaced for the next request.

The child serialises results itself, so the parent only moves bytes. Before
the first byte it looks ahead ``max_rows + 1`` rows, so an oversized result is
refused with a clear status instead of being cut off mid-stream.

No child outlives the server process that asked for it (:func:`_tie_to_parent`):
a worker killed with ``kill -9`` (the OOM killer, a deploy) takes its query
processes with it instead of leaving them running under init.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import multiprocessing.forkserver
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from coopgraph.engine.answer import prepare
from coopgraph.engine.guard import Refused
from coopgraph.engine.sparql import Term
from coopgraph.engine.syntax import explain
from coopgraph.namespaces import PREFIXES

CHUNK = 64 * 1024
DATA, END, FAILED = b"D", b"E", b"X"
"""Frames of the stream after the status: a chunk of the body, its end, or a failure."""


class QueryTimeout(Exception):
    """The query ran past its deadline and was stopped."""


@dataclass(frozen=True)
class Job:
    """One query to run, with everything the child needs to answer it."""

    query: str
    result_format: str
    """A key of :data:`sparql.RESULT_FORMATS` or :data:`sparql.GRAPH_FORMATS`."""
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default_graph: bool = True
    """Query the union of all graphs by default; off when the query or the request names its dataset."""
    base_iri: str | None = None
    """Base for relative IRIs in the query: the endpoint's own URL."""
    substitutions: tuple[tuple[str, Term], ...] = ()
    """Variables bound to typed terms before evaluation (a canned query's parameters), never pasted into the text."""
    truncate: bool = False
    """Past ``max_rows``, answer the first ``max_rows`` rows and say so (the API's ``rows``) instead of refusing."""


class Runner(Protocol):
    """What the endpoint needs of a query engine: run a job within a deadline, stream the answer.

    :class:`Executor` is the local implementation (Oxigraph in a killable
    process); a remote SPARQL store, for data that outgrows one machine, would
    be the second, forwarding the job over HTTP.
    """

    def run(self, job: Job, timeout: float) -> Iterator[bytes]: ...


class _ChunkWriter:
    """A binary file-like object that sends what is written to the parent in chunks."""

    def __init__(self, connection: multiprocessing.connection.Connection) -> None:
        self.connection = connection
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.connection.send_bytes(DATA + bytes(self.buffer))
            self.buffer.clear()


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


def _answer(store: ox.Store, job: Job, connection: multiprocessing.connection.Connection) -> None:
    started = False
    try:
        result = store.query(job.query, **_options(job))
        try:
            ready = prepare(result, job.query, job.result_format, job.max_rows, truncate=job.truncate)
        except Refused as refusal:
            connection.send(("error", refusal.status, refusal.message))
            return
        connection.send(("ok",))
        started = True
        writer = _ChunkWriter(connection)
        ready.write(writer)
        writer.flush()
        connection.send_bytes(END)
    except SyntaxError as error:
        connection.send(("error", 400, explain(job.query, str(error)).text()))
    except (ValueError, RuntimeError, OSError, TypeError) as error:
        if started:
            connection.send_bytes(FAILED + str(error).encode())
        else:
            connection.send(("error", 400, f"the query could not be evaluated: {error}"))


PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``: the signal a process gets when the thread that forked it ends."""


def _parent_of(pid: int) -> int | None:
    """The parent of process ``pid`` (from ``/proc/PID/stat``), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _tie_to_parent(server: int) -> None:
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


def _serve(store_path: str, connection: multiprocessing.connection.Connection, server: int) -> None:
    """The child's loop: tied to the server process, open the store once, answer jobs until the pipe closes."""
    _tie_to_parent(server)
    store = ox.Store.read_only(store_path)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        _answer(store, job, connection)


def _context() -> multiprocessing.context.ForkServerContext:
    """Children forked from a fork server that has already imported Oxigraph: a new one starts in milliseconds.

    Starting each child from scratch (spawn) costs a second of imports, which a
    light query would pay exactly when heavy ones are saturating the CPU.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["coopgraph.engine.processes"])
    return context


class Executor:
    """One child process and the pipe to it; used by one request at a time."""

    context = _context()

    def __init__(self, store_path: str) -> None:
        self.store_path = store_path
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: multiprocessing.connection.Connection | None = None
        self.released = 0.0
        """When its last answer was done (``time.monotonic``): how long a pool's extra has been idle."""

    def _start(self) -> multiprocessing.connection.Connection:
        if self.process is None or not self.process.is_alive():
            parent, child = self.context.Pipe()
            self.process = self.context.Process(target=_serve, args=(self.store_path, child, os.getpid()), daemon=True)
            self.process.start()
            child.close()
            self.connection = parent
        assert self.connection is not None
        return self.connection

    def kill(self) -> None:
        """Stop the child at once; the next job starts a fresh one."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.connection is not None:
            self.connection.close()
        self.process, self.connection = None, None

    def run(self, job: Job, timeout: float) -> Iterator[bytes]:
        """Start ``job``; raise :class:`Refused` or :class:`QueryTimeout` before the first chunk, then stream.

        The deadline covers the whole answer, streaming included. Call as
        ``chunks = executor.run(...)``; ``next(chunks)`` raises the errors (the
        first chunk may be empty), iterating yields the body.
        """
        deadline = time.monotonic() + timeout
        connection = self._start()
        connection.send(job)
        status = self._receive(connection, deadline, timeout)
        if status[0] == "error":
            raise Refused(status[1], status[2])
        return self._stream(connection, deadline, timeout)

    def _receive(self, connection: multiprocessing.connection.Connection, deadline: float, timeout: float) -> Any:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not connection.poll(remaining):
            self.kill()
            raise QueryTimeout(f"the query timed out: it ran longer than {timeout:g} s, the limit of this endpoint")
        try:
            return connection.recv()
        except (EOFError, OSError):
            # the engine died on this query (e.g. its parser ran out of stack on a pathological expression)
            self.kill()
            raise Refused(400, "the query is too complex for this endpoint: the engine could not evaluate it") from None

    def _stream(
        self, connection: multiprocessing.connection.Connection, deadline: float, timeout: float
    ) -> Iterator[bytes]:
        finished = False
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not connection.poll(remaining):
                    raise QueryTimeout(f"the answer took longer than {timeout:g} s and was cut off")
                message = connection.recv_bytes()
                kind, body = message[:1], message[1:]
                if kind == END:
                    finished = True
                    return
                if kind == FAILED:
                    raise RuntimeError(f"the answer failed while streaming: {body.decode(errors='replace')}")
                yield body
        finally:
            if not finished and not self._drain(connection, deadline):
                self.kill()

    def _drain(self, connection: multiprocessing.connection.Connection, deadline: float) -> bool:
        """Read and drop the rest of an answer nobody wants any more (a client hung up), within the deadline.

        Keeps the child for the next query: killing it would make every
        disconnect cost a new process. Returns False when the answer cannot be
        finished in time (the caller then kills the child).
        """
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not connection.poll(remaining):
                    return False
                kind = connection.recv_bytes()[:1]
                if kind in (END, FAILED):
                    return True
        except (EOFError, OSError):
            return False


def pool_size(workers: int) -> int:
    """Query processes each server process keeps: the cores shared out among the ``workers`` (0: one per core)."""
    cores = os.cpu_count() or 1
    return max(1, math.ceil(cores / (workers or cores)))


GRACE = 0.2
"""Seconds a query waits for an idle process of the pool before it gets one of its own."""

LINGER = 3.0
"""Seconds an extra process is kept idle after its last answer, for the next query to find it warm."""


class ExecutorPool:
    """A few query processes shared by all the request threads of a server process: a :class:`Runner`.

    ``size`` processes are kept (started on first use, replaced after a kill).
    The policy when all are busy, say with heavy queries running to their
    deadline: a query waits at most :data:`GRACE` for one to come back, then
    gets an extra process of its own. So light queries never starve behind
    heavy ones. An extra is kept warm for ``linger`` seconds after its answer:
    under sustained concurrency the next query takes it instead of paying a
    fork, a store opening and cold caches (which halved analytic throughput
    when extras ended with their answer), and once the load is gone the pool
    shrinks back to ``size``. Extras are only made for a request that found
    none idle, so the processes never outnumber the request threads. A
    process killed at its deadline comes back last in line: the next query
    takes a warm one rather than waiting for a fresh start.
    """

    def __init__(self, store_path: str, size: int, grace: float = GRACE, linger: float = LINGER) -> None:
        self.store_path, self.size, self.grace, self.linger = store_path, size, grace, linger
        self.idle = [Executor(store_path) for _ in range(size)]
        """Most recently used last: queries take from the end, so the surplus at the front ages out."""
        self.lent: set[Executor] = set()
        self.closed = False
        self.changed = threading.Condition()
        self.reaper: threading.Thread | None = None

    def run(self, job: Job, timeout: float) -> Iterator[bytes]:
        """As :meth:`Executor.run`, on a process of the pool, given back once the answer is done or dropped."""
        executor = self._acquire()
        try:
            chunks = executor.run(job, timeout)
        except BaseException:
            self._release(executor)
            raise
        return _Lent(self, executor, chunks)

    def _acquire(self) -> Executor:
        with self.changed:
            self.changed.wait_for(lambda: bool(self.idle) or self.closed, self.grace)
            found = self.idle.pop() if self.idle and not self.closed else Executor(self.store_path)
            self.lent.add(found)
            return found

    def _release(self, executor: Executor) -> None:
        with self.changed:
            self.lent.discard(executor)
            kept = not self.closed and (len(self.idle) < self.size or self.linger > 0)
            if kept and executor.process is None:
                # killed at its deadline: nothing warm to keep; taken last (a fresh start), ended first
                executor.released = 0.0
                self.idle.insert(0, executor)
                self.changed.notify_all()
            elif kept:
                executor.released = time.monotonic()
                self.idle.append(executor)
                self.changed.notify_all()
                if len(self.idle) > self.size and (self.reaper is None or not self.reaper.is_alive()):
                    self.reaper = threading.Thread(target=self._reap, name="coopgraph-pool-reaper", daemon=True)
                    self.reaper.start()
        if not kept:
            executor.kill()

    def _reap(self) -> None:
        """End the extras idle for longer than ``linger``, oldest first, until the pool is back to its size."""
        while True:
            with self.changed:
                if self.closed or len(self.idle) <= self.size:
                    self.reaper = None
                    return
                oldest = self.idle[0]
                wait = oldest.released + self.linger - time.monotonic()
                if wait > 0:
                    self.changed.wait(wait)
                    continue
                self.idle.pop(0)
            oldest.kill()

    @property
    def alive(self) -> list[Executor]:
        """The executors whose query process is running, idle or answering."""
        with self.changed:
            every = [*self.idle, *self.lent]
        return [e for e in every if e.process is not None and e.process.is_alive()]

    def close(self) -> None:
        """Stop the idle processes now, and each busy one when its answer is done."""
        with self.changed:
            self.closed, idle, self.idle = True, self.idle, []
            self.changed.notify_all()
        for executor in idle:
            executor.kill()


class _Lent:
    """An answer's chunks, which give the process back to the pool when closed, read to the end or dropped.

    An answer whose reading never started (the client left first) leaves the
    child writing into the pipe: that process is killed rather than lent again.
    """

    def __init__(self, pool: ExecutorPool, executor: Executor, chunks: Iterator[bytes]) -> None:
        self.pool, self.executor, self.chunks = pool, executor, chunks
        self.started = False
        self.done = False

    def __iter__(self) -> _Lent:
        return self

    def __next__(self) -> bytes:
        self.started = True
        try:
            return next(self.chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.done:
            return
        self.done = True
        if self.started:
            close = getattr(self.chunks, "close", None)
            if close is not None:
                close()  # finishes or drains the answer, or kills the child
        else:
            self.executor.kill()
        self.pool._release(self.executor)

    def __del__(self) -> None:
        self.close()
