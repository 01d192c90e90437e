"""Leases on published builds: a build a server still answers from is not pruned under it.

A server process holds a shared ``flock`` on the manifest of each build it
serves, for as long as any request uses that build. Pruning takes the lock
exclusively, without waiting: a build it cannot lock is in use and is kept
(the next publish prunes it). Locks die with their process, so a crashed
server never pins a build.

Why not let the files go and count on Linux keeping deleted files alive for
whoever holds them open: the query process opens the store itself, and a
new one is started after a timeout kills the previous one; it could not
open a store that is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

MANIFEST = "manifest.json"


class Lease:
    """A shared lock on one build, released by :meth:`release` (or when the process ends)."""

    def __init__(self, build_path: Path) -> None:
        self.path = Path(build_path)
        self._handle: IO[bytes] | None = (self.path / MANIFEST).open("rb")
        fcntl.flock(self._handle, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None


@contextlib.contextmanager
def _unleased(build_path: Path) -> Iterator[bool]:
    """Whether nobody holds a lease on the build; while true, nobody can take one."""
    try:
        handle = (build_path / MANIFEST).open("rb")
    except FileNotFoundError:
        yield True  # not a finished build: nobody can serve it
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def remove_unless_served(build_path: Path) -> bool:
    """Delete a build unless a server holds a lease on it; returns whether it was deleted."""
    with _unleased(build_path) as free:
        if free:
            shutil.rmtree(build_path, ignore_errors=True)
        return free
