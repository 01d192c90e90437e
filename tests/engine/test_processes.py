"""A runaway query is stopped for real at its deadline; an oversized answer is refused before it starts."""

from __future__ import annotations

import json
import threading
import time

import pytest

from coopgraph.build.layout import Build
from coopgraph.engine.guard import Refused
from coopgraph.engine.processes import Executor, ExecutorPool, Job, QueryTimeout

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def executor(published: Build):
    running = Executor(str(published.store_path))
    yield running
    running.kill()


def answer(executor: Executor, query: str, fmt: str = "json", max_rows: int = 1000, timeout: float = 10) -> bytes:
    return b"".join(executor.run(Job(query, fmt, max_rows), timeout))


def test_a_query_is_answered_and_streamed(executor: Executor) -> None:
    body = json.loads(answer(executor, "SELECT (COUNT(*) AS ?n) WHERE { ?a a coop:CooperationAgreement }"))
    assert body["results"]["bindings"][0]["n"]["value"] == "23"


def test_a_runaway_query_is_killed_at_its_deadline_and_the_next_one_runs(executor: Executor) -> None:
    answer(executor, "ASK {}")
    child = executor.process
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1 s"):
        answer(executor, CARTESIAN, timeout=1)
    assert time.monotonic() - started < 3
    assert child is not None and not child.is_alive(), "the CPU-bound child must be gone"
    assert json.loads(answer(executor, "ASK {}"))["boolean"] is True
    assert executor.process is not child


def test_more_rows_than_the_limit_are_refused_before_any_byte(executor: Executor) -> None:
    with pytest.raises(Refused) as refusal:
        answer(executor, "SELECT ?m WHERE { ?m a coop:Municipality }", max_rows=5)
    assert refusal.value.status == 400 and "more than 5 rows" in refusal.value.message
    assert (
        len(
            json.loads(answer(executor, "SELECT ?m WHERE { ?m a coop:Municipality } LIMIT 5", max_rows=5))["results"][
                "bindings"
            ]
        )
        == 5
    )


def test_a_syntax_error_says_line_and_column(executor: Executor) -> None:
    with pytest.raises(Refused) as refusal:
        answer(executor, "SELECT ?x WHERE {\n  ?x ?y }")
    assert refusal.value.status == 400 and "line 2, column" in refusal.value.message


def test_graph_results_are_serialised_in_the_asked_format(executor: Executor) -> None:
    from rdflib import Graph

    body = answer(executor, "CONSTRUCT WHERE { ?p a coop:Project }", fmt="turtle")
    assert len(Graph().parse(data=body.decode(), format="turtle")) == 4


def test_an_answer_abandoned_half_way_keeps_the_process_for_the_next_query(executor: Executor) -> None:
    chunks = executor.run(Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "json", 100_000), timeout=10)
    next(chunks)  # the client reads the first chunk, then hangs up
    child = executor.process
    chunks.close()
    assert executor.process is child and child is not None and child.is_alive()
    assert json.loads(answer(executor, "ASK {}"))["boolean"] is True


@pytest.fixture
def pool(published: Build):
    """A pool of one process whose extras end with their answer (no lingering)."""
    shared = ExecutorPool(str(published.store_path), size=1, grace=0.1, linger=0)
    yield shared
    shared.close()


@pytest.fixture
def lingering(published: Build):
    """A pool of one process whose extras are kept warm for eight seconds after their answer."""
    shared = ExecutorPool(str(published.store_path), size=1, grace=0.1, linger=8.0)
    yield shared
    shared.close()


def test_the_pool_answers_a_light_query_beside_a_runaway_and_keeps_only_its_size(pool: ExecutorPool) -> None:
    assert json.loads(b"".join(pool.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True
    kept = pool.alive
    assert len(kept) == 1
    stopped: list[BaseException] = []

    def runaway() -> None:
        try:
            b"".join(pool.run(Job(CARTESIAN, "json", 10), 3))
        except QueryTimeout as error:
            stopped.append(error)

    heavy = threading.Thread(target=runaway)
    heavy.start()
    time.sleep(0.5)  # the pool's one process is busy with the runaway
    started = time.monotonic()
    assert json.loads(b"".join(pool.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True
    assert time.monotonic() - started < 2, "the light query got a process of its own instead of waiting"
    assert kept[0] in pool.lent, "the runaway has the pool's process"
    heavy.join(10)
    assert stopped, "the runaway was stopped at its deadline"
    assert not pool.lent and len(pool.idle) == 1, "the extra process ended with its answer"
    assert kept[0].process is None, "the runaway's process was killed, to be replaced on the next query"
    assert json.loads(b"".join(pool.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True
    assert len(pool.alive) == 1


def test_an_answer_dropped_before_its_first_byte_gives_back_a_fresh_process(pool: ExecutorPool) -> None:
    chunks = pool.run(Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "json", 100_000), timeout=10)
    lent = next(iter(pool.lent))
    first = lent.process
    del chunks  # the client hung up before the answer was read
    assert not pool.lent and first is not None and not first.is_alive()
    assert json.loads(b"".join(pool.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True


def test_an_extra_process_is_kept_warm_for_the_next_query_then_ended_when_the_load_is_gone(
    lingering: ExecutorPool,
) -> None:
    def in_parallel(first: str, second: str) -> None:
        """Two queries at once: the second finds the pool's process busy and takes (or makes) an extra."""
        heavy = threading.Thread(target=lambda: b"".join(lingering.run(Job(first, "json", 10), 30)))
        heavy.start()
        time.sleep(0.15)
        assert json.loads(b"".join(lingering.run(Job(second, "json", 10), 5)))["boolean"] is True
        heavy.join(10)

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # a few seconds on the bundled data
    in_parallel(slow, "ASK {}")
    extras = list(lingering.alive)
    assert len(extras) == 2, "the extra process is kept after its answer"
    pids = {e.process.pid for e in extras if e.process is not None}
    in_parallel(slow, "ASK {}")
    assert {e.process.pid for e in lingering.alive if e.process is not None} == pids, "the warm extra answered"
    deadline = time.monotonic() + 15
    while len(lingering.alive) > 1:
        assert time.monotonic() < deadline, "the extra process outlived its idle period"
        time.sleep(0.1)
    assert len(lingering.idle) == 1 and not lingering.lent
    assert json.loads(b"".join(lingering.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True


def test_after_a_runaway_is_killed_the_next_query_gets_a_warm_process_not_a_fresh_start(
    lingering: ExecutorPool,
) -> None:
    stopped: list[BaseException] = []

    def runaway() -> None:
        try:
            b"".join(lingering.run(Job(CARTESIAN, "json", 10), 2))
        except QueryTimeout as error:
            stopped.append(error)

    heavy = threading.Thread(target=runaway)
    heavy.start()
    time.sleep(0.5)  # the pool's one process has the runaway; the next query gets an extra
    assert json.loads(b"".join(lingering.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True
    warm = {e.process.pid for e in lingering.alive if e.process is not None and e not in lingering.lent}
    heavy.join(10)
    assert stopped and len(warm) == 1, "the runaway was stopped; the extra is kept warm"
    assert json.loads(b"".join(lingering.run(Job("ASK {}", "json", 10), 5)))["boolean"] is True
    assert {e.process.pid for e in lingering.alive if e.process is not None} == warm, "no fresh process started"
