"""The query process behind a real server: one serves every worker's threads, and no query outlives its worker.

The gunicorn master starts the query service's supervisor beside its
workers, and the supervisor forks the one query process: master → supervisor
→ query process. These tests walk ``/proc`` for that tree, knowing each
process by its pid and start time, so a pid reused by an unrelated process is
never mistaken for a survivor.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from coopgraph.build.layout import Build
from tests.procs import alive, children_of, stat_of
from tests.server import running_server

Identity = tuple[int, int]
"""A process as (pid, start time in clock ticks since boot): unique while the machine runs."""


def identity(pid: int) -> Identity | None:
    fields = stat_of(pid)
    return None if fields is None else (pid, int(fields[19]))


def running(process: Identity) -> bool:
    """Whether exactly this process still exists and is not a zombie (dead, waiting to be reaped)."""
    fields = stat_of(process[0])
    return fields is not None and int(fields[19]) == process[1] and fields[0] not in ("Z", "X")


def cpu_seconds(pid: int) -> float:
    fields = stat_of(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def master_of(url: str) -> int:
    """The gunicorn master serving ``url``: this test's child running ``coopgraph serve … --port PORT``."""
    port = str(urlsplit(url).port)
    for pid in children_of(os.getpid()):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if b"serve" in command and b"--port" in command and command[command.index(b"--port") + 1] == port.encode():
            return pid
    raise AssertionError(f"no server process of this test listens on port {port}")


def command_of(pid: int) -> list[bytes]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return []


def supervisor_of(master: int) -> int:
    """The query service's supervisor: the master's child running ``coopgraph.engine.query_service``."""
    [found] = [pid for pid in children_of(master) if b"coopgraph.engine.query_service" in command_of(pid)]
    return found


def workers_of(master: int) -> list[int]:
    return [pid for pid in children_of(master) if b"coopgraph.engine.query_service" not in command_of(pid)]


def query_processes(master: int) -> list[int]:
    """The server's query processes: the children of its supervisor (one, but for a moment after a kill)."""
    return [pid for pid in children_of(supervisor_of(master)) if alive(pid)]


def ask(url: str, query: str, timeout: float) -> requests.Response:
    return requests.get(
        f"{url}/sparql", params={"query": query}, headers={"Accept": "application/json"}, timeout=timeout
    )


def heavy(i: int) -> str:
    """A cartesian product of every triple with itself four times: far past any deadline."""
    return f"SELECT (COUNT(*) AS ?n{i}) WHERE {{ ?a{i} ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }}"


def light(i: int) -> str:
    return f"ASK {{ FILTER({i} = {i}) }}"


def in_background(url: str, query: str, timeout: float, statuses: list[int] | None = None) -> threading.Thread:
    """Send ``query`` from a thread, adding its status to ``statuses`` (a connection lost adds nothing)."""

    def send() -> None:
        try:
            status = ask(url, query, timeout).status_code
        except requests.RequestException:
            return
        if statuses is not None:
            statuses.append(status)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.fixture
def patient(published: Build) -> Iterator[str]:
    """A server whose queries may run for 30 s, with no response cache."""
    settings = {"COOPGRAPH_QUERY_TIMEOUT": "30", "COOPGRAPH_CACHE_ENTRIES": "0"}
    with running_server(published.path.parent.parent, settings=settings) as url:
        yield url


def test_killing_the_workers_mid_query_leaves_no_query_running(patient: str) -> None:
    """The worker that would kill its runaway at the deadline is gone; the query process ends the query itself."""
    master = master_of(patient)
    sender = in_background(patient, heavy(0), timeout=40)
    workers = workers_of(master)

    def busy() -> list[int]:
        return [pid for pid in query_processes(master) if cpu_seconds(pid) >= 0.5]

    wait_for(busy, 15, "the cartesian product never started in the query process")
    doomed = [found for found in map(identity, busy()) if found is not None]
    for worker in workers:
        os.kill(worker, signal.SIGKILL)

    wait_for(lambda: not any(map(running, doomed)), 5, "the query ran on after its worker was killed")
    sender.join(10)

    # gunicorn starts new workers, which answer, from a fresh query process
    deadline = time.monotonic() + 30
    while True:
        try:
            response = ask(patient, light(1), timeout=5)
            if response.status_code == 200:
                break
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, "the server did not answer again after its workers were killed"
        time.sleep(0.2)
    assert response.json()["boolean"] is True
    assert not set(workers_of(master)) & set(workers)
    assert len(query_processes(master)) == 1


def test_killing_the_whole_server_leaves_no_process_behind(patient: str) -> None:
    master = master_of(patient)
    sender = in_background(patient, heavy(0), timeout=40)
    wait_for(lambda: any(cpu_seconds(pid) >= 0.5 for pid in query_processes(master)), 15, "the query never ran")
    tree = [master, *children_of(master), *query_processes(master)]
    doomed = [found for found in map(identity, tree) if found is not None]
    for pid in [master, *workers_of(master)]:
        os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not any(map(running, doomed)), 5, "a process outlived the server")
    sender.join(10)


@pytest.fixture
def limited(published: Build) -> Iterator[str]:
    """A server whose queries are stopped after 6 s, with no response cache."""
    settings = {"COOPGRAPH_QUERY_TIMEOUT": "6", "COOPGRAPH_CACHE_ENTRIES": "0"}
    with running_server(published.path.parent.parent, settings=settings) as url:
        yield url


def test_light_queries_are_answered_while_heavy_ones_run_in_the_servers_one_query_process(limited: str) -> None:
    """Two workers on two cores; four heavy queries running; light ones still come back, and no process is added."""
    cores = os.cpu_count() or 1
    statuses: list[int] = []
    heavy_load = [in_background(limited, heavy(i), 30, statuses) for i in range(cores + 2)]
    master = master_of(limited)
    wait_for(
        lambda: sum(cpu_seconds(pid) for pid in query_processes(master)) >= 0.3 * cores,
        15,
        "the heavy queries never ran",
    )
    for i in range(10):
        started = time.monotonic()
        response = ask(limited, light(i), timeout=10)
        assert response.status_code == 200 and response.json()["boolean"] is True
        assert time.monotonic() - started < 2, f"light query {i} waited {time.monotonic() - started:.1f} s"
        assert len(query_processes(master)) == 1, "one query process, whatever the load"
    for thread in heavy_load:
        thread.join(30)
    assert statuses == [503] * len(heavy_load), "each heavy query is stopped at its deadline"
