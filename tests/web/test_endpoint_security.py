"""The endpoint is read-only, never reaches out, and every query has a deadline.

A loopback listener stands in for "the rest of the network": whatever the
server is asked (SERVICE, FROM, FROM NAMED, LOAD, dataset parameters), it must
never see a connection. Resource limits (time, rows, bytes, nesting) are
checked against a server started with small limits; malformed input of every
kind must be refused with a 4xx, never a 500 or a dead worker.
"""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pytest
import requests

from coopgraph.build.layout import Build
from coopgraph.namespaces import DATA_GRAPH, ID
from tests.server import running_server

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

TIMEOUT = 2  # COOPGRAPH_QUERY_TIMEOUT of the limited server
MAX_ROWS = 5
MAX_BYTES = 20_000
MAX_DEPTH = 10

MUNICIPALITIES = [
    "daugavpils",
    "kharkiv",
    "radom",
    "naro-fominsk",
    "ferrara",
    "motala",
    "vitebsk",
    "moscow-central-administrative-okrug",
    "ramla",
    "harbin",
    "panevezys",
    "saint-petersburg",
    "pskov",
    "bobruisk",
    "magdeburg",
    "batumi",
    "alaverdi",
    "lida",
    "vagharshapat",
    "visaginas",
    "raska",
    "suluova",
    "balti",
    "vanersborg",
    "trollhattan",
    "amasya",
    "poznan",
    "trondheim",
]


# ---------------------------------------------------------------- helpers


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def assert_plain_error(response: requests.Response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers.get("Content-Type", "").replace(" ", "").lower() == "text/plain;charset=utf-8", (
        response.headers
    )
    assert response.text.strip()


def query(base: str, text: str, timeout: float = 30, **params: str) -> requests.Response:
    return requests.get(
        f"{base}/sparql",
        params={"query": text, **params},
        headers={"Accept": "application/sparql-results+json"},
        timeout=timeout,
    )


def post(base: str, body: bytes | str, content_type: str | None = DIRECT, timeout: float = 30) -> requests.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    return requests.post(
        f"{base}/sparql", data=body.encode() if isinstance(body, str) else body, headers=headers, timeout=timeout
    )


def bindings(response: requests.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, (response.status_code, response.text[:500])
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def answer(response: requests.Response) -> bool:
    assert response.status_code == 200, (response.status_code, response.text[:500])
    return bool(response.json()["boolean"])


def alive(base: str) -> None:
    response = query(base, "ASK {}", timeout=10)
    assert response.status_code == 200 and response.json()["boolean"] is True


def raw_request(base: str, request: bytes, timeout: float = 30) -> tuple[int | None, bytes]:
    """Send bytes as they are (no client-side cleaning of the request line) and read the status."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as connection:
        connection.sendall(request)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    match = re.match(rb"HTTP/1\.[01] (\d{3})", received)
    return (int(match.group(1)) if match else None), received


def raw_get(base: str, target: bytes) -> tuple[int | None, bytes]:
    host = urlsplit(base).netloc.encode()
    return raw_request(base, b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")


def raw_post(base: str, body: bytes, content_type: bytes) -> tuple[int | None, bytes]:
    host = urlsplit(base).netloc.encode()
    head = b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\nContent-Type: " + content_type
    return raw_request(base, head + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


@pytest.fixture(scope="module")
def triple_count(store: ox.Store) -> int:
    (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(row["n"].value)


def count_quads(base: str) -> int:
    (row,) = bindings(query(base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(row["n"])


# ---------------------------------------------------------------- no outbound traffic


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(0.5)
                try:
                    data = connection.recv(4096)
                except OSError:
                    data = b""
                self.connections.append(data or b"<connected>")
                try:
                    body = b'<http://ex/s> <http://ex/p> "LEAKED" .'
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: "
                        + str(len(body)).encode()
                        + b"\r\n\r\n"
                        + body
                    )
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    watcher = Listener()
    yield watcher
    watcher.close()


@pytest.fixture
def no_connection(listener: Listener) -> Iterator[Listener]:
    listener.connections.clear()
    yield listener
    time.sleep(0.3)  # anything the server started in the background has had time to connect
    assert listener.connections == [], f"the server connected out: {listener.connections[:3]}"


SERVICE_CASES = [
    ("service", "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }"),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } }"),
    ("service-lowercase", "select * where { service <{url}/sparql> { ?s ?p ?o } }"),
    ("service-localhost", "SELECT * WHERE { SERVICE <http://localhost:{port}/sparql> { ?s ?p ?o } }"),
    ("service-in-optional", "SELECT * WHERE { ?a a coop:Project OPTIONAL { SERVICE <{url}/q> { ?a ?p ?o } } }"),
    ("service-in-subquery", "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}/q> { ?s ?p ?o } } } }"),
    ("service-in-exists", "ASK { ?a a coop:Project FILTER EXISTS { SERVICE <{url}/q> { ?a ?p ?o } } }"),
    ("service-variable", "SELECT * WHERE { VALUES ?e { <{url}/q> } SERVICE ?e { ?s ?p ?o } }"),
    ("service-construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}/q> { ?s ?p ?o } }"),
    ("service-prefixed", "PREFIX remote: <{url}/> SELECT * WHERE { SERVICE remote:sparql { ?s ?p ?o } }"),
]


@pytest.mark.parametrize("text", [t for _, t in SERVICE_CASES], ids=[n for n, _ in SERVICE_CASES])
def test_service_is_refused_without_connecting(server: str, no_connection: Listener, text: str) -> None:
    text = text.replace("{url}", no_connection.url).replace("{port}", str(no_connection.port))
    for response in (query(server, text), post(server, text)):
        assert_plain_error(response, 403)
        assert "SERVICE" in response.text and "not allowed" in response.text, response.text


def test_from_names_a_graph_and_never_fetches(server: str, no_connection: Listener) -> None:
    url = no_connection.url
    assert answer(query(server, f"ASK FROM <{url}/x> WHERE {{ ?s ?p ?o }}")) is False
    assert bindings(query(server, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": f"{url}/n"})) == []
    assert bindings(query(server, f"SELECT ?g FROM NAMED <{url}/n> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")) == []
    assert bindings(query(server, f"SELECT * FROM <{url}/x> FROM NAMED <{url}/n> WHERE {{ ?s ?p ?o }}")) == []


def test_dataset_parameters_never_fetch(server: str, no_connection: Listener) -> None:
    url = no_connection.url
    assert answer(query(server, "ASK { ?s ?p ?o }", **{"default-graph-uri": f"{url}/g"})) is False
    assert bindings(query(server, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": f"{url}/g"})) == []
    posted = requests.post(
        f"{server}/sparql",
        params={"default-graph-uri": f"{url}/g"},
        data=b"ASK { ?s ?p ?o }",
        headers={"Content-Type": DIRECT},
        timeout=30,
    )
    assert answer(posted) is False


@pytest.mark.parametrize("how", ["query", "update-form", "update-direct", "update-get"])
@pytest.mark.parametrize(
    "text",
    ["LOAD <{url}/data.ttl>", "LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>"],
    ids=["load", "load-silent-into"],
)
def test_load_is_refused_without_connecting(server: str, no_connection: Listener, how: str, text: str) -> None:
    text = text.replace("{url}", no_connection.url)
    if how == "query":
        response = query(server, text)
    elif how == "update-form":
        response = requests.post(f"{server}/sparql", data={"update": text}, timeout=30)
    elif how == "update-get":
        response = requests.get(f"{server}/sparql", params={"update": text}, timeout=30)
    else:
        response = post(server, text, UPDATE)
    assert_plain_error(response, 403)
    assert answer(query(server, 'ASK { ?s ?p "LEAKED" }')) is False


# ---------------------------------------------------------------- local files do not leak


@pytest.fixture
def secret_file(tmp_path: Path) -> tuple[str, str]:
    marker = f"secret-{uuid.uuid4().hex}"
    path = tmp_path / "secret.ttl"
    path.write_text(f'<urn:coopgraph:secret> <urn:coopgraph:says> "{marker}" .\n', encoding="utf-8")
    return path.as_uri(), marker


@pytest.mark.parametrize(
    "case", ["from", "from-named", "default-graph-uri", "named-graph-uri", "load", "load-update", "service"]
)
def test_local_files_do_not_leak(server: str, secret_file: tuple[str, str], case: str) -> None:
    uri, marker = secret_file
    if case == "from":
        response = query(server, f"SELECT * FROM <{uri}> WHERE {{ ?s ?p ?o }}")
        assert bindings(response) == []
    elif case == "from-named":
        response = query(server, f"SELECT * FROM NAMED <{uri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
        assert bindings(response) == []
    elif case == "default-graph-uri":
        response = query(server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": uri})
        assert bindings(response) == []
    elif case == "named-graph-uri":
        response = query(server, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": uri})
        assert bindings(response) == []
    elif case == "load":
        response = query(server, f"LOAD <{uri}>")
        assert_plain_error(response, 403)
    elif case == "load-update":
        response = post(server, f"LOAD <{uri}> INTO GRAPH <urn:stolen>", UPDATE)
        assert_plain_error(response, 403)
    else:
        response = query(server, f"SELECT * WHERE {{ SERVICE <{uri}> {{ ?s ?p ?o }} }}")
        assert_plain_error(response, 403)
    assert marker not in response.text
    assert answer(query(server, f'ASK {{ ?s ?p "{marker}" }}')) is False
    assert answer(query(server, "ASK { GRAPH ?g { <urn:coopgraph:secret> ?p ?o } }")) is False


# ---------------------------------------------------------------- read-only


UPDATES = {
    "insert-data": "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "insert-data-graph": f"INSERT DATA {{ GRAPH <{DATA_GRAPH}> {{ <urn:x> <urn:y> <urn:z> }} }}",
    "delete-data": f'DELETE DATA {{ GRAPH <{DATA_GRAPH}> {{ <{ID["municipality/radom"]}> rdfs:label "Radom"@en }} }}',
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert": 'DELETE { ?s ?p ?o } INSERT { ?s ?p "x" } WHERE { ?s ?p ?o }',
    "with-delete": f"WITH <{DATA_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "load": "LOAD <http://example.org/data.ttl>",
    "clear-all": "CLEAR ALL",
    "clear-graph": f"CLEAR GRAPH <{DATA_GRAPH}>",
    "clear-default": "CLEAR DEFAULT",
    "drop-all": "DROP ALL",
    "drop-graph": f"DROP SILENT GRAPH <{DATA_GRAPH}>",
    "create": "CREATE GRAPH <urn:new>",
    "add": f"ADD <{DATA_GRAPH}> TO <urn:new>",
    "move": f"MOVE <{DATA_GRAPH}> TO <urn:new>",
    "copy": f"COPY DEFAULT TO <{DATA_GRAPH}>",
    "lowercase-with-prologue": (
        "# a comment\nPREFIX ex: <http://example.org/>\nBASE <http://example.org/>\ninsert data { ex:a ex:b ex:c }"
    ),
    "two-operations": "CLEAR DEFAULT ; INSERT DATA { <urn:x> <urn:y> <urn:z> }",
}


@pytest.mark.parametrize("how", ["query-get", "query-form", "query-direct", "update-form", "update-direct"])
@pytest.mark.parametrize("name", list(UPDATES))
def test_updates_are_refused_and_change_nothing(server: str, triple_count: int, name: str, how: str) -> None:
    text = UPDATES[name]
    url = f"{server}/sparql"
    if how == "query-get":
        response = requests.get(url, params={"query": text}, timeout=30)
    elif how == "query-form":
        response = requests.post(url, data={"query": text}, timeout=30)
    elif how == "query-direct":
        response = post(server, text, DIRECT)
    elif how == "update-form":
        response = requests.post(url, data={"update": text}, timeout=30)
    else:
        response = post(server, text, UPDATE)
    assert_plain_error(response, 403)
    assert count_quads(server) == triple_count
    assert answer(query(server, "ASK { <urn:x> <urn:y> ?z }")) is False
    assert answer(query(server, "ASK { GRAPH <urn:new> { ?s ?p ?o } }")) is False


# ---------------------------------------------------------------- resource limits


@pytest.fixture(scope="module")
def limited(published: Build) -> Iterator[str]:
    """A server with small limits: 2 s per query, 5 rows, 20 000 bytes, nesting depth 10."""
    settings = {
        "COOPGRAPH_QUERY_TIMEOUT": str(TIMEOUT),
        "COOPGRAPH_MAX_ROWS": str(MAX_ROWS),
        "COOPGRAPH_MAX_REQUEST_BYTES": str(MAX_BYTES),
        "COOPGRAPH_MAX_QUERY_DEPTH": str(MAX_DEPTH),
        "COOPGRAPH_CACHE_ENTRIES": "0",
    }
    with running_server(published.path.parent.parent, settings=settings) as url:
        yield url


def heavy(i: int) -> str:
    """A cartesian product of every triple with itself four times: far past any deadline."""
    v = [f"?v{i}_{k}" for k in range(12)]
    return (
        f"SELECT (COUNT(*) AS ?n{i}) WHERE {{ {v[0]} {v[1]} {v[2]} . {v[3]} {v[4]} {v[5]} . "
        f"{v[6]} {v[7]} {v[8]} . {v[9]} {v[10]} {v[11]} }}"
    )


CATASTROPHIC_REGEX = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 . ?s3 ?p3 ?o3 "
    'FILTER(REGEX(CONCAT(STR(?o), STR(?o2), STR(?o3)), "(a+)+$")) }'
)


def light(i: int) -> str:
    slug = MUNICIPALITIES[i % len(MUNICIPALITIES)]
    if i % 3 == 0:
        return f"ASK {{ FILTER({i} = {i}) }}"
    return f"SELECT ?label WHERE {{ <{ID['municipality/' + slug]}> rdfs:label ?label }}"


def assert_timed_out(response: requests.Response) -> None:
    assert_plain_error(response, 503)
    assert "timed out" in response.text, response.text


def test_heavy_query_times_out_with_503(limited: str) -> None:
    started = time.monotonic()
    response = query(limited, heavy(0), timeout=TIMEOUT + 20)
    assert_timed_out(response)
    assert time.monotonic() - started < TIMEOUT + 8, "the query was stopped near its deadline"


def test_catastrophic_regex_times_out(limited: str) -> None:
    assert_timed_out(query(limited, CATASTROPHIC_REGEX, timeout=TIMEOUT + 20))


def test_light_queries_are_answered_while_heavy_ones_run(limited: str) -> None:
    def timed(text: str) -> tuple[requests.Response, float]:
        response = query(limited, text, timeout=TIMEOUT + 20)
        return response, time.monotonic()

    with ThreadPoolExecutor(3) as pool:
        heavy_futures = [pool.submit(timed, heavy(i)) for i in range(1, 4)]
        time.sleep(0.3)
        light_answers = []
        for i in range(20):
            # requests raises if a light query waits more than a few seconds: that fails the test.
            response = query(limited, light(i), timeout=4)
            light_answers.append((response, time.monotonic()))
        heavy_answers = [future.result() for future in heavy_futures]

    for response, _ in light_answers:
        assert response.status_code == 200, (response.status_code, response.text[:300])
    for i, (response, _) in enumerate(light_answers):
        if i % 3:
            labels = {row["label"] for row in bindings(response)}
            assert labels, f"no label for {light(i)}"
    for response, _ in heavy_answers:
        assert_timed_out(response)
    first_heavy_answer = min(at for _, at in heavy_answers)
    answered_meanwhile = [at for _, at in light_answers if at < first_heavy_answer]
    assert len(answered_meanwhile) >= 5, "light queries were answered while the heavy ones ran, not after"


def test_server_recovers_after_timeouts(limited: str) -> None:
    for _ in range(2):
        assert_timed_out(query(limited, heavy(7), timeout=TIMEOUT + 20))
        for i in range(6):
            response = query(limited, light(i), timeout=10)
            assert response.status_code == 200, (response.status_code, response.text[:300])
    alive(limited)


def test_max_rows(limited: str) -> None:
    everything = "SELECT ?m WHERE { ?m a coop:Municipality }"
    too_many = query(limited, everything)
    assert_plain_error(too_many, 400)
    assert re.search(rf"\b{MAX_ROWS}\b", too_many.text), too_many.text
    assert len(bindings(query(limited, everything + f" LIMIT {MAX_ROWS}"))) == MAX_ROWS
    assert_plain_error(query(limited, everything + f" LIMIT {MAX_ROWS + 1}"), 400)
    assert_plain_error(query(limited, everything, format="csv"), 400)
    triples = requests.get(
        f"{limited}/sparql",
        params={"query": "CONSTRUCT { ?m a coop:Municipality } WHERE { ?m a coop:Municipality }"},
        timeout=30,
    )
    assert_plain_error(triples, 400)
    assert re.search(rf"\b{MAX_ROWS}\b", triples.text), triples.text
    assert answer(query(limited, "ASK { ?m a coop:Municipality }")) is True


def padded(size: int) -> str:
    """A valid query of about ``size`` bytes: a comment, then ASK."""
    return "#" + "x" * max(0, size - 10) + "\nASK {}"


def test_request_body_over_the_limit_is_413(limited: str) -> None:
    assert_plain_error(post(limited, padded(MAX_BYTES + 1000)), 413)
    assert_plain_error(requests.post(f"{limited}/sparql", data={"query": padded(MAX_BYTES + 1000)}, timeout=30), 413)
    assert answer(post(limited, padded(MAX_BYTES // 2))) is True


def test_chunked_body_over_the_limit_is_413(limited: str) -> None:
    """A body without Content-Length (chunked) is counted too."""
    text = padded(MAX_BYTES * 2).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(text), 4096):
            yield text[start : start + 4096]

    response = requests.post(f"{limited}/sparql", data=chunks(), headers={"Content-Type": DIRECT}, timeout=30)
    assert_plain_error(response, 413)


def test_query_string_over_the_limit_is_413(limited: str) -> None:
    assert_plain_error(query(limited, padded(MAX_BYTES + 1000)), 413)


def test_long_get_query_under_the_limit_is_answered(limited: str) -> None:
    """A GET whose query string is long (but under max_request_bytes) is a normal query."""
    response = query(limited, padded(MAX_BYTES // 2))
    assert len(response.request.url) > MAX_BYTES // 2
    assert answer(response) is True


def test_request_body_over_the_default_limit_is_413(server: str) -> None:
    assert_plain_error(post(server, padded(1_000_000 + 1000)), 413)


def nested_groups(depth: int) -> str:
    return "ASK " + "{ " * depth + "}" * depth


def nested_parentheses(depth: int) -> str:
    return "ASK { FILTER(" + "(" * (depth - 1) + "true" + ")" * (depth - 1) + ") }"


@pytest.mark.parametrize("shape", [nested_groups, nested_parentheses], ids=["groups", "parentheses"])
def test_query_depth_limit(server: str, limited: str, shape) -> None:  # type: ignore[no-untyped-def]
    assert answer(query(limited, shape(MAX_DEPTH - 3))) is True
    assert_plain_error(query(limited, shape(MAX_DEPTH + 5)), 400)
    assert answer(query(server, shape(30))) is True
    deep = query(server, shape(60))
    assert_plain_error(deep, 400)
    assert "depth" in deep.text.lower() or "nest" in deep.text.lower(), deep.text


# ---------------------------------------------------------------- malformed input


def q(text: str) -> bytes:
    return b"/sparql?query=" + quote(text, safe="").encode()


LONG_IRI = "http://example.org/" + "a" * 10_000
GARBAGE_GET: dict[str, bytes] = {
    "invalid-percent-encoding": b"/sparql?query=%ZZ%5",
    "lone-percent": b"/sparql?query=%",
    "invalid-utf8-in-query-string": b"/sparql?query=ASK%20%7B%7D%C3%28",
    "utf16-in-query-string": b"/sparql?query=%FF%FEA%00S%00K%00",
    "nul-percent-encoded": b"/sparql?query=ASK%20%7B%7D%00",
    "empty-query": b"/sparql?query=",
    "only-braces": q("{" * 5_000),
    "deep-groups": q("ASK " + "{" * 3_000 + "}" * 3_000),
    "deep-parentheses": q("ASK { FILTER(" + "(" * 3_000 + "1" + ")" * 3_000 + ") }"),
    "invalid-long-iri": q("ASK { <http://example.org/" + "a b{}" * 2_000 + "> ?p ?o }"),
    "bad-unicode-escape": q("ASK { <\\uZZZZ> ?p ?o }"),
    "unterminated-string": q('ASK { ?s ?p "abc }'),
    "query-and-empty-query": q("ASK {}") + b"&query",
}


@pytest.mark.parametrize("target", list(GARBAGE_GET.values()), ids=list(GARBAGE_GET))
def test_garbage_in_the_query_string_is_4xx(server: str, target: bytes) -> None:
    status, received = raw_get(server, target)
    assert status is not None, f"no HTTP answer: {received[:200]!r}"
    assert 400 <= status < 500, received[:500]
    alive(server)


@pytest.mark.parametrize(
    "target",
    [b"/sparql?query=ASK\x00{}", b"/sparql?query=ASK\xff\xfe{}", b"/sparql?query=ASK {}"],
    ids=["raw-nul", "raw-high-bytes", "raw-space"],
)
def test_garbage_in_the_request_line_is_4xx(server: str, target: bytes) -> None:
    status, received = raw_get(server, target)
    assert status is not None and 400 <= status < 500, received[:500]
    alive(server)


GARBAGE_BODIES: dict[str, tuple[bytes, bytes]] = {
    "binary": (bytes(range(256)) * 4, DIRECT.encode()),
    "nul-in-query": (b"ASK {\x00}", DIRECT.encode()),
    "braces-100k": (b"{" * 100_000, DIRECT.encode()),
    "deep-groups-50k": (b"ASK " + b"{" * 50_000 + b"}" * 50_000, DIRECT.encode()),
    "deep-optionals": (b"SELECT * WHERE { " + b"OPTIONAL { " * 5_000 + b"}" * 5_000 + b" }", DIRECT.encode()),
    "deep-parentheses-50k": (b"ASK { FILTER(" + b"(" * 50_000 + b"1" + b")" * 50_000 + b") }", DIRECT.encode()),
    "invalid-utf8": (b'ASK { ?s ?p "\xc3\x28" }', DIRECT.encode()),
    "invalid-long-iri": (("ASK { <" + "http://x/" + "a>b<" * 2_500 + "> ?p ?o }").encode(), DIRECT.encode()),
    "form-bad-percent": (b"query=%ZZ", FORM.encode()),
    "form-invalid-utf8": (b"query=%FF%FE", FORM.encode()),
    "form-raw-high-bytes": (b"query=\xff\xfe", FORM.encode()),
    "form-garbage": (bytes(range(256)), FORM.encode()),
}


@pytest.mark.parametrize(("body", "content_type"), list(GARBAGE_BODIES.values()), ids=list(GARBAGE_BODIES))
def test_garbage_bodies_are_4xx(server: str, body: bytes, content_type: bytes) -> None:
    status, received = raw_post(server, body, content_type)
    assert status is not None, f"no HTTP answer: {received[:200]!r}"
    assert 400 <= status < 500, received[:500]
    alive(server)


STRESS: dict[str, str] = {
    # Deep structures the parser or the planner might recurse on: a valid answer or a 4xx, never a crash.
    "many-negations": "ASK { FILTER(" + "!" * 20_000 + "true) }",
    "deep-collections": "ASK { ?s ?p " + "(" * 5_000 + ")" * 5_000 + " }",
    "deep-blank-nodes": "ASK { ?s ?p " + "[ <urn:p> " * 5_000 + "1" + " ]" * 5_000 + " }",
    "long-union-chain": "ASK { " + "{ } UNION " * 10_000 + "{ } }",
    "long-sum": "ASK { FILTER(" + "1 + " * 20_000 + "1 > 0) }",
    "long-path": "ASK { ?s " + "/".join(["<urn:p>"] * 10_000) + " ?o }",
    "huge-limit": "SELECT * WHERE { ?s ?p ?o } LIMIT 999999999999999999999999999999",
    "huge-number": "ASK { FILTER(" + "9" * 10_000 + " > 0) }",
    "long-valid-iri": f"ASK {{ <{LONG_IRI}> ?p ?o }}",
}


@pytest.mark.parametrize("text", list(STRESS.values()), ids=list(STRESS))
def test_stress_queries_never_crash(server: str, text: str) -> None:
    try:
        response = post(server, text, timeout=60)
    except requests.ConnectionError as error:
        pytest.fail(f"the connection broke: {error}")
    assert response.status_code == 200 or 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert media_type(response) == "text/plain"
    alive(server)


# ---------------------------------------------------------------- nothing echoed unescaped


XSS = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "params",
    [
        {"query": XSS},
        {"query": f'SELECT * WHERE {{ ?s ?p "{XSS}" }}'},
        {"query": f"</script>{XSS}"},
        {"query": IMG},
        {"query": f"# {XSS}\nASK {{}}"},
        {"default-graph-uri": XSS},
        {"named-graph-uri": IMG},
        {"unrelated": XSS},
    ],
    ids=[
        "bad-query",
        "valid-query",
        "closing-script",
        "attribute",
        "comment-in-valid-query",
        "default-graph-uri",
        "named-graph-uri",
        "unrelated",
    ],
)
@pytest.mark.parametrize(
    "accept", ["text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*"]
)
def test_nothing_is_echoed_unescaped(server: str, params: dict[str, str], accept: str) -> None:
    response = requests.get(f"{server}/sparql", params=params, headers={"Accept": accept}, timeout=30)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if "html" in media_type(response):
        assert XSS not in response.text
        assert "<img src=x onerror" not in response.text
    else:
        assert media_type(response) != "", "every answer says what it is"
