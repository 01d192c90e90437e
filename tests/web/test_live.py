"""A publisher builds while the server runs: the new build is served within seconds, without a restart.

Against a real ``coopgraph serve`` (two server processes): the data changes on
disk, ``build`` publishes it, and the change shows by SPARQL and on the page;
a long answer that was streaming during the switch finishes from the build it
started on, and that build is not pruned while it is being read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from flask import Flask

from coopgraph.build.pipeline import build
from coopgraph.settings import Settings
from coopgraph.sources.project import Sources
from coopgraph.web import live as live_module
from coopgraph.web.app import create_app
from coopgraph.web.live import Live
from coopgraph.web.published import Published
from tests.server import running_server
from tests.web.publishing import HTML, JSON, LABEL, VANERSBORG, eventually, label, page, rename_vanersborg

KEPT = 3
"""Builds kept by these tests' builds: few, so that a handful of builds prunes the oldest."""

# every triple of the build, thirty times over, each row carrying the label: tens of megabytes
LONG = (
    f'SELECT ?l ?s ?p ?o ?k WHERE {{ <{VANERSBORG}> rdfs:label ?l FILTER(lang(?l) = "en") ?s ?p ?o '
    f"VALUES ?k {{ {' '.join(map(str, range(30)))} }} }}"
)


def test_a_new_build_is_served_within_seconds_while_an_answer_in_flight_finishes_on_the_old(
    project: Sources, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    first = build(project, out, keep_builds=KEPT)
    settings = {
        "COOPGRAPH_PROJECT_DIR": str(project.root),
        "COOPGRAPH_MAX_ROWS": "1000000",
        "COOPGRAPH_QUERY_TIMEOUT": "120",
    }
    with running_server(out, settings=settings) as url:
        assert label(url) == "Vänersborg"
        assert (out / "current").resolve() == first.path, "the server serves the build as it found it"
        page = requests.get(f"{url}/id/municipality/vanersborg", headers=HTML, timeout=30)
        assert ">Vänersborg<" in page.text or "Vänersborg</" in page.text

        slow = requests.get(f"{url}/sparql", params={"query": LONG}, headers=JSON, stream=True, timeout=120)
        chunks = slow.iter_content(64 * 1024)
        received = [next(chunks)]  # the answer has started, and waits for this client to read on

        rename_vanersborg(project, "Vänersborg City")
        build(project, out, keep_builds=KEPT)
        took = eventually(lambda: label(url) == "Vänersborg City", seconds=10)
        assert took < 5
        again = requests.get(f"{url}/id/municipality/vanersborg", headers=HTML, timeout=30)
        assert "Vänersborg City" in again.text
        assert again.headers["ETag"] != page.headers["ETag"]

        for name in ("Vänersborg One", "Vänersborg Two", "Vänersborg Three"):  # more builds than are kept
            rename_vanersborg(project, name)
            build(project, out, keep_builds=KEPT)
        eventually(lambda: label(url) == "Vänersborg Three", seconds=10)
        assert first.path.exists(), "a build still being read was pruned"

        received.extend(chunks)
        rows = json.loads(b"".join(received))["results"]["bindings"]
        assert len(rows) > 50_000
        assert {row["l"]["value"] for row in rows} == {"Vänersborg"}

        rename_vanersborg(project, "Vänersborg Four")
        build(project, out, keep_builds=KEPT)
        assert not first.path.exists(), "the old build is kept after its last reader finished"


def test_the_old_build_is_closed_when_its_last_request_is_done_not_before(
    project: Sources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build(project, out, keep_builds=KEPT)
    monkeypatch.setattr(live_module, "CHECK_INTERVAL", 0.0)  # look at every request
    app = create_app(Settings(project_dir=project.root, build_dir=out))
    client = app.test_client()
    streaming = client.get("/sparql", query_string={"query": LABEL}, headers=JSON, buffered=False)
    old = served(app)
    assert old.pool.alive, "the answer in flight has its query process"

    rename_vanersborg(project, "Vänersborg City")
    build(project, out, keep_builds=KEPT)
    with client.get("/sparql", query_string={"query": LABEL}, headers=JSON) as answer:
        assert answer.json is not None and answer.json["results"]["bindings"][0]["l"]["value"] == "Vänersborg City"
    assert served(app) is not old and old.pool.alive, "still in use: not closed"

    body = json.loads(b"".join(streaming.response))
    assert body["results"]["bindings"][0]["l"]["value"] == "Vänersborg"
    streaming.close()
    assert not old.pool.alive, "its query processes stop with its last request"
    app.extensions["coopgraph"].close()


def test_a_build_with_new_settings_shows_them_without_a_restart(project: Sources, tmp_path: Path) -> None:
    """The settings travel with the build: a new title in coopgraph.toml is on the home page once built."""
    out = tmp_path / "dist"
    build(project, out, keep_builds=KEPT)
    with running_server(out, settings={"COOPGRAPH_PROJECT_DIR": str(project.root)}) as url:
        assert "<h1>Daugavpils international cooperation</h1>" in page(url, "/")
        settings = project.root / "coopgraph.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text.replace('en = "Daugavpils international cooperation"', 'en = "Twin towns"'), "utf-8")
        build(project, out, keep_builds=KEPT)
        eventually(lambda: "<h1>Twin towns</h1>" in page(url, "/"), seconds=10)
        settings.write_text(text.replace('en = "Daugavpils international cooperation"', 'en = "Unbuilt"'), "utf-8")
        assert "<h1>Twin towns</h1>" in page(url, "/"), "settings not yet built are not shown"


def served(app: Flask) -> Published:
    """The build a request arriving now would get."""
    live: Live = app.extensions["coopgraph"]
    return live.latest()
