"""What the query process sends on a lane: a small answer whole, a large one in chunks, a refusal with its status."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time

import pyoxigraph as ox
import pytest

from coopgraph.build.layout import Build
from coopgraph.engine import query_child
from coopgraph.engine.guard import inspect_query
from coopgraph.engine.processes import Job
from coopgraph.engine.query_child import CHUNK, DATA, END, REFUSED, STREAM, WHOLE, _answer, _Watch


@pytest.fixture(scope="module")
def store(published: Build) -> ox.Store:
    return ox.Store.read_only(str(published.store_path))


def frames(store: ox.Store, job: Job) -> list[bytes]:
    """Every frame the lane carries for ``job``, in order."""
    parent, child = multiprocessing.Pipe()
    writer = threading.Thread(target=_answer, args=(store, job, child))  # a pipe holds only so much
    writer.start()
    found = []
    while writer.is_alive() or parent.poll(0):
        if parent.poll(0.1):
            found.append(parent.recv_bytes())
    writer.join()
    return found


def test_a_small_answer_comes_whole_in_one_frame(store: ox.Store) -> None:
    [frame] = frames(store, Job("SELECT (COUNT(*) AS ?n) WHERE { ?a a coop:CooperationAgreement }", "json", 10))
    assert frame[:1] == WHOLE
    assert json.loads(frame[1:])["results"]["bindings"][0]["n"]["value"] == "23"


def test_a_large_answer_is_streamed_in_chunks_then_ended(store: ox.Store) -> None:
    sent = frames(store, Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "json", 100_000))
    assert sent[0] == STREAM and sent[-1] == END
    body = b"".join(frame[1:] for frame in sent[1:-1])
    assert all(frame[:1] == DATA and len(frame) < 2 * CHUNK for frame in sent[1:-1])
    assert len(sent) > 3 and json.loads(body)["results"]["bindings"]


def test_a_refusal_carries_its_status_and_words(store: ox.Store) -> None:
    [frame] = frames(store, Job("SELECT ?m WHERE { ?m a coop:Municipality }", "json", 5))
    assert frame[:1] == REFUSED
    status, message = json.loads(frame[1:])
    assert status == 400 and "more than 5 rows" in message


def test_a_small_answer_from_the_python_writers_comes_whole_too(store: ox.Store) -> None:
    [boolean] = frames(store, Job("ASK { ?a a coop:CooperationAgreement }", "json", 10))
    [table] = frames(store, Job("SELECT ?m WHERE { ?m a coop:Municipality } LIMIT 3", "csv", 10))
    assert boolean[:1] == WHOLE and json.loads(boolean[1:])["boolean"] is True
    assert table[:1] == WHOLE and len(table[1:].decode().splitlines()) == 4


class CountingTrims:
    def __init__(self) -> None:
        self.trims = 0

    def __call__(self) -> None:
        self.trims += 1


def test_the_heap_is_trimmed_once_after_a_quiet_second_never_under_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trimming whenever the last lane finished halved uncached lookups on a busy server: it waits for quiet."""
    watch = _Watch()
    libc = CountingTrims()
    monkeypatch.setattr(query_child, "give_back_free_memory", libc)
    monkeypatch.setattr(_Watch, "QUIET", 0.3)
    with watch.job(fd=7, deadline=time.monotonic() + 10):
        watch.settle()
    watch.settle()
    assert libc.trims == 0, "a lane has just been busy"
    time.sleep(0.35)
    watch.settle()
    watch.settle()
    assert libc.trims == 1, "once quiet, trimmed once, and not again while nothing runs"
    with watch.job(fd=7, deadline=time.monotonic() + 10):
        time.sleep(0.35)
        watch.settle()
    assert libc.trims == 1, "never while a lane is busy"


def bounded(query: str, max_rows: int) -> Job:
    """The job as the endpoint makes it: bounded by a LIMIT of the query's own or one added."""
    return Job(query, "json", max_rows, row_cap=inspect_query(query, 40).row_cap(max_rows))


def test_a_bounded_answer_is_the_same_answer_written_whole(store: ox.Store) -> None:
    query = "SELECT ?m ?label WHERE { ?m a coop:Municipality ; rdfs:label ?label } ORDER BY ?m ?label"
    as_streamed = frames(store, Job(query, "json", 1000))
    [whole] = frames(store, bounded(query, 1000))
    assert whole[:1] == WHOLE and json.loads(whole[1:]) == json.loads(b"".join(f[1:] for f in as_streamed))


def test_a_bounded_query_past_the_row_limit_is_refused_as_before(store: ox.Store) -> None:
    [frame] = frames(store, bounded("SELECT ?m WHERE { ?m a coop:Municipality }", 5))
    assert frame[:1] == REFUSED and "more than 5 rows" in json.loads(frame[1:])[1]
    [exactly] = frames(store, bounded("SELECT ?m WHERE { ?m a coop:Municipality } LIMIT 5", 5))
    assert exactly[:1] == WHOLE and len(json.loads(exactly[1:])["results"]["bindings"]) == 5


def test_an_error_in_a_bounded_query_points_into_the_query_as_written(store: ox.Store) -> None:
    [frame] = frames(store, bounded("SELECT ?m WHERE { ?m a coop:Municipality } ORDER BY", 5))
    status, message = json.loads(frame[1:])
    assert frame[:1] == REFUSED and status == 400
    assert "line 1" in message and "LIMIT" not in message, message
