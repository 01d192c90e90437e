"""The build: load, validate, infer, store, dump and publish; or change nothing.

A build is staged in a fresh directory and only published, by swapping the
``current`` symlink in one atomic rename (:mod:`coopgraph.build.layout`), once
every step has succeeded. A Turtle typo or a SHACL violation therefore leaves
the previous good build serving, untouched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from coopgraph import __version__
from coopgraph.build.dumps import write_dumps
from coopgraph.build.infer import Reasoner, infer
from coopgraph.build.layout import Build, current_build, locked, publish, source_digest
from coopgraph.build.store import write_store
from coopgraph.build.validate import ValidationReport, locate_subjects, validate
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from coopgraph.sources.project import Sources

Progress = Callable[[str], AbstractContextManager[Any]]
"""Called with the name of each step; the context it returns spans the step."""


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
    with locked(out_dir):
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

        now = datetime.now(UTC)
        name = f"{now:%Y%m%dT%H%M%S%fZ}-{digest[:12]}"
        graphs = {ONTOLOGY_GRAPH: ontology, DATA_GRAPH: data, INFERRED_GRAPH: inferred}
        staged, triples = _stage(out_dir / "builds", name, graphs, shapes, report, progress)
        manifest = _manifest(name, digest, now, reasoner, sources, graphs, triples, report)
        final = _finish(staged, out_dir / "builds" / name, manifest)
        with progress("Publishing"):
            publish(out_dir, final)
        return Build(final, manifest)


def _stage(
    builds: Path, name: str, graphs: dict[URIRef, Graph], shapes: Graph, report: ValidationReport, progress: Progress
) -> tuple[Path, int]:
    """Write the store and the dumps into a staging directory; returns it and the number of distinct triples."""
    builds.mkdir(exist_ok=True)
    staged = builds / f".staging-{name}"
    try:
        staged.mkdir()
        with progress("Writing the store"):
            store = write_store(staged / "store", tuple(graphs.items()))
        with progress("Writing dumps"):
            triples = write_dumps(store, staged / "dumps", graphs[ONTOLOGY_GRAPH], shapes, report)
        del store
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged, triples


def _manifest(
    name: str,
    digest: str,
    now: datetime,
    reasoner: Reasoner,
    sources: Sources,
    graphs: dict[URIRef, Graph],
    triples: int,
    report: ValidationReport,
) -> dict[str, Any]:
    """What went in (every source file's hash) and what came out (triples per graph)."""
    return {
        "build_id": name,
        "source_digest": digest,
        "created": now.isoformat(timespec="seconds"),
        "coopgraph_version": __version__,
        "reasoner": reasoner,
        "sources": [
            {"path": str(p.relative_to(sources.root)), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in sources.all_files()
        ],
        "graphs": {str(graph): len(content) for graph, content in graphs.items()},
        "triples": triples,
        "validation": {"conforms": True, "warnings": len(report.warnings())},
    }


def _finish(directory: Path, final: Path, manifest: dict[str, Any]) -> Path:
    """Write the manifest and move the staged build to its final name (not yet published)."""
    try:
        (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        directory.rename(final)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return final
