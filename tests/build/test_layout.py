"""The builds kept on disk, and how a publisher names one."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.build.layout import UnknownBuild, current_build, find_build, kept_builds, previous_build
from coopgraph.build.pipeline import build
from coopgraph.sources.project import Sources
from tests.conftest import TwoBuilds


def test_only_the_newest_builds_are_kept(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    made = [build(project, out, force=True, keep_builds=2) for _ in range(3)]
    assert [b.path for b in kept_builds(out)] == [made[1].path, made[2].path]
    current = current_build(out)
    assert current is not None and current.path == made[2].path


def test_a_build_is_found_by_its_id_by_current_or_by_its_path(two_builds: TwoBuilds) -> None:
    out, before, after = two_builds.out_dir, two_builds.before, two_builds.after
    assert find_build(out, before.build_id).path == before.path
    assert find_build(out, "current").path == after.path
    assert find_build(out, str(after.path)).path == after.path
    previous = previous_build(out, after)
    assert previous is not None and previous.path == before.path
    assert previous_build(out, before) is None


def test_an_unknown_build_is_said_with_the_builds_there_are(two_builds: TwoBuilds) -> None:
    with pytest.raises(UnknownBuild) as failure:
        find_build(two_builds.out_dir, "20990101T000000Z-nothing")
    message = str(failure.value)
    assert "20990101T000000Z-nothing" in message and two_builds.before.build_id in message
