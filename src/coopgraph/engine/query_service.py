"""The query service: one query process for a whole server, restarted by a small supervisor when it ends.

Every server process (gunicorn worker) connects its lanes to one Unix socket
(:class:`QueryService` makes it, in a private directory), and one query
process (:mod:`coopgraph.engine.query_child`) accepts them all: one store
opened once, one block cache and one heap for the whole server, as the
Oxigraph server has. A worker kills that process at a query's deadline
(:mod:`coopgraph.engine.processes`); the supervisor, which owns nothing but
the listening socket, forks a fresh one at once, and the connections waiting
in the socket's backlog are taken by it. Each query process learns from the
supervisor which of its predecessors were killed (SIGKILL: a deadline or the
OOM killer) rather than crashed, and tells every lane on connecting, so a
worker can tell a neighbour's deadline from a crash of its own query.

The supervisor ends when its parent does (its stdin, a pipe only the parent
side writes, reaches end of file), and kills its query process on the way.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import IO

from coopgraph.engine.allocator import environment
from coopgraph.engine.query_child import Hello, serve_socket

KILLED_HISTORY = 256
"""How many of the latest killed generations a new query process tells its lanes of."""


class QueryService:
    """A running supervisor and its socket; :meth:`start` in the process whose children will connect to it.

    The socket lives in a directory only this user can enter, so no other
    local user can reach the query process (its jobs are pickled).
    """

    def __init__(self, directory: Path, supervisor: subprocess.Popen[bytes]) -> None:
        self.directory, self.supervisor = directory, supervisor
        self.address = str(directory / "socket")

    @classmethod
    def start(cls, preload: str | None = None) -> QueryService:
        """Bind the socket here and hand it to a fresh supervisor: a connection made at once waits in the
        backlog until the first query process accepts it, so no one waits for the service to be ready.

        ``preload``, a malloc library (:func:`~coopgraph.engine.allocator.preload_for`), is preloaded into the
        supervisor and so into every query process it forks.
        """
        directory = Path(tempfile.mkdtemp(prefix="coopgraph-query-"))
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(directory / "socket"))
            listener.listen(256)
            supervisor = subprocess.Popen(
                [sys.executable, "-m", "coopgraph.engine.query_service", str(listener.fileno())],
                stdin=subprocess.PIPE,
                pass_fds=(listener.fileno(),),
                env=environment(preload),
            )
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        finally:
            listener.close()
        return cls(directory, supervisor)

    def stop(self) -> None:
        """End the supervisor and its query process, and remove the socket."""
        if self.supervisor.stdin is not None:
            self.supervisor.stdin.close()
        try:
            self.supervisor.wait(10)
        except subprocess.TimeoutExpired:
            self.supervisor.kill()
            self.supervisor.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def _fork_query_process(listener: socket.socket, generation: int, killed: frozenset[int]) -> int:
    """A query process for ``generation``, forked from this single-threaded supervisor."""
    supervisor = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover  (the child; it never returns)
        code = 1
        try:
            serve_socket(listener, supervisor, lambda pid: Hello(pid, generation, killed))
            code = 0
        finally:
            os._exit(code)
    return pid


def _wait_for_end(pid: int, parent: IO[bytes]) -> int | None:
    """The wait status of query process ``pid`` once it ends, or None when the parent went first."""
    process, watched = os.pidfd_open(pid), parent.fileno()
    try:
        while True:
            ready, _, _ = select.select([process, watched], [], [])
            if watched in ready and not os.read(watched, 4096):
                return None
            if process in ready:
                return os.waitpid(pid, 0)[1]
    finally:
        os.close(process)


def supervise(listener: socket.socket, parent: IO[bytes]) -> None:
    """Keep one query process accepting on ``listener`` until ``parent`` closes; then end it too.

    A query process that crashes within a second of its start is restarted
    after half a second, so a crash on starting cannot spin a core; one
    killed (at a deadline) is restarted at once, for the queries beside it.
    """
    killed: deque[int] = deque(maxlen=KILLED_HISTORY)
    generation = 0
    while True:
        generation += 1
        started = time.monotonic()
        pid = _fork_query_process(listener, generation, frozenset(killed))
        status = _wait_for_end(pid, parent)
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed.append(generation)
        elif time.monotonic() - started < 1:
            time.sleep(0.5)


def main(argv: list[str]) -> None:
    """The supervisor's process: ``python -m coopgraph.engine.query_service FD`` with the listening socket's fd.

    Interrupts are ignored: a Ctrl-C in the terminal reaches the whole
    process group, and the server's graceful stop lets the queries in flight
    finish; the supervisor ends with its parent instead.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(fileno=int(argv[0]))
    supervise(listener, sys.stdin.buffer)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
