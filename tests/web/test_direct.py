"""A researcher's plain GET is answered without Flask, exactly as the view would answer it.

A notebook or SPARQLWrapper sends ``GET /sparql?query=…`` with one media type
in Accept: the front hands that to the direct path (no gunicorn parser, no
Flask). Every such request is sent here twice to a real server, once plain and
once with a header that sends it to the view instead, and the two answers
must agree in status, headers and body: results in each format, a graph, a
relative IRI, a syntax error, too many rows, a timeout, a refusal.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.build.layout import Build
from coopgraph.settings import Settings
from coopgraph.web.direct import plain_request
from tests.server import running_server

MAX_ROWS = 5
VIEW = {"X-Coopgraph-Test": "through the view"}
"""A header the direct path does not take: the request goes to the Flask view."""
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

Answer = tuple[int, list[tuple[str, str]], bytes]


@pytest.fixture(scope="module")
def uncached(published: Build) -> Iterator[str]:
    """A server without the response cache, few rows allowed and a short query timeout."""
    settings = {"COOPGRAPH_CACHE_ENTRIES": "0", "COOPGRAPH_MAX_ROWS": str(MAX_ROWS), "COOPGRAPH_QUERY_TIMEOUT": "1"}
    with running_server(published.path.parent.parent, settings=settings) as url:
        yield url


def connect(url: str) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def ask(connection: http.client.HTTPConnection, query: str, accept: str, extra: dict[str, str]) -> Answer:
    """Status, headers but Date (in order) and body of one GET on the kept connection."""
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    connection.request("GET", target, headers={"Accept": accept, **extra})
    response = connection.getresponse()
    body = response.read()
    return response.status, [(k, v) for k, v in response.getheaders() if k.lower() != "date"], body


def both_ways(url: str, query: str, accept: str) -> tuple[Answer, Answer]:
    connection = connect(url)
    try:
        return ask(connection, query, accept, {}), ask(connection, query, accept, VIEW)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("query", "accept", "status"),
    [
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3", "application/sparql-results+json", 200),
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3", "application/sparql-results+xml", 200),
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3", "text/csv", 200),
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3", "text/tab-separated-values", 200),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", "application/sparql-results+json", 200),
        ("ASK { ?s ?p ?o }", "application/sparql-results+json", 200),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", "text/turtle", 200),
        ("SELECT ?x WHERE { BIND(<#here> AS ?x) }", "application/sparql-results+json", 200),
        ("SELECT ?x WHERE { ?x a foo:Bar }", "application/sparql-results+json", 400),
        ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY", "application/sparql-results+json", 400),
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+json", 400),
        ("SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "application/sparql-results+json", 403),
        (CARTESIAN, "application/sparql-results+json", 503),
    ],
    ids=[
        "json",
        "xml",
        "csv",
        "tsv",
        "select-star",
        "ask",
        "construct",
        "relative-iri",
        "undeclared-prefix",
        "unfinished",
        "too-many-rows",
        "service",
        "timeout",
    ],
)
def test_a_plain_get_is_answered_as_the_view_answers_it(uncached: str, query: str, accept: str, status: int) -> None:
    direct, view = both_ways(uncached, query, accept)
    assert direct[0] == status, direct[2][:300]
    assert direct == view


def test_a_syntax_error_points_into_the_query_its_author_sent(uncached: str) -> None:
    """The endpoint adds a LIMIT to bound the answer; an error never points at that."""
    status, _, body = both_ways(uncached, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY", "text/csv")[0]
    assert status == 400 and b"LIMIT" not in body and b"line 1" in body, body


def test_rows_up_to_the_limit_are_answered_and_one_more_is_refused(uncached: str) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT %d"
    status, _, body = both_ways(uncached, query % MAX_ROWS, "text/tab-separated-values")[0]
    assert status == 200 and body.count(b"\n") == MAX_ROWS + 1, body
    status, _, body = both_ways(uncached, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/tab-separated-values")[0]
    assert status == 400 and f"more than {MAX_ROWS} rows".encode() in body, body


def test_a_timeout_says_when_to_come_back(uncached: str) -> None:
    status, headers, body = both_ways(uncached, CARTESIAN, "application/sparql-results+json")[0]
    assert status == 503 and ("Retry-After", "60") in headers and b"timed out" in body


def test_a_cached_answer_from_the_direct_path_is_the_views_cached_answer(server: str) -> None:
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 4"
    connection = connect(server)
    try:
        first, cached = (ask(connection, query, "text/csv", {}) for _ in range(2))
        from_view = ask(connection, query, "text/csv", VIEW)
    finally:
        connection.close()
    assert first[0] == 200 and first[2] == cached[2] == from_view[2]
    assert ("Transfer-Encoding", "chunked") in first[1], "the first answer streams"
    assert cached == from_view, "the second is the cache's, with its length, either way"


def test_clients_that_hang_up_mid_answer_leave_no_lane_taken(server: str) -> None:
    """A dozen clients each ask for a long answer and leave at once; every lane is free again after."""
    parts = urllib.parse.urlsplit(server)
    for offset in range(12):  # another query each time: none of them is in the cache
        query = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 3000 OFFSET {offset}"
        target = "/sparql?" + urllib.parse.urlencode({"query": query})
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
            assert sock.recv(12) == b"HTTP/1.1 200", "the answer had begun"
    connection = connect(server)
    started = time.monotonic()
    answers = [ask(connection, f"ASK {{ ?s ?p {n} }}", "application/sparql-results+json", {}) for n in range(10)]
    connection.close()
    assert all(status == 200 and b"false" in body for status, _, body in answers)
    assert time.monotonic() - started < 2.0


SETTINGS = Settings(project_dir=Path.cwd())


def head(target: str, *headers: str) -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1:8000", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


PLAIN = "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o }"})


def test_the_direct_path_takes_the_usual_clients_request() -> None:
    plain = plain_request(head(PLAIN, "Accept: application/sparql-results+json"), SETTINGS)
    assert plain is not None and plain.fmt == "json" and plain.query == "SELECT ?s WHERE { ?s ?p ?o }"
    assert plain.base_url == "http://127.0.0.1:8000/sparql"
    spaced = plain_request(head(PLAIN.replace("%20", "+"), "Accept: text/csv"), SETTINGS)
    assert spaced is not None and spaced.query == plain.query and spaced.fmt == "csv"


@pytest.mark.parametrize(
    "request_head",
    [
        head(PLAIN + "&format=csv", "Accept: text/csv"),
        head(PLAIN + "&default-graph-uri=http%3A%2F%2Fa", "Accept: text/csv"),
        head(PLAIN, "Accept: text/csv, application/json;q=0.5"),
        head(PLAIN, "Accept: text/html"),
        head(PLAIN),
        head(PLAIN, "Accept: text/turtle"),
        head("/sparql?query=SELECT%20%3Fs%20%7B%7D%FF", "Accept: text/csv"),
        head("/sparql?query=SERVICE", "Accept: text/csv"),
        head(PLAIN, "Accept: text/csv", 'If-None-Match: "x"'),
        head(PLAIN, "Accept: text/csv").replace(b"Host: 127.0.0.1:8000", b"Host: a b"),
    ],
    ids=[
        "format",
        "graph",
        "q-values",
        "browser",
        "no-accept",
        "graph-type-for-select",
        "bad-utf8",
        "refused",
        "conditional",
        "odd-host",
    ],
)
def test_anything_else_is_left_to_the_view(request_head: bytes) -> None:
    assert plain_request(request_head, SETTINGS) is None
