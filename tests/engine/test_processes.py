"""A runaway query is stopped for real at its deadline; an oversized answer is refused before it starts.

The pool runs every query in one query process, a lane each: these tests read
like what a server's request threads see of it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from coopgraph.build.layout import Build
from coopgraph.engine.guard import Refused
from coopgraph.engine.processes import Job, QueryPool, QueryTimeout
from tests.procs import ended

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
"""Every triple with every other: a second or two on the bundled data, far within its deadline."""


@pytest.fixture
def pool(published: Build) -> Iterator[QueryPool]:
    running = QueryPool(str(published.store_path), lanes=4)
    yield running
    running.close()


def answer(pool: QueryPool, query: str, fmt: str = "json", max_rows: int = 1000, timeout: float = 10) -> bytes:
    return b"".join(pool.run(Job(query, fmt, max_rows), timeout))


def in_background(work: object) -> tuple[threading.Thread, list[object]]:
    """Run ``work`` (a callable) on a thread; what it returns or raises lands in the list."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())  # type: ignore[operator]
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_a_query_is_answered_and_streamed(pool: QueryPool) -> None:
    body = json.loads(answer(pool, "SELECT (COUNT(*) AS ?n) WHERE { ?a a coop:CooperationAgreement }"))
    assert body["results"]["bindings"][0]["n"]["value"] == "23"


def test_a_runaway_query_is_killed_at_its_deadline_and_the_next_one_runs(pool: QueryPool) -> None:
    answer(pool, "ASK {}")
    child = pool.query_process
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1 s"):
        answer(pool, CARTESIAN, timeout=1)
    assert time.monotonic() - started < 3
    assert ended(child, within=3), "the CPU-bound query process must be gone"
    assert json.loads(answer(pool, "ASK {}"))["boolean"] is True
    assert pool.query_process not in (None, child)
    assert not pool.lent


def test_more_rows_than_the_limit_are_refused_before_any_byte(pool: QueryPool) -> None:
    with pytest.raises(Refused) as refusal:
        answer(pool, "SELECT ?m WHERE { ?m a coop:Municipality }", max_rows=5)
    assert refusal.value.status == 400 and "more than 5 rows" in refusal.value.message
    limited = json.loads(answer(pool, "SELECT ?m WHERE { ?m a coop:Municipality } LIMIT 5", max_rows=5))
    assert len(limited["results"]["bindings"]) == 5


def test_a_syntax_error_says_line_and_column(pool: QueryPool) -> None:
    with pytest.raises(Refused) as refusal:
        answer(pool, "SELECT ?x WHERE {\n  ?x ?y }")
    assert refusal.value.status == 400 and "line 2, column" in refusal.value.message


def test_graph_results_are_serialised_in_the_asked_format(pool: QueryPool) -> None:
    from rdflib import Graph

    body = answer(pool, "CONSTRUCT WHERE { ?p a coop:Project }", fmt="turtle")
    assert len(Graph().parse(data=body.decode(), format="turtle")) == 4


def test_an_answer_abandoned_half_way_keeps_the_process_for_the_next_query(pool: QueryPool) -> None:
    chunks = pool.run(Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "json", 100_000), timeout=10)
    next(chunks)  # the client reads the first chunk, then hangs up
    child = pool.query_process
    chunks.close()  # type: ignore[attr-defined]
    assert child is not None and pool.query_process == child and not ended(child, within=0)
    assert not pool.lent, "the lane is free again"
    assert json.loads(answer(pool, "ASK {}"))["boolean"] is True


def test_an_answer_dropped_before_its_first_byte_frees_its_lane_and_keeps_the_process(pool: QueryPool) -> None:
    chunks = pool.run(Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "json", 100_000), timeout=10)
    child = pool.query_process
    chunks.close()  # type: ignore[attr-defined]
    assert not pool.lent and child is not None and pool.query_process == child
    assert json.loads(answer(pool, "ASK {}"))["boolean"] is True


def test_queries_at_once_share_one_process(pool: QueryPool) -> None:
    answer(pool, "ASK {}")
    child = pool.query_process
    running = [in_background(lambda: answer(pool, SLOW, timeout=30)) for _ in range(3)]
    time.sleep(0.3)
    started = time.monotonic()
    assert json.loads(answer(pool, "ASK {}"))["boolean"] is True
    assert time.monotonic() - started < 1, "a light query waits for no heavy one"
    for thread, _ in running:
        thread.join(60)
    counts = {json.loads(outcome[0])["results"]["bindings"][0]["n"]["value"] for _, outcome in running}  # type: ignore[arg-type]
    assert len(counts) == 1, "each heavy query answered, the same count"
    assert pool.query_process == child, "all in the one process"


def test_the_queries_beside_a_runaway_are_run_again_when_it_is_killed(pool: QueryPool) -> None:
    answer(pool, "ASK {}")
    alone = json.loads(answer(pool, SLOW, timeout=30))["results"]["bindings"][0]["n"]["value"]
    child = pool.query_process
    neighbour, outcome = in_background(lambda: answer(pool, SLOW, timeout=30))
    time.sleep(0.2)
    with pytest.raises(QueryTimeout):
        answer(pool, CARTESIAN, timeout=0.5)  # killed while the neighbour is still counting
    assert neighbour.is_alive(), "the neighbour was still running when the runaway was killed"
    neighbour.join(60)
    assert outcome and not isinstance(outcome[0], BaseException), outcome
    assert json.loads(outcome[0])["results"]["bindings"][0]["n"]["value"] == alone  # type: ignore[arg-type]
    assert pool.query_process not in (None, child), "it was answered by the fresh process"


def test_closing_the_pool_waits_for_the_answer_in_flight(pool: QueryPool) -> None:
    chunks = pool.run(Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "json", 100_000), timeout=10)
    pool.close()
    assert pool.alive, "still answering"
    assert b"".join(chunks)
    assert not pool.alive, "stopped with its last answer"
