"""Slow and odd clients on the open internet, against a real server over real sockets.

An attacker opens two hundred connections and stalls them, half mid-header and
half trickling a body they announced; a researcher's light query is answered
in well under a second all the same, and the stalled connections get 408 (or
are closed) once the request deadline passes. A client that sends a whole
oversized body before it reads, as Python's ``http.client`` and ``urllib`` (and
so SPARQLWrapper) do, reads the 413 instead of a broken pipe.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from coopgraph.build.layout import Build
from tests.server import running_server

DEADLINE = 3.0
STALLED = 200
LIGHT = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
DIRECT = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def impatient(published: Build) -> Iterator[str]:
    """A server that gives a client DEADLINE seconds to send its request."""
    with running_server(published.path.parent.parent, settings={"COOPGRAPH_REQUEST_TIMEOUT": str(DEADLINE)}) as url:
        yield url


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def stall(url: str, count: int) -> list[socket.socket]:
    """``count`` connections: even ones stop mid-header, odd ones announce 1000 body bytes and send three."""
    opened = []
    for number in range(count):
        sock = socket.create_connection(address(url), timeout=30)
        if number % 2:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n")
            sock.sendall(b"Content-Length: 1000\r\n\r\nASK")
        else:
            sock.sendall(b"GET " + LIGHT.encode() + b" HTTP/1.1\r\nHost: x\r\nUser-")
        opened.append(sock)
    return opened


def trickle(bodies: list[socket.socket], stop: threading.Event) -> None:
    """One more body byte on each connection every half second, never the whole body."""
    while not stop.wait(0.5):
        for sock in bodies:
            with contextlib.suppress(OSError):
                sock.send(b" ")


def light_request(url: str) -> float:
    """Seconds for one light query on a fresh connection (it must succeed)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(*address(url), timeout=30)
    connection.request("GET", LIGHT, headers={"Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    assert response.status == 200 and b"true" in response.read()
    connection.close()
    return time.monotonic() - started


def what_it_got(sock: socket.socket) -> bytes:
    """What the server said before closing (empty when it closed without a word)."""
    said = b""
    try:
        while chunk := sock.recv(4096):
            said += chunk
    except OSError:
        pass
    sock.close()
    return said


def test_two_hundred_stalled_connections_do_not_delay_a_light_request(impatient: str) -> None:
    opened_at = time.monotonic()
    stalled = stall(impatient, STALLED)
    stop = threading.Event()
    trickler = threading.Thread(target=trickle, args=(stalled[1::2], stop), daemon=True)
    trickler.start()
    try:
        seconds = [light_request(impatient) for _ in range(10)]
        assert max(seconds) < 1.0, seconds
        answers = [what_it_got(sock) for sock in stalled]
        closed_after = time.monotonic() - opened_at
    finally:
        stop.set()
        trickler.join()
    assert closed_after >= DEADLINE - 0.5, "the stalled connections were given their deadline"
    assert closed_after < DEADLINE + 10, f"closed {closed_after:.1f} s after they opened"
    refused = [answer for answer in answers if answer]
    assert all(answer.startswith(b"HTTP/1.1 408 ") for answer in refused), {a[:40] for a in refused}
    assert len(refused) == STALLED, "every stalled client is told its request timed out"
    assert light_request(impatient) < 1.0, "the server answers as before once they are gone"


def test_a_kept_connection_stalling_its_next_request_holds_no_thread(impatient: str) -> None:
    """Clients that ask once, then stall halfway through their next request on the same connection."""
    stalled = []
    for _ in range(12):  # more than the server's request threads (two workers of four)
        sock = socket.create_connection(address(impatient), timeout=30)
        sock.sendall(b"GET " + LIGHT.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while b"true" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET " + LIGHT.encode() + b" HTTP/1.1\r\nHost: x\r\nUser-")
        stalled.append(sock)
    try:
        seconds = [light_request(impatient) for _ in range(5)]
        assert max(seconds) < 1.0, seconds
        assert all(what_it_got(sock).startswith(b"HTTP/1.1 408 ") for sock in stalled)
    finally:
        for sock in stalled:
            sock.close()


def test_a_request_sent_slowly_but_within_the_deadline_is_answered(impatient: str) -> None:
    query = b"ASK { ?s ?p ?o }"
    with socket.create_connection(address(impatient), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n")
        time.sleep(0.5)
        sock.sendall(b"Accept: application/sparql-results+json\r\nContent-Length: %d\r\n\r\n" % len(query))
        for byte in range(len(query)):
            time.sleep(0.05)
            sock.sendall(query[byte : byte + 1])
        answer = b""  # the head and the body may come in separate packets
        while b"true" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ") and b"true" in answer


def test_a_client_that_expects_100_continue_is_told_to_send_its_body(impatient: str) -> None:
    query = b"ASK { ?s ?p ?o }"
    with socket.create_connection(address(impatient), timeout=30) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(query)
        )
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n")
        sock.sendall(query)
        answer = b""
        while b"true" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    assert b"HTTP/1.1 200 " in answer and b"true" in answer


def test_keep_alive_connections_still_carry_several_requests(impatient: str) -> None:
    connection = http.client.HTTPConnection(*address(impatient), timeout=30)
    for _ in range(3):
        connection.request("POST", "/sparql", body=b"ASK { ?s ?p ?o }", headers=DIRECT)
        response = connection.getresponse()
        assert response.status == 200 and response.read()
    connection.close()


def oversized() -> bytes:
    """A query padded to three times the default limit: more than the socket buffers hold."""
    return b"#" + b"x" * 3_000_000 + b"\nASK {}"


def test_http_client_sending_a_whole_oversized_body_reads_the_413(server: str) -> None:
    connection = http.client.HTTPConnection(*address(server), timeout=30)
    connection.request("POST", "/sparql", body=oversized(), headers=DIRECT)
    response = connection.getresponse()
    assert response.status == 413
    assert response.getheader("Content-Type", "").replace(" ", "") == "text/plain;charset=utf-8"
    assert b"larger than 1000000 bytes" in response.read()


def test_urllib_sending_a_whole_oversized_body_reads_the_413(server: str) -> None:
    request = urllib.request.Request(f"{server}/sparql", data=oversized(), headers=DIRECT)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413 and b"larger than" in refused.value.read()
    assert light_request(server) < 1.0, "the server goes on answering"


def test_headers_that_never_end_are_refused_before_they_fill_the_memory(server: str) -> None:
    """A request line and headers are gathered up to the query-string limit and a little more, no further."""
    with socket.create_connection(address(server), timeout=30) as sock:
        sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: x\r\n")
        answer = b""
        try:
            for _ in range(200):  # 2 MB of header lines, twice the limit
                sock.sendall(b"X-Padding: " + b"x" * 10_000 + b"\r\n")
        except OSError:
            pass
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413 ") and b"headers are longer than 1000000 bytes" in answer
