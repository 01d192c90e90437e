"""Run queries in a child process that can be killed when a deadline passes.

Oxigraph cannot interrupt a running query, and a thread cannot be killed, so
a runaway query (a cartesian product, a catastrophic regular expression) would
hold a core for as long as it likes. Here queries run in one child process per
server process (:class:`QueryPool`), each on a lane of its own (a pipe and a
thread in the child: Oxigraph evaluates without the GIL, so they run in
parallel and share one store and its caches). Results come back in chunks
through the lane's pipe; when a deadline passes the child is killed (its CPU
freed at once) and the queries beside the runaway run again on a fresh one.

The child serialises results itself, so the parent only moves bytes. Before
the first byte it looks ahead ``max_rows + 1`` rows, so an oversized result is
refused with a clear status instead of being cut off mid-stream.

No child outlives the server process that asked for it (:func:`~coopgraph.engine.query_child.tie_to_parent`):
a worker killed with ``kill -9`` (the OOM killer, a deploy) takes its query
process with it instead of leaving it running under init.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from coopgraph.engine.guard import Refused
from coopgraph.engine.query_child import END, FAILED, REFUSED, WHOLE, serve
from coopgraph.engine.sparql import Term


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

    :class:`QueryPool` is the local implementation (Oxigraph in a killable
    process); :class:`~coopgraph.engine.remote_query.RemoteRunner` forwards the
    job to an external SPARQL engine over HTTP.
    """

    def run(self, job: Job, timeout: float) -> Iterator[bytes]: ...


def _context() -> multiprocessing.context.ForkServerContext:
    """Children forked from a fork server that has already imported Oxigraph: a new one starts in milliseconds.

    Starting each child from scratch (spawn) costs a second of imports, which
    the queries in flight would pay exactly when a runaway has just been killed.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["coopgraph.engine.processes"])
    return context


class Ended(Exception):
    """The query process ended under a query: killed for another query's deadline, or crashed."""

    def __init__(self, by_deadline: bool) -> None:
        super().__init__("the query process ended")
        self.by_deadline = by_deadline


class QueryProcess:
    """The child process and its lanes, one pipe each, started on first use and again after each end.

    Each start is a new *generation*; a lane's connection belongs to one. A
    kill names the generation it means, so two queries passing their deadline
    together kill one process, not the fresh one after it.
    """

    context = _context()

    def __init__(self, store_path: str, lanes: int) -> None:
        self.store_path, self.lanes = store_path, lanes
        self.lock = threading.Lock()
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connections: list[multiprocessing.connection.Connection] = []
        self.generation = 0
        self.killed_by_deadline: set[int] = set()

    def connection(self, lane: int) -> tuple[multiprocessing.connection.Connection, int]:
        """Lane ``lane``'s pipe to the running child (started if there is none) and the child's generation."""
        with self.lock:
            if self.process is None:
                pipes = [self.context.Pipe() for _ in range(self.lanes)]
                process = self.context.Process(
                    target=serve, args=(self.store_path, [child for _, child in pipes], os.getpid()), daemon=True
                )
                try:
                    process.start()
                finally:
                    for _, child in pipes:
                        child.close()
                self.process, self.connections = process, [parent for parent, _ in pipes]
                self.generation += 1
            return self.connections[lane], self.generation

    def kill(self, generation: int, by_deadline: bool) -> None:
        """End generation ``generation`` at once (its CPU freed); the next query starts a fresh child."""
        with self.lock:
            if generation != self.generation or self.process is None:
                return
            if by_deadline:
                self.killed_by_deadline.add(generation)
            process, self.process = self.process, None
        process.kill()
        process.join(5)

    def ended(self, generation: int) -> Ended:
        """Why generation ``generation`` is gone, once a lane has read its end; the child is reaped."""
        self.kill(generation, by_deadline=False)
        return Ended(generation in self.killed_by_deadline)

    @property
    def pid(self) -> int | None:
        with self.lock:
            return None if self.process is None else self.process.pid

    def stop(self) -> None:
        """End the child for good (the build is no longer served)."""
        with self.lock:
            generation = self.generation
        self.kill(generation, by_deadline=False)


class QueryPool:
    """The request threads' lanes into one query process: the endpoint's local :class:`Runner`.

    There is a lane for every request thread, so a query never waits for a
    process: light queries run beside heavy ones, in parallel, as the Oxigraph
    server's threads do, and the server holds one store's memory and caches
    per server process whatever the load. When a query passes its deadline
    the child is killed (a thread cannot be), and the queries it was running
    for others, read-only and so safe to repeat, are run again on a fresh
    child within what is left of their own deadlines; a neighbour already
    streaming its answer is cut off. A child that crashes (a query its parser
    or evaluator could not survive) gets the same second chance for each of
    its queries; a query under which it crashes twice is refused.
    """

    def __init__(self, store_path: str, lanes: int) -> None:
        self.child = QueryProcess(store_path, lanes)
        self.free = list(range(lanes))
        self.lent: set[int] = set()
        self.changed = threading.Condition()
        self.closed = False

    def run(self, job: Job, timeout: float) -> Iterator[bytes]:
        """Start ``job``; raise :class:`Refused` or :class:`QueryTimeout` before the first chunk, then stream.

        The deadline covers the whole answer, streaming included; the chunks
        give the lane back when read to the end, closed or dropped.
        """
        deadline = time.monotonic() + timeout
        lane = self._acquire(deadline, timeout)
        try:
            connection, generation, whole = self._start(lane, job, deadline, timeout)
        except BaseException:
            self._release(lane)
            raise
        if whole is not None:
            self._release(lane)
            return iter((whole,))
        return _Answer(self, lane, connection, generation, deadline, timeout)

    def _start(
        self, lane: int, job: Job, deadline: float, timeout: float
    ) -> tuple[multiprocessing.connection.Connection, int, bytes | None]:
        """The lane's connection and generation once the answer has begun, and the answer when it came whole."""
        crashes = 0
        while True:
            if deadline <= time.monotonic():
                raise timed_out(timeout)
            connection, generation = self.child.connection(lane)
            try:
                try:
                    connection.send(job)
                except OSError:
                    raise self.child.ended(generation) from None
                first = self._receive(connection, generation, deadline, timeout)
            except Ended as end:
                crashes += not end.by_deadline
                if crashes < 2:
                    continue
                raise Refused(
                    400, "the query is too complex for this endpoint: the engine could not evaluate it"
                ) from None
            if first[:1] == REFUSED:
                status, message = json.loads(first[1:])
                raise Refused(status, message)
            return connection, generation, first[1:] if first[:1] == WHOLE else None

    def _receive(
        self, connection: multiprocessing.connection.Connection, generation: int, deadline: float, timeout: float
    ) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not connection.poll(remaining):
            self.child.kill(generation, by_deadline=True)
            raise timed_out(timeout)
        try:
            return connection.recv_bytes()
        except (EOFError, OSError):
            raise self.child.ended(generation) from None

    def _acquire(self, deadline: float, timeout: float) -> int:
        with self.changed:
            if not self.changed.wait_for(lambda: bool(self.free), deadline - time.monotonic()):
                raise timed_out(timeout)
            lane = self.free.pop()
            self.lent.add(lane)
            return lane

    def _release(self, lane: int) -> None:
        with self.changed:
            self.lent.discard(lane)
            self.free.append(lane)
            self.changed.notify()
            last = self.closed and not self.lent
        if last:
            self.child.stop()

    @property
    def alive(self) -> bool:
        """Whether its query process is running."""
        return self.child.pid is not None

    def close(self) -> None:
        """Stop the query process now, or when the last answer in flight is done."""
        with self.changed:
            self.closed = True
            last = not self.lent
        if last:
            self.child.stop()


def timed_out(timeout: float) -> QueryTimeout:
    """The error of a query that ran past ``timeout``, whichever engine ran it."""
    return QueryTimeout(f"the query timed out: it ran longer than {timeout:g} s, the limit of this endpoint")


class _Answer:
    """An answer's chunks as they arrive on its lane; the lane goes back to the pool once the answer is done.

    An answer left unread (the client hung up) is drained within its
    deadline, keeping the child for the queries beside it; only one that
    cannot be finished in time costs a kill.
    """

    def __init__(
        self,
        pool: QueryPool,
        lane: int,
        connection: multiprocessing.connection.Connection,
        generation: int,
        deadline: float,
        timeout: float,
    ) -> None:
        self.pool, self.lane, self.connection, self.generation = pool, lane, connection, generation
        self.deadline, self.timeout = deadline, timeout
        self.done = False

    def __iter__(self) -> _Answer:
        return self

    def __next__(self) -> bytes:
        if self.done:
            raise StopIteration
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or not self.connection.poll(remaining):
            self.pool.child.kill(self.generation, by_deadline=True)
            self._finish()
            raise QueryTimeout(f"the answer took longer than {self.timeout:g} s and was cut off")
        try:
            message = self.connection.recv_bytes()
        except (EOFError, OSError):
            self.pool.child.ended(self.generation)
            self._finish()
            raise RuntimeError("the answer was cut off: its query process ended") from None
        kind, body = message[:1], message[1:]
        if kind == END:
            self._finish()
            raise StopIteration
        if kind == FAILED:
            self._finish()
            raise RuntimeError(f"the answer failed while streaming: {body.decode(errors='replace')}")
        return body

    def _finish(self) -> None:
        if not self.done:
            self.done = True
            self.pool._release(self.lane)

    def close(self) -> None:
        if self.done:
            return
        if not self._drain():
            self.pool.child.kill(self.generation, by_deadline=True)
        self._finish()

    def _drain(self) -> bool:
        """Read and drop the rest of the answer within the deadline; False when it cannot be finished in time."""
        try:
            while True:
                remaining = self.deadline - time.monotonic()
                if remaining <= 0 or not self.connection.poll(remaining):
                    return False
                if self.connection.recv_bytes()[:1] in (END, FAILED):
                    return True
        except (EOFError, OSError):
            return False

    def __del__(self) -> None:
        self.close()
