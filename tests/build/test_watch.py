"""The watcher sees every edit of a source file, waits for the editing to stop, and builds once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from coopgraph.build.layout import current_build
from coopgraph.build.watch import next_change, rebuild, snapshot, watch
from coopgraph.settings import Settings
from coopgraph.sources.project import Sources


def test_an_edit_an_addition_and_a_removal_each_change_the_snapshot(project: Sources) -> None:
    before = snapshot(project)
    places = project.data_dir / "places.ttl"
    assert places in before and not any(p.is_relative_to(project.root / "dist") for p in before)
    places.write_text(places.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = snapshot(project)
    assert edited != before and set(edited) == set(before)
    extra = project.data_dir / "extra.ttl"
    extra.write_text("", encoding="utf-8")
    assert extra in snapshot(project)
    extra.unlink()
    assert snapshot(project) == edited
    config = project.root / "coopgraph.toml"
    config.write_text("[project]\n", encoding="utf-8")
    assert config in snapshot(project)


def test_a_burst_of_writes_is_one_change_seen_once_it_settles(project: Sources) -> None:
    seen = snapshot(project)
    places = project.data_dir / "places.ttl"

    def edit() -> None:
        for i in range(4):  # an editor's save, a copy of several files: writes 0.2 s apart
            places.write_text(places.read_text(encoding="utf-8") + f"# {i}\n", encoding="utf-8")
            time.sleep(0.2)

    writer = threading.Thread(target=edit)
    started = time.monotonic()
    writer.start()
    changed = next_change(project, seen, lambda: True, poll=0.05, settle=0.5)
    writer.join()
    assert changed == snapshot(project), "the change is the state after the last write"
    assert time.monotonic() - started >= 0.6 + 0.5


def test_the_watcher_stops_when_asked() -> None:
    assert next_change(Sources(), {}, lambda: False) is None


def test_rebuild_says_what_happened(project: Sources, tmp_path: Path) -> None:
    settings = Settings(project_dir=project.root, build_dir=tmp_path / "dist")
    assert rebuild(settings).startswith("Published build ")
    assert rebuild(settings).endswith("is up to date with the sources.")
    places = project.data_dir / "places.ttl"
    text = places.read_text(encoding="utf-8")
    places.write_text(text + "\nthis is not turtle\n", encoding="utf-8")
    said = rebuild(settings)
    assert said.startswith(f"The sources do not build: {places}:") and "Still serving the previous build." in said
    agreements = project.data_dir / "agreements.ttl"
    places.write_text(text, encoding="utf-8")
    agreements.write_text(agreements.read_text().replace('"2018"^^xsd:gYear', '"since 2018"'))
    said = rebuild(settings)
    assert "agreements.ttl" in said and "validation failed with 2 violations" in said


def test_watch_builds_what_changed_before_it_started_and_then_each_change(project: Sources, tmp_path: Path) -> None:
    settings = Settings(project_dir=project.root, build_dir=tmp_path / "dist")
    said: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(settings, said.append, lambda: not stop.is_set()))
    watcher.start()
    try:
        deadline = time.monotonic() + 60
        while not any(s.startswith("Published build") for s in said) and time.monotonic() < deadline:
            time.sleep(0.1)
        first = current_build(settings.output_dir)
        assert first is not None
        places = project.data_dir / "places.ttl"
        places.write_text(places.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        os.utime(places)
        while (now := current_build(settings.output_dir)) == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert now is not None and now.path != first.path
    finally:
        stop.set()
        watcher.join(30)
    assert said[0].startswith("Watching ") and "The sources changed: building…" in said


def test_the_watcher_process_stops_cleanly_when_the_server_ends_it(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    env = {**os.environ, **Settings(project_dir=project.root, build_dir=out).as_env()}
    command = [sys.executable, "-m", "coopgraph.build.watch"]
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL) as watcher:
        assert watcher.stderr is not None
        assert watcher.stderr.readline().decode().startswith("Watching ")
        watcher.terminate()  # in the middle of its first build
        said = watcher.stderr.read().decode()
        assert watcher.wait(30) == 0, said
    assert "Traceback" not in said
    assert not list(out.glob("builds/.staging-*")), "a build cut short leaves nothing half-made"
