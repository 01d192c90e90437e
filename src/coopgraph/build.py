"""Turn ontology, data and shapes into what the server publishes, or change nothing.

A build is staged in a fresh directory and only published, by swapping the
``current`` symlink in one atomic rename, once every step has succeeded. A
Turtle typo or a SHACL violation therefore leaves the previous good build
serving, untouched.

Layout of the output directory::

    dist/
      current -> builds/20261121T190501Z-3f2a…   (the published build)
      builds/<name>/
        manifest.json          what went in, what came out
        store/                 the Oxigraph store the server opens read-only
        dumps/coopgraph.{ttl,nt.gz,jsonld,trig,nq.gz}
        dumps/{ontology,shapes}.ttl, validation.ttl
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from . import __version__
from .infer import Reasoner, infer
from .namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from .project import Sources
from .store import open_store, write_store
from .validate import ValidationReport, locate_subjects, validate

Progress = Callable[[str], AbstractContextManager[Any]]
"""Called with the name of each step; the context it returns spans the step."""

KEEP_BUILDS = 3


def quiet(step: str) -> AbstractContextManager[None]:
    return nullcontext()


class BuildError(Exception):
    """A build that could not be published; the previous build is still in place."""


class InvalidData(BuildError):
    """The data does not conform to the shapes."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        count = len(report.violations())
        super().__init__(f"validation failed with {count} violation{'s' * (count != 1)}")


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
        digest.update(str(path.relative_to(sources.root)).encode() + b"\0")
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
def _locked(out_dir: Path) -> Iterator[None]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_dumps(store: ox.Store, dumps: Path, ontology: Graph, shapes: Graph, report: ValidationReport) -> int:
    """Write every dump; return the number of distinct triples (all graphs merged)."""
    dumps.mkdir()
    union = {quad.triple for quad in store}
    ox.serialize(union, dumps / "coopgraph.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    ox.serialize(union, dumps / "coopgraph.jsonld", ox.RdfFormat.JSON_LD, prefixes=PREFIXES)
    with gzip.open(dumps / "coopgraph.nt.gz", "wb") as out:
        ox.serialize(union, out, ox.RdfFormat.N_TRIPLES)
    store.dump(dumps / "coopgraph.trig", ox.RdfFormat.TRIG, prefixes=PREFIXES)
    with gzip.open(dumps / "coopgraph.nq.gz", "wb") as out:
        store.dump(out, ox.RdfFormat.N_QUADS)
    for name, graph in (("ontology", ontology), ("shapes", shapes), ("validation", report.as_graph())):
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=False)
        graph.serialize(dumps / f"{name}.ttl", format="turtle")
    return len(union)


def _publish(out_dir: Path, staged: Path) -> None:
    """Point ``current`` at ``staged`` in one rename, then prune the oldest builds."""
    link = out_dir / "current"
    temporary = out_dir / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(staged.relative_to(out_dir))
    os.replace(temporary, link)
    builds = sorted(p for p in (out_dir / "builds").iterdir() if not p.name.startswith("."))
    for old in builds[:-KEEP_BUILDS]:
        if old != staged:
            shutil.rmtree(old, ignore_errors=True)


def build(
    sources: Sources,
    out_dir: Path,
    *,
    reasoner: Reasoner = "rules",
    force: bool = False,
    progress: Progress = quiet,
) -> Build:
    """Load, validate, infer and publish; raise :class:`BuildError` (or ``LoadError``) and publish nothing on failure.

    An up-to-date build is returned as it is unless ``force`` is set.
    """
    out_dir = Path(out_dir)
    with _locked(out_dir):
        digest = source_digest(sources)
        existing = current_build(out_dir)
        if existing is not None and existing.digest == digest and not force:
            return existing

        with progress("Loading sources"):
            ontology, data, shapes = sources.ontology(), sources.data(), sources.shapes()
        with progress("Validating data against the shapes"):
            report = validate(data, shapes, ontology, origins=locate_subjects(sources.data_files()))
        if not report.conforms:
            raise InvalidData(report)
        with progress(f"Inferring ({reasoner})"):
            inferred = infer(ontology, data, reasoner=reasoner)

        now = datetime.now(timezone.utc)
        name = f"{now:%Y%m%dT%H%M%S%fZ}-{digest[:12]}"
        builds = out_dir / "builds"
        builds.mkdir(exist_ok=True)
        staged = builds / f".staging-{name}"
        try:
            staged.mkdir()
            with progress("Writing the store"):
                store = write_store(
                    staged / "store",
                    ((ONTOLOGY_GRAPH, ontology), (DATA_GRAPH, data), (INFERRED_GRAPH, inferred)),
                )
            with progress("Writing dumps"):
                triples = _write_dumps(store, staged / "dumps", ontology, shapes, report)
            del store
            manifest = {
                "build_id": name,
                "source_digest": digest,
                "created": now.isoformat(timespec="seconds"),
                "coopgraph_version": __version__,
                "reasoner": reasoner,
                "sources": [
                    {
                        "path": str(p.relative_to(sources.root)),
                        "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
                    }
                    for p in sources.all_files()
                ],
                "graphs": {
                    str(ONTOLOGY_GRAPH): len(ontology),
                    str(DATA_GRAPH): len(data),
                    str(INFERRED_GRAPH): len(inferred),
                },
                "triples": triples,
                "validation": {"conforms": True, "warnings": len(report.warnings())},
            }
            (staged / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            final = builds / name
            staged.rename(final)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        with progress("Publishing"):
            _publish(out_dir, final)
        return Build(final, manifest)
