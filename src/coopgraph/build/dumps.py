"""The dumps a build writes beside its store, and what each file is.

:data:`DUMP_KINDS` is the one list of them: the build writes them
(:func:`write_dumps`), the catalogue describes them as DCAT distributions and
``/dumps/`` serves them.
"""

from __future__ import annotations

import gzip
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

import pyoxigraph as ox
from rdflib import Graph

from coopgraph.build.children import Child
from coopgraph.build.sorted_lines import sort_to_gzip
from coopgraph.namespaces import PREFIXES

if TYPE_CHECKING:  # the dump workers import this module: keep pyshacl out of them
    from coopgraph.build.validate import ValidationReport


@dataclass(frozen=True)
class DumpKind:
    """What a dump file is: its media type, its EU file type, its compression and its name in words."""

    media_type: str
    file_type: str
    title_en: str
    title_lv: str
    compression: str | None = None
    """The media type of the compression (``application/gzip``), or None for a plain file."""
    distribution: bool = True
    """Whether the file is a full distribution of the dataset (the ontology, shapes and report are not)."""


DUMP_KINDS: dict[str, DumpKind] = {
    "coopgraph.ttl": DumpKind("text/turtle", "RDF_TURTLE", "All triples, Turtle", "Visi trijnieki, Turtle"),
    "coopgraph.nt.gz": DumpKind(
        "application/n-triples",
        "RDF_N_TRIPLES",
        "All triples, N-Triples (gzip)",
        "Visi trijnieki, N-Triples (gzip)",
        compression="application/gzip",
    ),
    "coopgraph.jsonld": DumpKind("application/ld+json", "JSON_LD", "All triples, JSON-LD", "Visi trijnieki, JSON-LD"),
    "coopgraph.trig": DumpKind(
        "application/trig", "RDF_TRIG", "The three named graphs, TriG", "Trīs nosauktie grafi, TriG"
    ),
    "coopgraph.nq.gz": DumpKind(
        "application/n-quads",
        "RDF_N_QUADS",
        "The three named graphs, N-Quads (gzip)",
        "Trīs nosauktie grafi, N-Quads (gzip)",
        compression="application/gzip",
    ),
    "ontology.ttl": DumpKind(
        "text/turtle", "RDF_TURTLE", "The ontology, Turtle", "Ontoloģija, Turtle", distribution=False
    ),
    "shapes.ttl": DumpKind(
        "text/turtle", "RDF_TURTLE", "The SHACL shapes, Turtle", "SHACL formas, Turtle", distribution=False
    ),
    "validation.ttl": DumpKind(
        "text/turtle",
        "RDF_TURTLE",
        "The build's SHACL validation report, Turtle",
        "Būvējuma SHACL validācijas ziņojums, Turtle",
        distribution=False,
    ),
}


@dataclass(frozen=True)
class DumpFile:
    name: str
    kind: DumpKind
    size: int


def dump_files(dumps_dir: Path | None) -> list[DumpFile]:
    """The known dump files present in ``dumps_dir`` (none without a build), in :data:`DUMP_KINDS` order."""
    if dumps_dir is None or not dumps_dir.is_dir():
        return []
    present = {p.name: p for p in dumps_dir.iterdir() if p.is_file()}
    return [DumpFile(name, kind, present[name].stat().st_size) for name, kind in DUMP_KINDS.items() if name in present]


@dataclass(frozen=True)
class Staged:
    """The two files every dump is written from: the sources' quads as written, and the inferred triples."""

    sources: Path
    """N-Quads of the ontology and data graphs, lexical forms as the sources write them."""
    inferred: Path
    """N-Triples of the inferred graph."""
    ontology_graph: str
    inferred_graph: str

    def as_args(self) -> list[str]:
        return [str(self.sources), str(self.inferred), self.ontology_graph, self.inferred_graph]

    @classmethod
    def from_args(cls, args: list[str]) -> Staged:
        return cls(Path(args[0]), Path(args[1]), args[2], args[3])


def write_dumps(staged: Staged, dumps: Path, ontology: Graph, shapes: Graph, report: ValidationReport) -> None:
    """Write every dump file from the staged files, one after the other, in this process (small projects)."""
    dumps.mkdir(exist_ok=True)
    for name in DISTRIBUTIONS:
        write_dump(name, staged, dumps)
    write_descriptions(dumps, ontology, shapes, report)


def write_descriptions(dumps: Path, ontology: Graph, shapes: Graph, report: ValidationReport) -> None:
    """The ontology, the shapes and the validation report, as Turtle (small: rdflib writes them)."""
    dumps.mkdir(exist_ok=True)
    for name, graph in (("ontology", ontology), ("shapes", shapes), ("validation", report.as_graph())):
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=False)
        graph.serialize(dumps / f"{name}.ttl", format="turtle")


class Writing:
    """The distributions being written by child processes while the build goes on (large projects).

    Reading a million quads back out of the store costs five times what
    parsing the staged files does, and the store would hand back normalised
    literals: each dump is one pass over the staged files through Oxigraph's
    parser and serialisers (about a microsecond a triple), in a process of its
    own (``python -m coopgraph.build.dumps``), ``workers`` at a time, once
    ``after`` (the inference writing the inferred graph) has finished.
    """

    def __init__(self, staged: Staged, dumps: Path, workers: int, after: Child | None = None) -> None:
        dumps.mkdir(exist_ok=True)
        self.staged, self.dumps, self.workers, self.after = staged, dumps, workers, after
        self.error: BaseException | None = None
        self.children: list[Child] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            if self.after is not None:
                self.after.finished("the inference")
            waiting = list(DISTRIBUTIONS)
            running: list[tuple[str, Child]] = []
            while (waiting or running) and not self.stopped.is_set():
                while waiting and len(running) < self.workers:
                    name = waiting.pop(0)
                    running.append((name, self._start(name)))
                name, child = running.pop(0)
                child.finished(name)
        except BaseException as error:  # raised in the build's thread by wait()
            self.error = error

    def _start(self, name: str) -> Child:
        child = Child("coopgraph.build.dumps", name, *self.staged.as_args(), str(self.dumps))
        self.children.append(child)
        return child

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Kill the children (a failed build does not wait for its dumps)."""
        self.stopped.set()
        if self.after is not None:
            self.after.stop()
        for child in list(self.children):
            child.stop()
        self.thread.join()


DISTRIBUTIONS = tuple(name for name, kind in DUMP_KINDS.items() if kind.distribution)

SORTED_DUMP = "coopgraph.nq.gz"
"""The dump written in byte order, each quad once: two builds are compared by merging theirs (build/diff.py)."""


def write_dump(name: str, staged: Staged, dumps: Path) -> None:
    """One distribution file: the whole dataset (TriG, N-Quads) or the union of its graphs (the others).

    A ``GzipFile`` is a binary file to Oxigraph; its stubs ask for ``IO[bytes]``, hence the cast.
    """
    fmt, dataset = _FORMATS[name]
    content: Iterable[ox.Quad] | Iterable[ox.Triple] = _quads(staged) if dataset else _union(staged)
    prefixes = None if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else PREFIXES
    if name == SORTED_DUMP:
        unsorted = staged.sources.with_name(name + ".unsorted")
        try:
            ox.serialize(content, str(unsorted), fmt)
            sort_to_gzip(unsorted, dumps / name)
        finally:
            unsorted.unlink(missing_ok=True)
    elif name.endswith(".gz"):
        with gzip.open(dumps / name, "wb", compresslevel=6) as out:
            ox.serialize(content, cast(IO[bytes], out), fmt, prefixes=prefixes)
    else:
        ox.serialize(content, str(dumps / name), fmt, prefixes=prefixes)


_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "coopgraph.ttl": (ox.RdfFormat.TURTLE, False),
    "coopgraph.nt.gz": (ox.RdfFormat.N_TRIPLES, False),
    "coopgraph.jsonld": (ox.RdfFormat.JSON_LD, False),
    "coopgraph.trig": (ox.RdfFormat.TRIG, True),
    "coopgraph.nq.gz": (ox.RdfFormat.N_QUADS, True),
}
"""Each distribution's syntax, and whether it keeps the named graphs."""


def _quads(staged: Staged) -> Iterator[ox.Quad]:
    yield from ox.parse(path=str(staged.sources), format=ox.RdfFormat.N_QUADS)
    graph = ox.NamedNode(staged.inferred_graph)
    for quad in ox.parse(path=str(staged.inferred), format=ox.RdfFormat.N_TRIPLES):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _union(staged: Staged) -> Iterator[ox.Triple]:
    """The triples of all graphs, each once: the inferred graph holds no stated triple by construction,
    and the few the ontology and the data both state are told apart by the (small) ontology's set."""
    ontology = ox.NamedNode(staged.ontology_graph)
    seen: set[ox.Triple] = set()
    for quad in ox.parse(path=str(staged.sources), format=ox.RdfFormat.N_QUADS):
        triple = quad.triple
        if quad.graph_name == ontology:
            seen.add(triple)
        elif triple in seen:
            continue
        yield triple
    for quad in ox.parse(path=str(staged.inferred), format=ox.RdfFormat.N_TRIPLES):
        yield quad.triple


def main(argv: list[str]) -> int:
    """``python -m coopgraph.build.dumps NAME SOURCES INFERRED ONTOLOGY_GRAPH INFERRED_GRAPH OUT``."""
    name, *staged, out = argv
    try:
        write_dump(name, Staged.from_args(staged), Path(out))
    except OSError as error:
        print(f"{error.strerror or error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
