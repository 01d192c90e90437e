"""Real external SPARQL engines on 127.0.0.1 for the tests: an Oxigraph server, Virtuoso Open Source.

Each is started as its own process in a temporary directory, on free loopback
ports, and its settings for coopgraph (``COOPGRAPH_ENGINE_*``) are given as
an :class:`Engine`. The Oxigraph server comes with the ``oxigraph`` package of
the test extra; Virtuoso is Debian's ``virtuoso-opensource`` (``.ci/run``
installs it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from coopgraph.build.layout import Build
from coopgraph.engine.publish import publish
from coopgraph.engine.remote import EngineConfig
from tests.server import free_port, running_server, stop

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"


@dataclass
class Engine:
    """A running engine: its endpoints, credentials, and the process (to kill it in a test)."""

    name: str
    query_url: str
    store_url: str
    update_url: str | None
    process: subprocess.Popen[bytes]
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    restart: list[str] = field(default_factory=list)

    def settings(self) -> dict[str, str]:
        """The ``COOPGRAPH_*`` variables that put coopgraph in front of this engine."""
        values = {"COOPGRAPH_ENGINE_URL": self.query_url, "COOPGRAPH_ENGINE_STORE_URL": self.store_url}
        if self.update_url:
            values["COOPGRAPH_ENGINE_UPDATE_URL"] = self.update_url
        if self.user:
            values |= {"COOPGRAPH_ENGINE_USER": self.user, "COOPGRAPH_ENGINE_AUTH": self.auth}
        if self.password:
            values["COOPGRAPH_ENGINE_PASSWORD"] = self.password
        return values

    def config(self) -> EngineConfig:
        return EngineConfig(self.query_url, self.store_url, self.update_url, self.user, self.password, self.auth)

    def update(self, text: str) -> None:
        """Run SPARQL Update on the engine itself, behind coopgraph's back."""
        assert self.update_url is not None
        response = requests.post(self.update_url, data={"update": text}, auth=self.config().credentials(), timeout=30)
        assert response.status_code < 300, response.text

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def start_again(self) -> None:
        """Start the engine again on the same port and data (after :meth:`kill`)."""
        self.process = subprocess.Popen(self.restart, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(self.query_url, self.process, self.config())


def _wait(query_url: str, process: subprocess.Popen[bytes], config: EngineConfig, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the engine exited with {process.returncode}")
        try:
            answer = requests.get(query_url, params={"query": "ASK {}"}, timeout=2, headers={"Accept": "*/*"})
            if answer.status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the engine at {query_url} did not answer in {timeout} s")
        time.sleep(0.2)


@contextmanager
def oxigraph_server(location: Path) -> Iterator[Engine]:
    """``oxigraph serve -l LOCATION -b 127.0.0.1:PORT``, its default graph its own (not the union)."""
    port = free_port()
    command = [str(OXIGRAPH), "serve", "-l", str(location), "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    engine = Engine("oxigraph", f"{base}/query", f"{base}/store", f"{base}/update", process, restart=command)
    try:
        _wait(engine.query_url, process, engine.config())
        yield engine
    finally:
        stop(engine.process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(location: Path) -> Iterator[Engine]:
    """``virtuoso-t -f -c INI`` with its files in ``location``; GSP and Update with digest ``dba:dba``."""
    location.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    ini = location / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=location, sql_port=free_port(), http_port=http_port))
    command = [VIRTUOSO, "-f", "-c", str(ini)]
    process = subprocess.Popen(command, cwd=location, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    engine = Engine(
        "virtuoso",
        f"{base}/sparql",
        f"{base}/sparql-graph-crud-auth",
        f"{base}/sparql-auth",
        process,
        user="dba",
        password="dba",
        auth="digest",
        restart=command,
    )
    try:
        _wait(engine.query_url, process, engine.config())
        yield engine
    finally:
        stop(engine.process)


STARTERS = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}
ENGINES = ("embedded", *STARTERS)
"""What answers the suites parametrised over engines: the embedded store, then each external engine."""


@dataclass(frozen=True)
class Served:
    """A running coopgraph server and the engine behind it (``embedded``: its own store)."""

    url: str
    engine: str


@contextmanager
def published_engine(name: str, build: Build, location: Path) -> Iterator[Engine]:
    """Engine ``name`` started in ``location``, ``build`` published into it with ``coopgraph publish``'s function."""
    with STARTERS[name](location) as engine:
        counts = publish(build, engine.config())
        assert all(c.matches for c in counts), counts
        yield engine


@pytest.fixture(scope="session")
def oxigraph_engine(published: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An Oxigraph server holding the bundled build, shared by the tests that only read it."""
    with published_engine("oxigraph", published, tmp_path_factory.mktemp("oxigraph")) as engine:
        yield engine


@pytest.fixture(scope="session")
def virtuoso_engine(published: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A Virtuoso holding the bundled build, shared by the tests that only read it."""
    with published_engine("virtuoso", published, tmp_path_factory.mktemp("virtuoso")) as engine:
        yield engine


@pytest.fixture(scope="session", params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """Which engine answers, for the suites run against each: ``embedded``, ``oxigraph``, ``virtuoso``."""
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def every_server(engine_name: str, published: Build, request: pytest.FixtureRequest) -> Iterator[Served]:
    """coopgraph served from the embedded store, then in front of each external engine, the same build."""
    settings = {"COOPGRAPH_QUERY_TIMEOUT": "3"}
    name = "embedded"
    if engine_name != "embedded":
        engine: Engine = request.getfixturevalue(f"{engine_name}_engine")
        settings |= engine.settings()
        name = engine.name
    with running_server(published.path.parent.parent, settings=settings) as url:
        yield Served(url, name)


def put_graphs(engine: Engine, files: Sequence[Path]) -> None:
    """Put the named graphs of RDF ``files`` into the engine by the Graph Store Protocol, as a publisher would."""
    graphs: dict[str, list[ox.Triple]] = {}
    for path in files:
        for quad in ox.parse(path=path, base_iri=path.as_uri()):
            assert isinstance(quad.graph_name, ox.NamedNode), f"{path}: the suites' data is in named graphs"
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    for graph, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        response = requests.put(
            engine.store_url,
            params={"graph": graph},
            data=body,
            headers={"Content-Type": "application/n-triples"},
            auth=engine.config().credentials(),
            timeout=60,
        )
        assert response.status_code in (200, 201, 204), response.text


@contextmanager
def files_server(engine_name: str, files: Sequence[Path], location: Path) -> Iterator[str]:
    """coopgraph serving RDF ``files`` (``--data``): from its own store, or in front of an engine holding them."""
    if engine_name == "embedded":
        with running_server(data=files) as url:
            yield url
        return
    with STARTERS[engine_name](location) as engine:
        put_graphs(engine, files)
        with running_server(data=files, settings=engine.settings()) as url:
            yield url
