"""A build that a server still answers from is kept; once nobody serves it, it can go."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from coopgraph.build.lease import Lease, remove_unless_served


def a_build(tmp_path: Path) -> Path:
    path = tmp_path / "builds" / "20260101T000000Z-abc"
    (path / "store").mkdir(parents=True)
    (path / "manifest.json").write_text("{}", encoding="utf-8")
    return path


def test_a_leased_build_is_kept_and_goes_once_released(tmp_path: Path) -> None:
    path = a_build(tmp_path)
    lease, other = Lease(path), Lease(path)  # two server processes may serve the same build
    assert not remove_unless_served(path) and path.exists()
    lease.release()
    assert not remove_unless_served(path) and path.exists()
    other.release()
    other.release()  # releasing twice is harmless
    assert remove_unless_served(path) and not path.exists()


def test_a_lease_dies_with_the_server_that_held_it(tmp_path: Path) -> None:
    path = a_build(tmp_path)
    hold = f"from coopgraph.build.lease import Lease; lease = Lease({str(path)!r}); print(1, flush=True); input()"
    with subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"1"
        assert not remove_unless_served(path)
        holder.kill()
    assert remove_unless_served(path) and not path.exists()


def test_an_unfinished_build_has_no_lease_to_respect(tmp_path: Path) -> None:
    path = tmp_path / "builds" / ".staging-x"
    path.mkdir(parents=True)
    assert remove_unless_served(path) and not path.exists()
