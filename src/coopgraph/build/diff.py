"""What changed between two builds: statements added and removed, by resource, asserted and inferred apart.

Both builds' N-Quads dumps are in byte order (:data:`coopgraph.build.dumps.SORTED_DUMP`),
so ``comm`` walks them once side by side (:mod:`coopgraph.build.sorted_lines`):
memory stays flat whatever the size of the builds, and only the changed quads
reach Python. Lines that begin with the same subject are adjacent in byte
order, so the changes stream out already grouped by resource; only those
resources' names are looked up, in the new build's store (in the old one's
for a resource that is gone).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.dumps import SORTED_DUMP
from coopgraph.build.layout import Build
from coopgraph.build.sorted_lines import differing_lines, sort_to_gzip
from coopgraph.build.store import labels
from coopgraph.i18n import pick
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES

KINDS: dict[str, str] = {str(DATA_GRAPH): "asserted", str(INFERRED_GRAPH): "inferred", str(ONTOLOGY_GRAPH): "ontology"}
"""What the statements of each named graph are called in a diff, in the order they are shown."""

Counts = dict[str, dict[str, int]]
"""Statements by kind, then ``added`` / ``removed``: ``{"asserted": {"added": 12, "removed": 0}, …}``."""

ORDERED = "nquads_in_byte_order"
"""The manifest's flag for a build whose N-Quads dump is in byte order (older builds' are not)."""

XSD_STRING = PREFIXES["xsd"] + "string"


def no_counts() -> Counts:
    return {kind: {"added": 0, "removed": 0} for kind in KINDS.values()}


@dataclass(frozen=True)
class Statement:
    """One quad that one build has and the other has not."""

    added: bool
    kind: str
    quad: ox.Quad


@dataclass(frozen=True)
class ResourceChange:
    """Every changed statement about one subject, with the subject's names by language."""

    resource: ox.NamedNode | ox.BlankNode
    labels: dict[str, str]
    statements: tuple[Statement, ...]

    def counts(self) -> Counts:
        counts = no_counts()
        for statement in self.statements:
            sides = counts.setdefault(statement.kind, {"added": 0, "removed": 0})
            sides["added" if statement.added else "removed"] += 1
        return counts


def add_counts(total: Counts, more: Counts) -> None:
    for kind, sides in more.items():
        for side, count in sides.items():
            total.setdefault(kind, {"added": 0, "removed": 0})[side] += count


def diff(old: Build, new: Build) -> Iterator[ResourceChange]:
    """The resources whose statements differ between ``old`` and ``new``, in byte order of their IRIs."""
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coopgraph-diff-")))
        old_dump, new_dump = (_in_byte_order(build, scratch / side) for build, side in ((old, "old"), (new, "new")))
        stores = (new.open_store(), old.open_store())
        yield from by_resource(statements(old_dump, new_dump), stores)


def statements(old_dump: Path, new_dump: Path) -> Iterator[Statement]:
    """The quads of one gzip'd byte-ordered N-Quads file and not the other, in byte order."""
    for added, line in differing_lines(old_dump, new_dump):
        for quad in ox.parse(line, ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            kind = KINDS.get(graph.value, "other") if isinstance(graph, ox.NamedNode) else "default"
            yield Statement(added, kind, quad)


def by_resource(changed: Iterable[Statement], stores: Iterable[ox.Store]) -> Iterator[ResourceChange]:
    """The statements grouped by subject (adjacent, as byte order leaves them), each subject named from
    the first of ``stores`` that names it."""
    stores = tuple(stores)
    for subject, group in groupby(changed, key=lambda statement: statement.quad.subject):
        if isinstance(subject, ox.Triple):  # the builds refuse quoted triples; a dump could hold one
            continue
        names = next((found for found in (labels(store, subject) for store in stores) if found), {})
        yield ResourceChange(subject, names, tuple(group))


def _in_byte_order(build: Build, scratch: Path) -> Path:
    """The build's N-Quads dump in byte order: as it is, or sorted into ``scratch`` (an older build's)."""
    dump = build.dumps_dir / SORTED_DUMP
    if not dump.is_file():
        raise FileNotFoundError(f"build {build.build_id} has no {SORTED_DUMP} to compare: rebuild it")
    if build.manifest.get(ORDERED):
        return dump
    scratch.mkdir()
    unsorted = scratch / "unsorted.nq"
    with gzip.open(dump, "rb") as packed, unsorted.open("wb") as plain:
        shutil.copyfileobj(packed, plain, 1 << 20)
    sort_to_gzip(unsorted, scratch / SORTED_DUMP)
    unsorted.unlink()
    return scratch / SORTED_DUMP


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term as Turtle writes it, IRIs shortened by the known prefixes: ``rdfs:label``, ``"Riga"@en``."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and term.value != namespace:
                return f"{prefix}:{term.value[len(namespace) :]}"
        return str(term)
    if isinstance(term, ox.Literal) and not term.language:
        datatype = term.datatype
        if datatype.value == XSD_STRING:
            return str(ox.Literal(term.value))
        return str(term).removesuffix(str(datatype)) + term_text(datatype)
    return str(term)


def as_text(change: ResourceChange, lang: str) -> Iterator[str]:
    """A resource's changes as lines for a terminal: its name and IRI, then ``+``/``-`` statements by kind."""
    name = pick(change.labels, lang)
    yield f"{name}  {change.resource}" if name else str(change.resource)
    for kind, group in groupby(sorted(change.statements, key=_kind_order), key=lambda s: s.kind):
        yield f"  {kind}"
        for statement in group:
            quad = statement.quad
            yield f"    {'+' if statement.added else '-'} {term_text(quad.predicate)} {term_text(quad.object)}"


def _kind_order(statement: Statement) -> tuple[int, bool]:
    order = list(KINDS.values())
    return (order.index(statement.kind) if statement.kind in order else len(order), not statement.added)


def as_json(change: ResourceChange, lang: str) -> dict[str, object]:
    """A resource's changes for ``--format json``: each statement as an N-Triples line."""
    found: dict[str, dict[str, list[str]]] = {"added": {}, "removed": {}}
    for statement in change.statements:
        side = found["added" if statement.added else "removed"]
        side.setdefault(statement.kind, []).append(f"{statement.quad.triple} .")
    return {
        "resource": resource_id(change.resource),
        "label": pick(change.labels, lang),
        "labels": change.labels,
        **found,
    }


def resource_id(resource: ox.NamedNode | ox.BlankNode) -> str:
    """An IRI as it is, a blank node as ``_:label``."""
    return resource.value if isinstance(resource, ox.NamedNode) else str(resource)


def text_report(old: Build, new: Build, lang: str) -> Iterator[str]:
    """``coopgraph diff``: each changed resource as it streams out, then the totals."""
    yield f"Changes from build {old.build_id} to build {new.build_id}"
    totals, resources = no_counts(), 0
    for change in diff(old, new):
        add_counts(totals, change.counts())
        resources += 1
        yield ""
        yield from as_text(change, lang)
    said = ", ".join(f"{kind} +{sides['added']} -{sides['removed']}" for kind, sides in totals.items())
    yield ""
    yield f"{resources} resource{'s' * (resources != 1)} changed; statements {said}"


def json_report(old: Build, new: Build, lang: str) -> dict[str, object]:
    """``coopgraph diff --format json``: the builds, the totals and every changed resource."""
    totals, resources = no_counts(), []
    for change in diff(old, new):
        add_counts(totals, change.counts())
        resources.append(as_json(change, lang))
    return {"old": old.build_id, "new": new.build_id, "totals": totals, "resources": resources}
