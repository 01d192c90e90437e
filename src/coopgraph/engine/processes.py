"""Run queries in a process that can be killed when a deadline passes.

Oxigraph cannot interrupt a running query, and a thread cannot be killed, so
a runaway query (a cartesian product, a catastrophic regular expression) would
hold a core for as long as it likes. Here queries run in one query process
for the whole server (:mod:`coopgraph.engine.query_service`), each on a lane
of its own (a Unix socket, and a thread in that process: Oxigraph evaluates
without the GIL, so they run in parallel and share one store and its caches).
Results come back in chunks on the lane; when a deadline passes the query
process is killed (its CPU freed at once) and the queries beside the runaway
run again on the fresh one its supervisor starts.

The query process serialises results itself, so a server process only moves
bytes. Before the first byte it looks ahead ``max_rows + 1`` rows, so an
oversized result is refused with a clear status instead of being cut off
mid-stream.

No query outlives the server process that asked for it: a worker killed with
``kill -9`` (the OOM killer, a deploy) leaves a hung-up lane, and the query
process ends itself when it sees one (:class:`~coopgraph.engine.query_child._Watch`).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing.connection
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coopgraph.engine.allocator import AUTO, preload_for
from coopgraph.engine.guard import Refused
from coopgraph.engine.query_child import END, FAILED, REFUSED, WHOLE, Hello
from coopgraph.engine.query_service import QueryService
from coopgraph.engine.sparql import Term


class QueryTimeout(Exception):
    """The query ran past its deadline and was stopped."""


@dataclass(frozen=True)
class Job:
    """One query to run, with everything the query process needs to answer it."""

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
    row_cap: tuple[int, bool] | None = None
    """At most this many rows, and whether ``LIMIT`` that is to be added to the query for it
    (:meth:`~coopgraph.engine.guard.QueryInfo.row_cap`): such an answer is written whole, in one call."""


class Runner(Protocol):
    """What the endpoint needs of a query engine: run a job within a deadline, stream the answer.

    :class:`QueryPool` is the local implementation (Oxigraph in a killable
    process); :class:`~coopgraph.engine.remote_query.RemoteRunner` forwards the
    job to an external SPARQL engine over HTTP.
    """

    def run(self, job: Job, timeout: float) -> Iterator[bytes]: ...


class Ended(Exception):
    """The query process ended under a query: killed for another query's deadline, or crashed."""

    def __init__(self, by_deadline: bool) -> None:
        super().__init__("the query process ended")
        self.by_deadline = by_deadline


class EngineDown(Refused):
    """The query service cannot be reached (its supervisor is gone): no query can be answered."""

    def __init__(self, error: OSError) -> None:
        super().__init__(503, f"the query engine is not running ({error.strerror or error}); try again later")


HELLO_WAIT = 5.0
"""Seconds a lane waits for a query process to greet it on connecting before the service is taken for down."""


@dataclass
class _Link:
    """A lane's connection to one query process (one *generation* of the service)."""

    connection: multiprocessing.connection.Connection
    generation: int


class QueryLanes:
    """A server process's lanes into the query service, each connected on first use and again after an end.

    The query process says on each connection who it is (its pid, which this
    side holds as a pidfd, so a kill never reaches a reused pid) and which of
    its predecessors were killed. A kill names the generation it means, so
    two queries passing their deadline together kill one process, not the
    fresh one after it.
    """

    def __init__(self, address: str, lanes: int) -> None:
        self.address = address
        self.links: list[_Link | None] = [None] * lanes
        self.lock = threading.Lock()
        self.pidfds: dict[int, int] = {}
        self.killed: set[int] = set()

    def connection(self, lane: int) -> tuple[multiprocessing.connection.Connection, int]:
        """Lane ``lane``'s connection to the running query process and that process's generation.

        An idle lane has nothing to read, unless its process ended (end of
        file): then it is connected again, to the fresh one.
        """
        link = self.links[lane]
        if link is not None and link.connection.poll(0):
            self.drop(lane)
            link = None
        if link is None:
            link = self._connect(lane)
        return link.connection, link.generation

    def _connect(self, lane: int) -> _Link:
        """Connect lane ``lane`` and read the query process's hello.

        The hello is waited for up to :data:`HELLO_WAIT`, not the job's
        deadline: right after a kill, the queries beside the runaway reconnect
        with little of their own time left, and a fresh process that greets
        them a moment later is running, not down (their deadline is checked
        again before they are sent).
        """
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            client.connect(self.address)
        except OSError as error:
            client.close()
            raise EngineDown(error) from None
        connection = multiprocessing.connection.Connection(client.detach())
        try:
            if not connection.poll(HELLO_WAIT):
                raise TimeoutError("the query process did not answer on connecting")
            hello: Hello = connection.recv()
        except (EOFError, OSError) as error:
            connection.close()
            raise EngineDown(error if isinstance(error, OSError) else OSError(str(error))) from None
        with self.lock:
            self.killed |= hello.killed
            if hello.generation not in self.pidfds:
                with contextlib.suppress(ProcessLookupError):  # already gone: the lane reads its end at once
                    self.pidfds[hello.generation] = os.pidfd_open(hello.pid)
            self.links[lane] = link = _Link(connection, hello.generation)
            self._forget_unused()
        return link

    def _forget_unused(self) -> None:
        used = {link.generation for link in self.links if link is not None}
        for generation in [g for g in self.pidfds if g not in used]:
            os.close(self.pidfds.pop(generation))

    def drop(self, lane: int) -> None:
        """Close lane ``lane``'s connection (its process ended, or the answer on it was cut off)."""
        link, self.links[lane] = self.links[lane], None
        if link is not None:
            link.connection.close()

    def kill(self, generation: int, by_deadline: bool) -> None:
        """End generation ``generation`` at once (its CPU freed); the supervisor starts a fresh one."""
        with self.lock:
            if by_deadline:
                self.killed.add(generation)
            pidfd = self.pidfds.get(generation)
            if pidfd is not None:
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)

    def ended(self, lane: int, generation: int) -> Ended:
        """Why generation ``generation`` is gone, once lane ``lane`` has read its end: the lane connects to the
        fresh process, which knows whether the old one was killed (a deadline, here or in another server
        process) or crashed."""
        self.drop(lane)
        if generation not in self.killed:
            self._connect(lane)
        return Ended(generation in self.killed)

    @property
    def pid(self) -> int | None:
        """The pid of the newest query process a lane has spoken to, while it runs (for tests and diagnostics)."""
        with self.lock:
            pidfd = self.pidfds[max(self.pidfds)] if self.pidfds else None
            return None if pidfd is None else _pid_of(pidfd)

    def close(self) -> None:
        with self.lock:
            for lane in range(len(self.links)):
                self.drop(lane)
            self._forget_unused()


def _pid_of(pidfd: int) -> int | None:
    """The pid a pidfd refers to (``/proc/self/fdinfo``), or None once that process has ended."""
    for line in Path(f"/proc/self/fdinfo/{pidfd}").read_text().splitlines():
        if line.startswith("Pid:"):
            pid = int(line.split()[1])
            return pid if pid > 0 else None
    return None


class QueryPool:
    """The request threads' lanes into the query service: the endpoint's local :class:`Runner`.

    There is a lane for every request thread, so a query never waits for a
    process: light queries run beside heavy ones, in parallel, as the Oxigraph
    server's threads do, and the whole server holds one store's memory and
    caches whatever the load. When a query passes its deadline the query
    process is killed (a thread cannot be), and the queries it was running
    for others, read-only and so safe to repeat, are run again on a fresh
    one within what is left of their own deadlines; a neighbour already
    streaming its answer is cut off. A query process that crashes (a query its
    parser or evaluator could not survive) gets the same second chance for
    each of its queries; a query under which it crashes twice is refused.

    ``service`` is the address of a running :class:`QueryService` (the
    server's); without one the pool starts a service of its own on first use,
    on the malloc ``allocator`` names (the ``query_allocator`` setting), and
    stops it when closed.
    """

    def __init__(self, store_path: str, lanes: int, service: str | None = None, allocator: str = AUTO) -> None:
        self.store_path, self.service, self.allocator = store_path, service, allocator
        self.own: QueryService | None = None
        self.lanes: QueryLanes | None = None
        self.free = list(range(lanes))
        self.lent: set[int] = set()
        self.changed = threading.Condition()
        self.closed = self.finished = False

    def _lanes(self) -> QueryLanes:
        with self.changed:
            if self.lanes is None:
                if self.service is None:
                    self.own = QueryService.start(preload_for(self.allocator))
                    self.service = self.own.address
                self.lanes = QueryLanes(self.service, len(self.free) + len(self.lent))
            return self.lanes

    def run(self, job: Job, timeout: float) -> Iterator[bytes]:
        """Start ``job``; raise :class:`Refused` or :class:`QueryTimeout` before the first chunk, then stream.

        The deadline covers the whole answer, streaming included; the chunks
        give the lane back when read to the end, closed or dropped.
        """
        deadline = time.monotonic() + timeout
        lanes = self._lanes()
        lane = self._acquire(deadline, timeout)
        try:
            turn, whole = self._start(lanes, lane, job, deadline, timeout)
        except BaseException:
            self._release(lane)
            raise
        if whole is not None:
            self._release(lane)
            return iter((whole,))
        return _Answer(self, turn)

    def _start(
        self, lanes: QueryLanes, lane: int, job: Job, deadline: float, timeout: float
    ) -> tuple[_Turn, bytes | None]:
        """The job's turn on its lane once the answer has begun, and the answer when it came whole."""
        crashes = 0
        while True:
            if deadline <= time.monotonic():
                raise timed_out(timeout)
            connection, generation = lanes.connection(lane)
            turn = _Turn(lanes, lane, connection, generation, deadline, timeout)
            try:
                try:
                    connection.send((self.store_path, deadline, job))
                except OSError:
                    raise lanes.ended(lane, generation) from None
                first = self._receive(turn)
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
            return turn, first[1:] if first[:1] == WHOLE else None

    @staticmethod
    def _receive(turn: _Turn) -> bytes:
        if not turn.arrived():
            raise timed_out(turn.timeout)
        try:
            return turn.connection.recv_bytes()
        except (EOFError, OSError):
            raise turn.lanes.ended(turn.lane, turn.generation) from None

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
            self._finish()

    @property
    def query_process(self) -> int | None:
        """The pid of the query process answering this pool's queries, once one has (for tests, diagnostics)."""
        return None if self.lanes is None else self.lanes.pid

    @property
    def alive(self) -> bool:
        """Whether it still answers: not closed, or closed with answers in flight."""
        return not self.finished

    def close(self) -> None:
        """Let go of the query service now, or when the last answer in flight is done."""
        with self.changed:
            self.closed = True
            last = not self.lent
        if last:
            self._finish()

    def _finish(self) -> None:
        with self.changed:
            if self.finished:
                return
            self.finished = True
            lanes, own = self.lanes, self.own
        if lanes is not None:
            lanes.close()
        if own is not None:
            own.stop()


def timed_out(timeout: float) -> QueryTimeout:
    """The error of a query that ran past ``timeout``, whichever engine ran it."""
    return QueryTimeout(f"the query timed out: it ran longer than {timeout:g} s, the limit of this endpoint")


@dataclass(frozen=True)
class _Turn:
    """A job's turn on a lane: the connection to the query process answering it, within the job's deadline."""

    lanes: QueryLanes
    lane: int
    connection: multiprocessing.connection.Connection
    generation: int
    deadline: float
    timeout: float

    def arrived(self) -> bool:
        """Whether the next frame is there within the deadline; past it, the query process is killed."""
        remaining = self.deadline - time.monotonic()
        if remaining > 0 and self.connection.poll(remaining):
            return True
        self.lanes.kill(self.generation, by_deadline=True)
        return False


class _Answer:
    """An answer's chunks as they arrive on its lane; the lane goes back to the pool once the answer is done.

    An answer left unread (the client hung up) is drained within its
    deadline, keeping the query process for the queries beside it; only one that
    cannot be finished in time costs a kill.
    """

    def __init__(self, pool: QueryPool, turn: _Turn) -> None:
        self.pool, self.turn = pool, turn
        self.done = False

    def __iter__(self) -> _Answer:
        return self

    def __next__(self) -> bytes:
        if self.done:
            raise StopIteration
        if not self.turn.arrived():
            self._finish()
            raise QueryTimeout(f"the answer took longer than {self.turn.timeout:g} s and was cut off")
        try:
            message = self.turn.connection.recv_bytes()
        except (EOFError, OSError):
            self.turn.lanes.drop(self.turn.lane)
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
            self.pool._release(self.turn.lane)

    def close(self) -> None:
        if not self.done:
            self._drain()
            self._finish()

    def _drain(self) -> None:
        """Read and drop the rest of the answer within the deadline; when it cannot be, the query process is killed."""
        try:
            while self.turn.arrived():
                if self.turn.connection.recv_bytes()[:1] in (END, FAILED):
                    return
        except (EOFError, OSError):
            self.turn.lanes.kill(self.turn.generation, by_deadline=True)

    def __del__(self) -> None:
        self.close()
