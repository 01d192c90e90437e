"""The dumps a build writes beside its store, and what each file is.

:data:`DUMP_KINDS` is the one list of them: the build writes them
(:func:`write_dumps`), the catalogue describes them as DCAT distributions and
``/dumps/`` serves them.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
from rdflib import Graph

from coopgraph.build.validate import ValidationReport
from coopgraph.namespaces import PREFIXES


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


def write_dumps(store: ox.Store, dumps: Path, ontology: Graph, shapes: Graph, report: ValidationReport) -> int:
    """Write every dump; return the number of distinct triples (all graphs merged).

    A ``GzipFile`` is a binary file to Oxigraph; its stubs ask for ``IO[bytes]``, hence the casts.
    """
    dumps.mkdir()
    union = {quad.triple for quad in store}
    ox.serialize(union, dumps / "coopgraph.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    ox.serialize(union, dumps / "coopgraph.jsonld", ox.RdfFormat.JSON_LD, prefixes=PREFIXES)
    with gzip.open(dumps / "coopgraph.nt.gz", "wb") as out:
        ox.serialize(union, cast(IO[bytes], out), ox.RdfFormat.N_TRIPLES)
    store.dump(dumps / "coopgraph.trig", ox.RdfFormat.TRIG, prefixes=PREFIXES)
    with gzip.open(dumps / "coopgraph.nq.gz", "wb") as out:
        store.dump(cast(IO[bytes], out), ox.RdfFormat.N_QUADS)
    for name, graph in (("ontology", ontology), ("shapes", shapes), ("validation", report.as_graph())):
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=False)
        graph.serialize(dumps / f"{name}.ttl", format="turtle")
    return len(union)
