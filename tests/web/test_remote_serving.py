"""coopgraph in front of an external engine: the same site from the engine, its failures told, its recovery.

A publisher moved the bundled build into an Oxigraph server (or Virtuoso) with
``coopgraph publish`` and serves with ``COOPGRAPH_ENGINE_URL``. Every page is
the page the embedded store gives; a fact changed in the engine behind
coopgraph's back shows on the page (so the answers do come from the engine);
a dead engine is a 502 that says so, and coopgraph answers again once it is
back; the guard still refuses SERVICE and updates before the engine sees them.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pyoxigraph as ox
import pytest
import requests

from coopgraph.build.layout import Build
from tests.engines import Engine, published_engine
from tests.server import running_server
from tests.web.publishing import HTML, VANERSBORG, page

PUBLIC = "http://coop.test/"
"""Both servers link to the same public base, so their pages can be compared byte for byte."""
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A four-way cartesian product: billions of rows the engine keeps counting."""


def content(response: requests.Response) -> object:
    """What a page says, whatever order an engine answers in: an RDF document's canonical quads, a page's
    lines sorted (rows that tie under a table's sort, facts of one kind, come in the engine's order)."""
    kind = response.headers.get("Content-Type", "").split(";")[0]
    fmt = ox.RdfFormat.from_media_type(kind) if kind else None
    if fmt is not None:
        dataset = ox.Dataset(ox.parse(response.content, fmt, base_iri=PUBLIC))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        return response.status_code, sorted(str(quad) for quad in dataset)
    lines = response.content.decode("utf-8", errors="replace").splitlines()
    return response.status_code, sorted(tuple(sorted(VALUE.split(line))) for line in lines)


VALUE = re.compile(r"(?=<a |<li>)")
"""Where one of a fact's values starts: values that tie in the page's order (four types all labelled
"Organization") come in the engine's order."""
DURATION = re.compile(r">\d+ (?:months?|years?|days?)(?: \d+ (?:months?|days?))*<")
"""A duration as the pages show it ("12 months", from ``P1Y``): Virtuoso gives an ``xsd:yearMonthDuration``
back as its number of months (``12``), so behind Virtuoso the pages that show one differ, and only those."""
SHOWN_OF = re.compile(r"\b50 of \d+ shown\.")
"""A "Referenced by" group listing 50 of its subjects (``shown_of`` in the pages' words)."""


def crawl(base: str, limit: int = 200, at_once: int = 4) -> dict[str, object]:
    """The pages reachable from the home page (breadth first, the first ``limit``), by path: what each says.

    ``at_once`` pages are fetched together, and their links read in the
    order of the queue: the same pages, found in the same order, as one by one.
    """
    sessions = threading.local()  # a session each fetching thread: requests' sessions are not shared safely

    def fetch(path: str) -> requests.Response:
        if not hasattr(sessions, "session"):
            sessions.session = requests.Session()
            sessions.session.headers.update(HTML)
        return sessions.session.get(base + path, timeout=30)

    queue, seen = deque(["/"]), {"/"}
    pages: dict[str, object] = {}
    with ThreadPoolExecutor(at_once) as fetching:
        while queue and len(pages) < limit:
            batch = [queue.popleft() for _ in range(min(at_once, len(queue), limit - len(pages)))]
            for path, response in zip(batch, fetching.map(fetch, batch), strict=True):
                pages[path] = content(response)
                if not response.headers.get("Content-Type", "").startswith("text/html"):
                    continue
                for href in re.findall(r'href="([^"]+)"', response.text):
                    target = urldefrag(urljoin(PUBLIC + path.lstrip("/"), href.replace("&amp;", "&")))[0]
                    if target.startswith(PUBLIC) and (found := "/" + target[len(PUBLIC) :]) not in seen:
                        seen.add(found)
                        queue.append(found)
    return pages


@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_every_page_from_the_engine_is_the_page_of_the_embedded_store(
    name: str, published: Build, request: pytest.FixtureRequest
) -> None:
    engine: Engine = request.getfixturevalue(f"{name}_engine")
    out = published.path.parent.parent
    settings = {"COOPGRAPH_PUBLIC_BASE_URL": PUBLIC}
    with running_server(out, settings=settings) as embedded:
        expected = crawl(embedded)
    with running_server(out, settings={**settings, **engine.settings()}) as remote:
        answered = crawl(remote)
    assert len(expected) == 200
    assert answered.keys() == expected.keys()
    different = [path for path in expected if answered[path] != expected[path]]
    if name == "virtuoso":
        with_durations = {path for path, said in expected.items() if DURATION.search(str(said))}
        assert with_durations, "the bundled data shows durations"
        # a "Referenced by" group of more than 50 lists the first 50 the engine finds (a LIMIT without
        # ORDER BY, as sorting a hub's subjects costs seconds): which 50 is the engine's choice
        partial = {path for path, said in expected.items() if SHOWN_OF.search(str(said))}
        assert partial, "the bundled data has a group too large to list whole"
        different = [path for path in different if path not in with_durations | partial]
    assert not different, f"{len(different)} pages differ, e.g. {different[:10]}"


@pytest.fixture
def private_engine(published: Build, tmp_path: Path) -> Iterator[Engine]:
    """An Oxigraph server of this test's own (it changes or kills it), the bundled build published into it."""
    with published_engine("oxigraph", published, tmp_path / "engine") as engine:
        yield engine


@pytest.fixture
def served(private_engine: Engine, published: Build) -> Iterator[str]:
    settings = {"COOPGRAPH_QUERY_TIMEOUT": "3", **private_engine.settings()}
    with running_server(published.path.parent.parent, settings=settings) as url:
        yield url


def test_a_name_changed_in_the_engine_shows_on_the_page(private_engine: Engine, served: str) -> None:
    label, data = "<http://www.w3.org/2000/01/rdf-schema#label>", "<https://w3id.org/coopgraph/graph/data>"
    private_engine.update(
        f"DELETE {{ GRAPH ?g {{ <{VANERSBORG}> {label} ?l }} }} "
        f'WHERE {{ GRAPH ?g {{ <{VANERSBORG}> {label} ?l FILTER(lang(?l) = "en") }} }} ;\n'
        f'INSERT DATA {{ GRAPH {data} {{ <{VANERSBORG}> {label} "Wenersborg"@en }} }}'
    )
    shown = page(served, "/id/municipality/vanersborg?lang=en")
    assert "<title>Wenersborg" in shown and "<title>Vänersborg" not in page(served, "/id/municipality/vanersborg")


def _get(url: str, **params: str) -> requests.Response:
    return requests.get(url, params=params, timeout=30)


def test_a_dead_engine_is_a_502_and_coopgraph_answers_again_once_it_is_back(
    private_engine: Engine, served: str
) -> None:
    answers: list[requests.Response] = []
    asking = threading.Thread(target=lambda: answers.append(_get(f"{served}/sparql", query=HEAVY)))
    asking.start()
    time.sleep(1.0)
    private_engine.kill()  # mid-request: the engine is still counting
    asking.join(30)
    (killed,) = answers
    assert killed.status_code == 502, killed.text
    assert "engine" in killed.text
    for path, accept in (("/sparql?query=ASK%7B%7D", "*/*"), ("/id/municipality/vanersborg?lang=en", "text/html")):
        dead = requests.get(served + path, headers={"Accept": accept}, timeout=30)
        assert dead.status_code == 502 and "unreachable" in dead.text, dead.text
        assert "Traceback" not in dead.text
    private_engine.start_again()
    assert _get(f"{served}/sparql", query="ASK { ?s ?p ?o }").json() == {"head": {}, "boolean": True}
    assert "Vänersborg" in page(served, "/id/municipality/vanersborg?lang=en")


def test_a_query_past_its_deadline_is_abandoned_with_a_503(served: str) -> None:
    started = time.monotonic()
    answer = _get(f"{served}/sparql", query=HEAVY)
    assert answer.status_code == 503 and "timed out" in answer.text
    assert time.monotonic() - started < 6, "the client-side deadline (3 s) was not kept"
    assert _get(f"{served}/sparql", query="ASK { ?s ?p ?o }").status_code == 200


def _fill_backlog(port: int) -> list[socket.socket]:
    """Connections queued on a listener that never accepts, until the kernel drops the next one's handshake."""
    queued: list[socket.socket] = []
    for _ in range(16):
        try:
            queued.append(socket.create_connection(("127.0.0.1", port), timeout=0.5))
        except TimeoutError:
            return queued
    raise AssertionError("the listener's backlog never filled")


def test_an_engine_that_accepts_no_connection_in_time_is_a_504(private_engine: Engine, published: Build) -> None:
    settings = {"COOPGRAPH_ENGINE_CONNECT_TIMEOUT": "1", **private_engine.settings()}
    port = urlsplit(private_engine.query_url).port
    assert port is not None
    with running_server(published.path.parent.parent, settings=settings) as url:
        private_engine.kill()
        with socket.socket() as stuck:  # the engine's port, now held by a listener that accepts nothing
            stuck.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            stuck.bind(("127.0.0.1", port))
            stuck.listen(0)
            queued = _fill_backlog(port)
            try:
                answer = _get(f"{url}/sparql", query="SELECT * WHERE { ?s ?p ?o } LIMIT 1")
            finally:
                for connection in queued:
                    connection.close()
    assert answer.status_code == 504, answer.text
    assert f"127.0.0.1:{port}" in answer.text and "did not accept a connection within 1 s" in answer.text


def test_service_and_updates_are_refused_before_the_engine_sees_them(private_engine: Engine, served: str) -> None:
    with socket.socket() as elsewhere:
        elsewhere.bind(("127.0.0.1", 0))
        elsewhere.listen(5)
        elsewhere.setblocking(False)
        port = elsewhere.getsockname()[1]
        service = _get(
            f"{served}/sparql", query=f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        )
        assert service.status_code == 403 and "SERVICE is not allowed" in service.text
        with pytest.raises(BlockingIOError):
            elsewhere.accept()
    insert = f'INSERT DATA {{ <{VANERSBORG}> <urn:x> "inserted" }}'
    refused = requests.post(
        f"{served}/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=30
    )
    assert refused.status_code == 403
    smuggled = _get(f"{served}/sparql", query=insert)
    assert smuggled.status_code == 403
    direct = requests.get(
        private_engine.query_url, params={"query": 'ASK { GRAPH ?g { ?s <urn:x> "inserted" } }'}, timeout=30
    )
    assert direct.json()["boolean"] is False
