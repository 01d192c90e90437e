"""The build directory: published builds, the ``current`` link, and the digest that says a build is stale.

Layout of the output directory::

    dist/
      .lock                    held while a build runs, so two never race
      current -> builds/20261121T190501Z-3f2a…   (the published build)
      builds/<name>/
        manifest.json          what went in, what came out
        changes.json           what changed since the build before it (build/changes.py)
        store/                 the Oxigraph store the server opens read-only
        search.sqlite          the names index for search and reconciliation (build/search_index.py)
        dumps/coopgraph.{ttl,nt.gz,jsonld,trig,nq.gz}   (the N-Quads in byte order)
        dumps/{ontology,shapes}.ttl, validation.ttl

Publishing is one atomic rename of the ``current`` symlink, so a reader sees
the old build or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph import __version__
from coopgraph.build.lease import remove_unless_served
from coopgraph.build.store import open_store
from coopgraph.sources.project import Sources


@dataclass(frozen=True)
class Build:
    """A build on disk, described by its manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def build_id(self) -> str:
        return str(self.manifest["build_id"])

    @property
    def digest(self) -> str:
        return str(self.manifest["source_digest"])

    @property
    def store_path(self) -> Path:
        return self.path / "store"

    @property
    def dumps_dir(self) -> Path:
        return self.path / "dumps"

    def open_store(self) -> ox.Store:
        return open_store(self.store_path)

    @classmethod
    def read(cls, path: Path) -> Build:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        return cls(path, manifest)


def source_digest(sources: Sources) -> str:
    """A hash of every source file and the coopgraph version: a build is stale when it changes."""
    digest = hashlib.sha256(f"coopgraph {__version__}\n".encode())
    for path in sources.all_files():
        digest.update(sources.name_of(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def current_build(out_dir: Path) -> Build | None:
    """The published build in ``out_dir``, or None if there is none."""
    link = Path(out_dir) / "current"
    if not (link / "manifest.json").exists():
        return None
    return Build.read(link.resolve())


def is_up_to_date(sources: Sources, out_dir: Path) -> bool:
    """Whether the published build was made from exactly the current sources."""
    build = current_build(out_dir)
    return build is not None and build.digest == source_digest(sources)


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def publish(out_dir: Path, staged: Path, keep: int) -> None:
    """Point ``current`` at ``staged`` in one rename, then prune all but the newest ``keep`` builds,
    except those a server still answers from."""
    link = out_dir / "current"
    temporary = out_dir / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(staged.relative_to(out_dir))
    os.replace(temporary, link)
    for old in _build_dirs(out_dir)[: -max(keep, 1)]:
        if old != staged:
            remove_unless_served(old)


def _build_dirs(out_dir: Path) -> list[Path]:
    """The builds' directories, oldest first: their names begin with the time they were made."""
    builds = Path(out_dir) / "builds"
    return sorted(p for p in builds.iterdir() if not p.name.startswith(".")) if builds.is_dir() else []


def kept_builds(out_dir: Path) -> list[Build]:
    """The builds still on disk, oldest first."""
    return [Build.read(path) for path in _build_dirs(out_dir) if (path / "manifest.json").is_file()]


class UnknownBuild(LookupError):
    """A build asked for by a name or path that holds none."""


def find_build(out_dir: Path, name: str) -> Build:
    """The build called ``name`` in ``out_dir`` (an id as in ``builds/``, or ``current``), or at the path ``name``."""
    for candidate in (Path(out_dir) / "builds" / name, Path(out_dir) / name, Path(name)):
        if name and (candidate / "manifest.json").is_file():
            return Build.read(candidate.resolve())
    kept = ", ".join(build.build_id for build in kept_builds(out_dir)) or "none"
    raise UnknownBuild(f"no build {name!r} in {Path(out_dir) / 'builds'} (kept builds: {kept}), nor at that path")


def previous_build(out_dir: Path, build: Build) -> Build | None:
    """The newest kept build made before ``build``, or None when it is the first kept."""
    earlier = [kept for kept in kept_builds(out_dir) if kept.path.name < build.path.name]
    return earlier[-1] if earlier else None
