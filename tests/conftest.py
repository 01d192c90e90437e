"""Shared fixtures: the bundled project's sources, read once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from coopgraph.build.layout import Build
from coopgraph.build.pipeline import build
from coopgraph.sources.project import Sources
from tests.browser import browser  # noqa: F401  (a fixture for the browser tests)
from tests.engines import engine_name, every_server, oxigraph_engine, virtuoso_engine  # noqa: F401  (fixtures: coopgraph in front of real engines)
from tests.server import running_server


@pytest.fixture(scope="session")
def sources() -> Sources:
    return Sources()


@pytest.fixture(scope="session")
def ontology(sources: Sources) -> Graph:
    return sources.ontology()


@pytest.fixture(scope="session")
def data(sources: Sources) -> Graph:
    return sources.data()


@pytest.fixture(scope="session")
def shapes(sources: Sources) -> Graph:
    return sources.shapes()


def copy_project(source: Sources, target: Path) -> Sources:
    """A private copy of a project's sources and settings file, for tests that edit or build them."""
    for name in ("ontology", "data", "shapes", "queries"):
        if (source.root / name).exists():
            shutil.copytree(source.root / name, target / name)
    shutil.copy(source.root / "coopgraph.toml", target / "coopgraph.toml")
    return Sources(target)


@pytest.fixture
def project(sources: Sources, tmp_path: Path) -> Sources:
    """A copy of the bundled project that a test may break."""
    return copy_project(sources, tmp_path / "project")


@pytest.fixture(scope="session")
def published(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The bundled project built once for the whole session, into a temporary directory."""
    return build(sources, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def store(published: Build) -> ox.Store:
    return published.open_store()


@pytest.fixture(scope="session")
def server(published: Build) -> Iterator[str]:
    """The bundled build served by a real ``coopgraph serve`` on 127.0.0.1, with a short query timeout."""
    with running_server(published.path.parent.parent, settings={"COOPGRAPH_QUERY_TIMEOUT": "3"}) as url:
        yield url


NEW_PARTNER = Path(__file__).parent / "data" / "new-partner.ttl"
"""A partner municipality (Pärnu, Latvian Pērnava) and its agreement with Daugavpils, as a publisher adds them."""


@dataclass(frozen=True)
class TwoBuilds:
    project: Sources
    out_dir: Path
    before: Build
    after: Build


@pytest.fixture(scope="session")
def two_builds(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> TwoBuilds:
    """The bundled project built, then built again after a publisher added a partner municipality."""
    root = tmp_path_factory.mktemp("changed")
    project = copy_project(sources, root / "project")
    before = build(project, root / "dist")
    shutil.copy(NEW_PARTNER, project.data_dir / NEW_PARTNER.name)
    after = build(project, root / "dist")
    return TwoBuilds(project, root / "dist", before, after)
