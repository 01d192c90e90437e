"""Each build says, once and for all, what it changed: what /changes and its feed serve without a diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.changes import FILE, read_changes, summarise
from coopgraph.build.pipeline import build
from coopgraph.namespaces import DATA_GRAPH, ID, INFERRED_GRAPH
from coopgraph.sources.project import Sources
from tests.conftest import NEW_PARTNER, TwoBuilds


def test_a_build_records_its_changes_against_the_build_before_it(two_builds: TwoBuilds) -> None:
    recorded = json.loads((two_builds.after.path / FILE).read_text(encoding="utf-8"))
    assert recorded["build"] == two_builds.after.build_id and recorded["previous"] == two_builds.before.build_id
    written = sum(1 for _ in ox.parse(path=str(NEW_PARTNER), format=ox.RdfFormat.TURTLE))
    assert recorded["totals"]["asserted"] == {"added": written, "removed": 0}
    assert recorded["totals"]["inferred"]["added"] > 0 and recorded["totals"]["inferred"]["removed"] == 0
    listed = {r["iri"]: r for r in recorded["resources"]}
    assert listed[str(ID["municipality/parnu"])]["labels"] == {"en": "Pärnu", "lv": "Pērnava"}
    assert recorded["resources_total"] == len(listed)


def test_the_first_build_counts_everything_as_added(two_builds: TwoBuilds) -> None:
    first = json.loads((two_builds.before.path / FILE).read_text(encoding="utf-8"))
    graphs = two_builds.before.manifest["graphs"]
    assert first["previous"] is None and first["resources"] == []
    assert first["totals"]["asserted"]["added"] == graphs[str(DATA_GRAPH)]
    assert first["totals"]["inferred"]["added"] == graphs[str(INFERRED_GRAPH)]


def test_the_kept_builds_changes_are_read_newest_first(two_builds: TwoBuilds) -> None:
    kept = read_changes(two_builds.out_dir)
    assert [c.build_id for c in kept] == [two_builds.after.build_id, two_builds.before.build_id]
    assert kept[0].changed("added") == sum(sides["added"] for sides in kept[0].totals.values())


def test_a_summary_names_a_bounded_number_of_resources_and_counts_them_all(two_builds: TwoBuilds) -> None:
    summary = summarise(two_builds.before, two_builds.after, listed=1)
    assert len(summary.resources) == 1 and summary.resources_total == 3
    assert summary.totals == read_changes(two_builds.out_dir)[0].totals


def test_a_damaged_previous_build_gives_no_summary_and_does_not_stop_the_build(
    project: Sources, tmp_path: Path
) -> None:
    first = build(project, tmp_path / "dist")
    shutil.rmtree(first.dumps_dir)
    second = build(project, tmp_path / "dist", force=True)
    assert not (second.path / FILE).exists()
    assert [c.build_id for c in read_changes(tmp_path / "dist")] == [first.build_id]
