"""``coopgraph publish``: the build's graphs moved into a real Oxigraph server, counted, and failures told plainly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from coopgraph.build.layout import Build
from coopgraph.cli import cli
from coopgraph.engine.publish import count, publish, staging_name
from tests.conftest import TwoBuilds
from tests.engines import Engine, oxigraph_server
from tests.server import free_port


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    with oxigraph_server(tmp_path / "engine") as started:
        yield started


def run_publish(out: Path, engine: Engine, *more: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    args = ["publish", "--out", str(out), "--engine-url", engine.query_url, "--engine-store-url", engine.store_url]
    result = CliRunner().invoke(cli, [*args, *more], env=env)
    return result.exit_code, result.output


def graph_names(engine: Engine) -> set[str]:
    answer = requests.get(
        engine.query_url, params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}, timeout=30
    )
    return {row["g"]["value"] for row in answer.json()["results"]["bindings"]}


def test_publish_puts_every_graph_of_the_build_and_checks_the_counts(published: Build, engine: Engine) -> None:
    code, said = run_publish(published.path.parent.parent, engine, "--engine-update-url", engine.update_url or "")
    assert code == 0, said
    expected = {g: int(n) for g, n in published.manifest["graphs"].items()}
    for graph, triples in expected.items():
        assert f"✓ {graph}: {triples} triples in the engine, {triples} in the build" in said
    assert graph_names(engine) == set(expected), "the staging graphs were moved, not left beside the others"
    assert all(c.matches for c in count(engine.config(), expected))


def test_a_second_build_replaces_the_first_in_the_engine(two_builds: TwoBuilds, engine: Engine) -> None:
    out = two_builds.out_dir
    before = {g: int(n) for g, n in two_builds.before.manifest["graphs"].items()}
    after = {g: int(n) for g, n in two_builds.after.manifest["graphs"].items()}
    assert before != after
    assert [c.found for c in publish(two_builds.before, engine.config())] == list(before.values())
    code, said = run_publish(out, engine, "--engine-update-url", engine.update_url or "")
    assert code == 0, said
    assert [c.found for c in count(engine.config(), after)] == list(after.values())


def test_a_refused_upload_leaves_the_previous_graphs_and_says_so(published: Build, engine: Engine) -> None:
    out = published.path.parent.parent
    assert run_publish(out, engine)[0] == 0
    wrong = engine.store_url.replace("/store", "/nothing-here")
    result = CliRunner().invoke(
        cli,
        [
            "publish",
            "--out",
            str(out),
            "--engine-url",
            engine.query_url,
            "--engine-store-url",
            wrong,
            "--engine-update-url",
            engine.update_url or "",
        ],
    )
    assert result.exit_code == 2
    assert "refused graph" in result.output and "the engine still holds its previous graphs" in result.output
    assert "Traceback" not in result.output
    graphs = {g: int(n) for g, n in published.manifest["graphs"].items()}
    assert all(c.matches for c in count(engine.config(), graphs))
    assert staging_name(next(iter(graphs)), published.build_id) not in graph_names(engine)


def test_an_unreachable_engine_is_exit_2_in_one_line_without_the_password(published: Build) -> None:
    port = free_port()
    result = CliRunner().invoke(
        cli,
        [
            "publish",
            "--out",
            str(published.path.parent.parent),
            "--engine-url",
            f"http://127.0.0.1:{port}/query",
            "--engine-store-url",
            f"http://127.0.0.1:{port}/store",
            "--engine-user",
            "publisher",
        ],
        env={"COOPGRAPH_ENGINE_PASSWORD": "s3cret-word"},
    )
    assert result.exit_code == 2
    assert f"127.0.0.1:{port}" in result.output and "unreachable" in result.output
    assert "s3cret-word" not in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_publish_without_an_engine_says_which_setting_is_missing(published: Build) -> None:
    result = CliRunner().invoke(cli, ["publish", "--out", str(published.path.parent.parent)], env={})
    assert result.exit_code == 2 and "engine_url is not set" in result.output
