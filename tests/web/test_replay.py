"""A client asking the same query again gets the same answer, sent by the front without Flask.

A dashboard polls the endpoint with one query over a kept connection: from
the third time on, the answer the endpoint took from its cache is sent again
from the worker's event loop, byte for byte what Flask sent, with a fresh
Date. A request whose answer could differ (conditional, forwarded, a body,
an unknown header) is never replayed.
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from coopgraph.build.layout import Build
from coopgraph.settings import Settings
from coopgraph.web.app import create_app
from coopgraph.web.replay import EXTENSION, asked_by, asked_in

QUERY = "SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?o LIMIT 3"
TARGET = "/sparql?" + urllib.parse.urlencode({"query": QUERY})
HEAD = f"GET {TARGET} HTTP/1.1\r\nHost: example.org\r\nAccept: application/sparql-results+json\r\n\r\n".encode()


def connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def get(connection: http.client.HTTPConnection, target: str, headers: dict[str, str]) -> tuple[int, list[str], bytes]:
    """One request on the kept connection: status, the headers but Date (in order), the body."""
    connection.request("GET", target, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, [f"{k}: {v}" for k, v in response.getheaders() if k.lower() != "date"], body


def test_the_same_query_asked_again_gets_the_same_answer_on_the_same_connection(server: str) -> None:
    connection = connect(server)
    answers = [get(connection, TARGET, {"Accept": "application/sparql-results+json"}) for _ in range(5)]
    connection.close()
    first, cached, *replayed = answers
    assert first[0] == 200 and first[2].startswith(b"{")
    assert all(answer == cached for answer in replayed), "a replayed answer differs from the cached one"
    assert cached[2] == first[2], "the cached answer is the first one"
    assert any(h.lower().startswith("etag:") for h in cached[1]) and "Connection: keep-alive" in cached[1]


def test_a_conditional_request_for_a_replayed_answer_still_gets_304(server: str) -> None:
    connection = connect(server)
    for _ in range(3):
        status, headers, _ = get(connection, TARGET, {"Accept": "application/sparql-results+json"})
    etag = next(h.split(": ", 1)[1] for h in headers if h.lower().startswith("etag:"))
    status, _, body = get(connection, TARGET, {"Accept": "application/sparql-results+json", "If-None-Match": etag})
    connection.close()
    assert status == 304 and body == b""


@pytest.fixture
def app(published: Build) -> Iterator[Flask]:
    made = create_app(Settings(project_dir=Path.cwd(), build_dir=published.path.parent.parent))
    yield made
    made.extensions["coopgraph"].close()


def test_an_answer_the_endpoint_took_from_its_cache_is_kept_whole_for_the_front(app: Flask) -> None:
    replayed = app.extensions[EXTENSION]
    environ = {"RAW_URI": TARGET, "SERVER_PROTOCOL": "HTTP/1.1"}
    headers = {"Host": "example.org", "Accept": "application/sparql-results+json"}
    client = app.test_client()
    assert client.get(TARGET, headers=headers, environ_overrides=environ, buffered=True).data.startswith(b"{")
    assert replayed(HEAD) is None, "a streamed answer is not replayed"
    cached = client.get(TARGET, headers=headers, environ_overrides=environ, buffered=True)
    again = replayed(HEAD)
    assert again is not None and again.startswith(b"HTTP/1.1 200 OK\r\n")
    head, body = again.split(b"\r\n\r\n", 1)
    assert body == cached.data
    for name in ("Content-Type", "ETag", "Last-Modified", "Vary", "Access-Control-Allow-Origin"):
        assert f"{name}: {cached.headers[name]}".encode() in head.split(b"\r\n")
    assert replayed(HEAD.replace(b"Host: example.org", b"Host: example.net")) is None, "another host, another base"


@pytest.mark.parametrize(
    "changed",
    [
        HEAD.replace(b"GET ", b"POST "),
        HEAD.replace(b"HTTP/1.1", b"HTTP/1.0"),
        HEAD.replace(b"\r\n\r\n", b'\r\nIf-None-Match: "x"\r\n\r\n'),
        HEAD.replace(b"\r\n\r\n", b"\r\nX-Forwarded-Proto: https\r\n\r\n"),
        HEAD.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"),
        HEAD.replace(b"\r\n\r\n", b"\r\nAccept: text/csv\r\n\r\n"),
        HEAD + b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n",
        HEAD.replace(b"/sparql?", b"/api/queries/x?"),
    ],
    ids=["post", "http-1.0", "conditional", "forwarded", "closing", "two-accepts", "pipelined", "other-path"],
)
def test_a_request_whose_answer_could_differ_is_not_replayed(changed: bytes) -> None:
    assert asked_in(HEAD) is not None
    assert asked_in(changed) is None


def test_the_front_and_the_application_see_the_same_request() -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "RAW_URI": TARGET,
        "HTTP_HOST": "example.org",
        "HTTP_ACCEPT": "application/sparql-results+json",
    }
    front, application = asked_in(HEAD), asked_by(environ)
    assert front is not None and application is not None and front.key("b1") == application.key("b1")
    assert front.key("b1") != front.key("b2"), "a new build, a new key"
    assert asked_by({**environ, "HTTP_X_FORWARDED_FOR": "10.0.0.1"}) is None
    assert asked_by({**environ, "wsgi.url_scheme": "https"}) is None
