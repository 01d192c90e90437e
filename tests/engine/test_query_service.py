"""One query process for a whole server: every server process's lanes reach it, and none of them can leave it
running a query nobody waits for.

Two pools here stand for two server processes (gunicorn workers) of one
server, sharing one :class:`QueryService` as the workers do.
"""

from __future__ import annotations

import json
import multiprocessing.connection
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from coopgraph.build.layout import Build
from coopgraph.engine.processes import Job, QueryPool, QueryTimeout
from coopgraph.engine.query_child import Hello
from coopgraph.engine.query_service import QueryService
from tests.procs import alive, children_of, ended

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture
def service() -> Iterator[QueryService]:
    running = QueryService.start()
    yield running
    running.stop()


@pytest.fixture
def workers(service: QueryService, published: Build) -> Iterator[tuple[QueryPool, QueryPool]]:
    pools = (
        QueryPool(str(published.store_path), 4, service.address),
        QueryPool(str(published.store_path), 4, service.address),
    )
    yield pools
    for pool in pools:
        pool.close()


def answer(pool: QueryPool, query: str, timeout: float = 10) -> bytes:
    return b"".join(pool.run(Job(query, "json", 1000), timeout))


def lane(service: QueryService) -> tuple[multiprocessing.connection.Connection, Hello]:
    """A lane connected by hand, as a worker's would be, and what the query process says on it."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(service.address)
    connection = multiprocessing.connection.Connection(client.detach())
    assert connection.poll(10)
    return connection, connection.recv()


def test_the_server_processes_share_one_query_process(workers: tuple[QueryPool, QueryPool]) -> None:
    first, second = workers
    assert json.loads(answer(first, "ASK {}"))["boolean"] is True
    assert json.loads(answer(second, "ASK {}"))["boolean"] is True
    assert first.query_process is not None and first.query_process == second.query_process


def test_a_runaway_killed_by_one_server_process_costs_the_others_nothing_but_a_rerun(
    workers: tuple[QueryPool, QueryPool],
) -> None:
    """The neighbour's process was killed for another's deadline: it runs again, and is not taken for a crash."""
    first, second = workers
    alone = json.loads(answer(second, SLOW, timeout=30))["results"]["bindings"][0]["n"]["value"]
    killed = second.query_process
    outcome: list[bytes] = []
    neighbour = threading.Thread(target=lambda: outcome.append(answer(second, SLOW, timeout=30)))
    neighbour.start()
    time.sleep(0.2)
    for _ in range(2):  # two kills under one query would be two crashes, and a 400, were they taken for crashes
        with pytest.raises(QueryTimeout):
            answer(first, CARTESIAN, timeout=0.3)
    assert neighbour.is_alive(), "the neighbour was still running at both kills"
    neighbour.join(60)
    assert outcome and json.loads(outcome[0])["results"]["bindings"][0]["n"]["value"] == alone
    assert ended(killed, within=3) and second.query_process not in (None, killed)


def test_a_query_whose_server_process_hung_up_ends_its_query_process(service: QueryService, published: Build) -> None:
    """A worker killed mid-query (kill -9, the OOM killer) cannot kill its runaway; the query process sees the
    hang-up and ends itself, long before the query's deadline, and a fresh one takes its place."""
    connection, hello = lane(service)
    connection.send((str(published.store_path), time.monotonic() + 60, Job(CARTESIAN, "json", 10)))
    time.sleep(0.3)
    started = time.monotonic()
    connection.close()
    assert ended(hello.pid, within=3), "the query process still runs a query no one waits for"
    assert time.monotonic() - started < 3
    _, fresh = lane(service)
    assert fresh.generation == hello.generation + 1 and hello.generation in fresh.killed


def test_a_query_past_its_deadline_ends_its_query_process_even_when_no_one_kills_it(
    service: QueryService, published: Build
) -> None:
    connection, hello = lane(service)
    connection.send((str(published.store_path), time.monotonic() + 0.5, Job(CARTESIAN, "json", 10)))
    assert ended(hello.pid, within=6), "a runaway ran on past its deadline"
    _, fresh = lane(service)
    assert hello.generation in fresh.killed, "it ended as a kill, so its neighbours run again"
    connection.close()


def test_no_query_process_outlives_the_service(service: QueryService, published: Build) -> None:
    connection, hello = lane(service)
    connection.send((str(published.store_path), time.monotonic() + 60, Job(CARTESIAN, "json", 10)))
    time.sleep(0.3)
    os.kill(service.supervisor.pid, signal.SIGKILL)
    assert ended(hello.pid, within=3), "the query process outlived its supervisor"
    connection.close()


STARTER = """
import sys, time
from coopgraph.engine.query_service import QueryService
service = QueryService.start()
print(service.supervisor.pid, service.address, flush=True)
time.sleep(60)
"""


def test_the_service_ends_with_the_process_that_started_it_however_that_one_ends() -> None:
    """A gunicorn master killed with ``kill -9`` leaves neither supervisor nor query process behind."""
    starter = subprocess.Popen([sys.executable, "-c", STARTER], stdout=subprocess.PIPE, text=True)
    try:
        assert starter.stdout is not None
        supervisor, address = starter.stdout.readline().split()
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(address)
        connection = multiprocessing.connection.Connection(client.detach())
        assert connection.poll(10)
        hello: Hello = connection.recv()
        assert [pid for pid in children_of(int(supervisor)) if alive(pid)] == [hello.pid]
        starter.kill()
        assert ended(int(supervisor), within=3) and ended(hello.pid, within=3)
    finally:
        starter.kill()
        starter.communicate()
