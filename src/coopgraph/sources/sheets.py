"""A project's sheets as quads, the way :func:`coopgraph.sources.load.graph_quads` gives Turtle.

The build stages sheets exactly as it stages RDF files: :func:`sheet_quads`
streams the triples of every row, one row in memory at a time (no rdflib graph,
no table in memory), in the order of :data:`~coopgraph.sources.sheet_read.KINDS`
so that a row may name what an earlier sheet made (an agreement its source).

Where a triple came from (file, row, column) is not kept during the build:
:func:`sheet_origins` reads the sheets again, only when validation has results,
and keeps only the triples of the resources those results are about. So a
violation on a sheet's triple names the cell that produced it, at no cost to a
build that passes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph.sources.config import load_config
from coopgraph.sources.sheet_facts import Context, Fact, agreement_facts, concept_facts, source_facts
from coopgraph.sources.sheet_known import known_from
from coopgraph.sources.sheet_projects import event_facts, participant_facts, programme_facts, project_facts
from coopgraph.sources.sheet_read import KINDS, Row, kind_of, read_rows

__all__ = ["Origin", "sheet_files", "sheet_origins", "sheet_quads", "sheet_rows"]

Maker = Callable[[Row, Context], Iterator[Fact]]
MAKERS: dict[str, Maker] = {
    "sources": source_facts,
    "programmes": programme_facts,
    "projects": project_facts,
    "participants": participant_facts,
    "agreements": agreement_facts,
    "events": event_facts,
}


@dataclass(frozen=True)
class Origin:
    """The cell a triple came from, as the clerk finds it: ``data/agreements.csv:25 column concluded``."""

    path: Path
    row: int
    column: str | None
    """``concluded``, or ``concluded (C)`` in a workbook; None when the row as a whole made it."""


def sheet_files(directory: Path) -> list[Path]:
    """The sheets of a data directory, in the order they are read: by kind, then by name."""
    files = [p for p in Path(directory).iterdir() if p.is_file() and kind_of(p) is not None]
    return sorted(files, key=lambda p: (KINDS.index(kind_of(p) or ""), p.name))


def sheet_rows(files: Iterable[Path], root: Path, rdf_files: Iterable[Path]) -> Iterator[tuple[Row, Fact]]:
    """Every fact of every row of ``files``, with its row; ``rdf_files`` are the project's other data.

    Raises :class:`~coopgraph.sources.sheet_read.SheetError` at the first cell a clerk must fix.
    """
    files = list(files)
    if not files:
        return
    root = Path(root)
    context = Context(load_config(root), known_from(rdf_files))
    for path in files:
        make = MAKERS[kind_of(path) or ""]
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        for row in read_rows(path, shown):
            for fact in make(row, context):
                yield row, fact
    yield from concept_facts(context)


def sheet_quads(
    files: Iterable[Path], root: Path, rdf_files: Iterable[Path], graph: ox.NamedNode | ox.DefaultGraph
) -> Iterator[ox.Quad]:
    """The triples of the sheets as quads of ``graph``, streamed."""
    for _, (subject, predicate, obj, _column) in sheet_rows(files, root, rdf_files):
        yield ox.Quad(subject, predicate, obj, graph)


MINTED_BY: dict[str, set[str]] = {
    "source": {"sources"},
    "agreement": {"agreements"},
    "municipality": {"agreements"},
    "country": {"agreements", "participants"},
    "field": {"agreements", "projects"},
    "scheme": {"agreements", "projects"},
    "programme": {"programmes"},
    "organisation": {"programmes", "participants"},
    "project": {"projects"},
    "event": {"events"},
}
"""The kinds of IRI (``id/{kind}/…``) each sheet kind makes: a resource is looked for only where it can be made."""


def _kinds_making(subjects: Collection[str]) -> set[str]:
    kinds = {"sources"}  # every other kind's rows name their source
    for subject in subjects:
        segment = subject.split("/id/", 1)[-1].split("/", 1)[0]
        kinds |= MINTED_BY.get(segment, set(KINDS))
    return kinds


def sheet_origins(
    files: Iterable[Path], root: Path, rdf_files: Iterable[Path], subjects: Collection[str]
) -> dict[str, list[tuple[str, ox.NamedNode | ox.Literal, Origin]]]:
    """For each of ``subjects`` the sheets describe: its (predicate, object, origin) triples, first origin first.

    Only the sheets of the kinds that make such resources are read again (a warning on a source
    document reads sources.csv, not 100,000 rows of agreements).
    """
    found: dict[str, list[tuple[str, ox.NamedNode | ox.Literal, Origin]]] = {}
    kinds = _kinds_making(subjects)
    files = [path for path in files if kind_of(path) in kinds]
    for row, (subject, predicate, obj, column) in sheet_rows(files, root, rdf_files):
        if subject.value in subjects:
            origin = Origin(row.path, row.number, row.column(column) if column else None)
            found.setdefault(subject.value, []).append((predicate.value, obj, origin))
    return found
