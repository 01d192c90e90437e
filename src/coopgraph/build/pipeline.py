"""The build: load, validate, infer, dump and publish; or change nothing.

The data stays in Oxigraph from parse to publish. The sources are parsed once
into a staged N-Quads file (where a syntax error surfaces with its file, line
and column), the staging store is bulk-loaded from it, validated and inferred
by SPARQL inside the store, and the dumps are written from the staged files.
rdflib holds only what is small: the ontology, the shapes, the reports.

A build is staged in a fresh directory and only published, by swapping the
``current`` symlink in one atomic rename (:mod:`coopgraph.build.layout`), once
every step has succeeded. A Turtle typo, a SHACL violation or a full disk
therefore leaves the previous good build serving, untouched.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import Graph, URIRef

from coopgraph import __version__
from coopgraph.build.changes import write_changes
from coopgraph.build.children import Child
from coopgraph.build.diff import ORDERED
from coopgraph.build.dumps import Staged, Writing, write_descriptions, write_dumps
from coopgraph.build.failure import clear_failure, failure_document, record_failure
from coopgraph.build.infer import Reasoner, compile_rules, infer
from coopgraph.build.infer_stream import write_inferred
from coopgraph.build.layout import Build, current_build, locked, publish, source_digest
from coopgraph.build.report import REPORT_FILE, report_document, write_json
from coopgraph.build.search_index import SEARCH_FILE, write_index
from coopgraph.build.shapes_check import validate_store
from coopgraph.build.shapes_compile import UnsupportedShape
from coopgraph.build.store import distinct_triples, graph_sizes, load_store, memory_store, stage_quads
from coopgraph.build.validate import ValidationReport, Violation, curie, locate_subjects, validate
from coopgraph.build.value_lines import locate_values
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from coopgraph.sources.config import CONFIG_FILE
from coopgraph.sources.load import LoadError, graph_quads
from coopgraph.sources.project import Sources
from coopgraph.sources.sheets import Origin, sheet_origins

Validator = Literal["compiled", "pyshacl"]


class Step:
    """What a running step tells the progress display: how many triples it has worked through."""

    def __init__(self) -> None:
        self.triples: int | None = None


Progress = Callable[[str], AbstractContextManager[Step]]
"""Called with the name of each step; the context it returns spans the step."""


@contextmanager
def quiet(step: str) -> Iterator[Step]:
    yield Step()


class BuildError(Exception):
    """A build that could not be published; the previous build is still in place."""


class InvalidData(BuildError):
    """The data does not conform to the shapes."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        count = len(report.violations())
        super().__init__(f"validation failed with {count} violation{'s' * (count != 1)}")


class OutOfResources(BuildError):
    """The machine ran out of disk or memory; nothing was published, nothing was lost."""


def build(
    sources: Sources,
    out_dir: Path,
    *,
    reasoner: Reasoner = "rules",
    validator: Validator = "compiled",
    force: bool = False,
    progress: Progress = quiet,
    keep_builds: int = 10,
) -> Build:
    """Load, validate, infer and publish; raise :class:`BuildError` (or ``LoadError``) and publish nothing on failure.

    An up-to-date build is returned as it is unless ``force`` is set. The
    newest ``keep_builds`` builds are kept, each with its changes against the
    one before it.
    """
    out_dir = Path(out_dir)
    try:
        with locked(out_dir):
            digest = source_digest(sources)
            existing = current_build(out_dir)
            if existing is not None and existing.digest == digest and not force:
                clear_failure(out_dir)
                return existing
            try:
                final, manifest = _staged_build(sources, out_dir, digest, reasoner, validator, progress, existing)
            except (BuildError, LoadError) as error:
                _record_failure(out_dir, error, sources.root)
                raise
            clear_failure(out_dir)  # before the switch: a server that sees the new build sees no failure beside it
            with progress("Publishing"):
                publish(out_dir, final, keep_builds)
            return Build(final, manifest)
    except OSError as error:
        raise _out_of_resources(error, out_dir) from None
    except MemoryError:
        raise _out_of_resources(OSError(errno.ENOMEM, "MemoryError"), out_dir) from None


def _staged_build(
    sources: Sources,
    out_dir: Path,
    digest: str,
    reasoner: Reasoner,
    validator: Validator,
    progress: Progress,
    previous: Build | None,
) -> tuple[Path, dict[str, Any]]:
    """The build in a staging directory with its changes since ``previous``, moved to its final name;
    on any failure the staging is removed."""
    now = datetime.now(UTC)
    name = f"{now:%Y%m%dT%H%M%S%fZ}-{digest[:12]}"
    builds = out_dir / "builds"
    staged = builds / f".staging-{name}"
    try:
        builds.mkdir(exist_ok=True)
        staged.mkdir()
        manifest = _make(sources, staged, reasoner, validator, progress)
        manifest.update(build_id=name, source_digest=digest, created=now.isoformat(timespec="seconds"))
        (staged / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        # the settings travel with the build, so that a server switching to it shows its title, its home…
        shutil.copyfile(sources.root / CONFIG_FILE, staged / CONFIG_FILE)
        with progress("Summarising the changes"):
            write_changes(previous, Build(staged, manifest))
        final = builds / name
        staged.rename(final)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return final, manifest


def _record_failure(out_dir: Path, error: Exception, root: Path) -> None:
    """Leave the failure where a running server reads it; a record that cannot be written hides nothing."""
    report = error.report if isinstance(error, InvalidData) else None
    with contextlib.suppress(OSError):  # the disk is full or read-only: the build's own error is the one to report
        record_failure(out_dir, failure_document(error, report, root))


def _out_of_resources(error: OSError, out_dir: Path) -> BaseException:
    """A full disk, exhausted memory or any other system error said in one line, with where and what to do."""
    unchanged = "nothing was published and the previous build is unchanged"
    if error.errno == errno.ENOSPC or "No space left" in str(error):
        return OutOfResources(
            f"no space left on the disk of {out_dir}; {unchanged}. "
            "Free space there (a build takes about as much as its previous one, and the last "
            "COOPGRAPH_KEEP_BUILDS builds are kept), "
            "or set COOPGRAPH_BUILD_DIR to a disk with room."
        )
    if error.errno == errno.ENOMEM or "MemoryError" in str(error):
        return OutOfResources(f"the build ran out of memory; {unchanged}. Close other programs, or build elsewhere.")
    return OutOfResources(f"the build could not write to {out_dir} ({error.strerror or error}); {unchanged}.")


SMALL = 200_000
"""Below this many source triples a build runs in one process, one step after another; above, the
inference and the dumps run in child processes beside the validation, one a core."""


def _make(
    sources: Sources, staged: Path, reasoner: Reasoner, validator: Validator, progress: Progress
) -> dict[str, Any]:
    """Everything of a build inside ``staged``; returns the manifest's account of what went in and out."""
    ontology, shapes = sources.ontology(), sources.shapes()
    files = Staged(staged / "sources.nq", staged / "inferred.nt", str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH))
    quads = _stage(sources, files.sources, progress)
    concurrent = quads >= SMALL and reasoner == "rules" and (os.cpu_count() or 1) > 1
    inference = _start_inference(sources, files) if concurrent else None
    writing = indexing = None
    try:
        if inference is not None:
            # the distributions, written by children as soon as the inferred graph is there
            writing = Writing(files, staged / "dumps", workers=max(1, (os.cpu_count() or 1) - 1), after=inference)
        report = _checked(files.sources, quads, sources, ontology, shapes, validator, progress)
        if not report.conforms:
            raise InvalidData(report)
        store, sizes = _load_store(staged, files.sources, progress)
        with progress(f"Inferring ({reasoner})") as step:
            if inference is None:
                _infer(files, sources, ontology, reasoner)
            else:
                inference.finished("the inference")
            store.bulk_load(path=str(files.inferred), format=ox.RdfFormat.N_TRIPLES, to_graph=_named(INFERRED_GRAPH))
            sizes = graph_sizes(store)
            step.triples = sizes.get(str(DATA_GRAPH), 0) + sizes.get(str(ONTOLOGY_GRAPH), 0)
        # the names index reads the finished store on a thread of its own (SQLite and Oxigraph release the
        # GIL), beside the dumps the children are writing: at 1M triples it is some 10 s off the critical path
        indexing = ThreadPoolExecutor(1, thread_name_prefix="search-index")
        searching = indexing.submit(write_index, store, staged / SEARCH_FILE)
        with progress("Writing dumps") as step:
            if writing is None:
                write_dumps(files, staged / "dumps", ontology, shapes, report)
            else:
                writing.wait()
                write_descriptions(staged / "dumps", ontology, shapes, report)
            triples = distinct_triples(store)
            step.triples = sum(sizes.values())
    finally:
        for job in (inference, writing):
            if job is not None:
                job.stop()
        if indexing is not None:
            indexing.shutdown(wait=True)  # the thread reads the store: it ends before the store is dropped
    store.flush()
    with progress("Indexing the names for search") as step:
        searchable = searching.result()
        step.triples = searchable.names
    del store
    files.sources.unlink()
    files.inferred.unlink()
    write_json(staged / REPORT_FILE, report_document(report, sources.root))
    return {**_manifest(sources, reasoner, validator, sizes, triples, report), "search": searchable.manifest()}


def _manifest(
    sources: Sources,
    reasoner: Reasoner,
    validator: Validator,
    sizes: dict[str, int],
    triples: int,
    report: ValidationReport,
) -> dict[str, Any]:
    """What went in (every source file's hash) and what came out (triples per graph)."""
    return {
        "coopgraph_version": __version__,
        "reasoner": reasoner,
        "validator": validator,
        "sources": [
            {"path": sources.name_of(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in sources.all_files()
        ],
        "graphs": {str(g): sizes.get(str(g), 0) for g in (ONTOLOGY_GRAPH, DATA_GRAPH, INFERRED_GRAPH)},
        ORDERED: True,
        "triples": triples,
        "validation": {"conforms": True, "warnings": len(report.warnings())},
    }


def _start_inference(sources: Sources, files: Staged) -> Child:
    return Child("coopgraph.build.infer_stream", str(sources.root), str(files.sources), str(files.inferred))


def _named(graph: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(graph))


def check(sources: Sources, *, validator: Validator = "compiled", progress: Progress = quiet) -> ValidationReport:
    """Validate the sources exactly as a build would, without building (in a temporary store)."""
    ontology, shapes = sources.ontology(), sources.shapes()
    with tempfile.TemporaryDirectory(prefix="coopgraph-check-") as directory:
        staged = Path(directory) / "sources.nq"
        quads = _stage(sources, staged, progress)
        return _checked(staged, quads, sources, ontology, shapes, validator, progress)


def _stage(sources: Sources, path: Path, progress: Progress) -> int:
    """Parse the sources once into the staged N-Quads file; returns how many quads it holds."""
    with progress("Parsing sources") as step:
        count = 0

        def counted(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
            nonlocal count
            for quad in quads:
                count += 1
                yield quad

        stage_quads(
            counted(
                chain(
                    graph_quads(sources.ontology_files(), _named(ONTOLOGY_GRAPH), "o"),
                    graph_quads(sources.data_files(), _named(DATA_GRAPH), "d"),
                    sources.sheet_quads(_named(DATA_GRAPH)),
                )
            ),
            path,
        )
        step.triples = count
    return count


def _load_store(directory: Path, staged: Path, progress: Progress) -> tuple[ox.Store, dict[str, int]]:
    with progress("Loading the store") as step:
        store = load_store(directory / "store", staged)
        sizes = graph_sizes(store)
        step.triples = sum(sizes.values())
    return store, sizes


def _checked(
    staged: Path,
    quads: int,
    sources: Sources,
    ontology: Graph,
    shapes: Graph,
    validator: Validator,
    progress: Progress,
) -> ValidationReport:
    """The report on the staged data graph, each result with its file and line.

    The compiled validator queries an in-memory store of the staged file, before
    the on-disk store is loaded: queries answer faster from memory, the two
    stores are never held at once, and invalid data costs no database load.
    """
    with progress(f"Validating data against the shapes ({validator})") as step:
        if validator == "compiled":
            store = memory_store(staged)
            report = _compiled(store, shapes, ontology)
            del store
        elif validator == "pyshacl":
            report = validate(sources.data(), shapes, ontology)
        else:
            raise ValueError(f"unknown validator {validator!r}: use 'compiled' or 'pyshacl'")
        step.triples = quads  # the staged quads, counted while they were parsed
    return _located(report, sources) if report.results else report


def _compiled(store: ox.Store, shapes: Graph, ontology: Graph) -> ValidationReport:
    try:
        return validate_store(store, shapes, ontology, ox.NamedNode(str(DATA_GRAPH)))
    except UnsupportedShape as error:
        raise BuildError(
            f"{error}; the shapes cannot be compiled, so nothing was published. "
            'Remove the feature, or validate this project with pyshacl (validator = "pyshacl", '
            "COOPGRAPH_VALIDATOR=pyshacl)."
        ) from None


def _located(report: ValidationReport, sources: Sources) -> ValidationReport:
    """The report with each result's place: a sheet's file, row and column; a Turtle file's line of the
    value where the result names one (else of the subject). The files are read again only when there is a
    result, and of the sheets only what the results are about is kept."""
    origins = locate_subjects(sources.data_files())
    made = sheet_origins(sources.sheet_files(), sources.root, sources.data_files(), {r.focus for r in report.results})
    results = []
    for result in report.results:
        if result.focus in made:
            origin = _sheet_cell(result, made[result.focus])
            results.append(replace(result, source_file=origin.path, line=origin.row, column=origin.column))
            continue
        source_file, line = origins.get(result.focus, (None, None))
        results.append(replace(result, source_file=source_file, line=line))
    return locate_values(replace(report, results=tuple(results)), sources.data_files())


def _sheet_cell(result: Violation, triples: list[tuple[str, ox.NamedNode | ox.Literal, Origin]]) -> Origin:
    """The cell that wrote the offending value; else the first row that made the resource (a value is missing)."""
    for predicate, obj, origin in triples:
        if result.path == curie(predicate) and result.value is not None and _same_value(result.value, obj):
            return origin
    return replace(triples[0][2], column=None)


def _same_value(written: str, obj: ox.NamedNode | ox.Literal) -> bool:
    """Whether a report's value (an IRI, or a literal in Turtle) is this term."""
    if isinstance(obj, ox.NamedNode):
        return written == obj.value
    return written.startswith('"') and written[1:].startswith(obj.value.replace("\\", "\\\\").replace('"', '\\"'))


def _infer(files: Staged, sources: Sources, ontology: Graph, reasoner: Reasoner) -> None:
    """The inferred graph as N-Triples beside the staged sources, in this process."""
    if reasoner == "rules":
        write_inferred(files.sources, compile_rules(ontology), files.inferred)
    elif reasoner == "owlrl":  # the reference: small projects only, the data goes through rdflib
        inferred = infer(ontology, sources.data(), reasoner="owlrl")
        inferred.serialize(files.inferred, format="nt", encoding="utf-8")
    else:
        raise ValueError(f"unknown reasoner {reasoner!r}: use 'rules' or 'owlrl'")
