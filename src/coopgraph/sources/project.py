"""Where a coopgraph project keeps its sources: ontology, data and shapes directories.

A project is a directory with ``coopgraph.toml``, ``ontology/``, ``data/`` and
``shapes/``. Its data are RDF files and sheets (CSV or ``.xlsx``,
:mod:`coopgraph.sources.sheets`), side by side in ``data/``. The bundled
Daugavpils project is the repository itself; a municipality can keep its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from coopgraph.sources.load import rdf_files, read_graph, to_rdflib
from coopgraph.sources.sheets import sheet_files, sheet_quads

REPOSITORY = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Sources:
    """The source directories of one project."""

    root: Path = REPOSITORY

    def _own_or_default(self, name: str) -> Path:
        """The project's own folder, else the repository's: a project made by `coopgraph init` has none."""
        own = self.root / name
        return own if own.is_dir() else REPOSITORY / name

    @property
    def ontology_dir(self) -> Path:
        return self._own_or_default("ontology")

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self._own_or_default("shapes")

    @property
    def queries_dir(self) -> Path:
        return self._own_or_default("queries")

    def ontology_files(self) -> list[Path]:
        return rdf_files(self.ontology_dir)

    def data_files(self) -> list[Path]:
        """The RDF files of data/ (the sheets beside them are :meth:`sheet_files`)."""
        return rdf_files(self.data_dir)

    def sheet_files(self) -> list[Path]:
        return sheet_files(self.data_dir) if self.data_dir.is_dir() else []

    def shapes_files(self) -> list[Path]:
        return rdf_files(self.shapes_dir)

    def all_files(self) -> list[Path]:
        """Every file a build reads: what its digest and its manifest account for."""
        config = [self.root / "coopgraph.toml"] if (self.root / "coopgraph.toml").is_file() else []
        return config + self.ontology_files() + self.data_files() + self.sheet_files() + self.shapes_files()

    def shown(self, path: Path) -> str:
        """A source file as the publisher names it: relative to the project, or to coopgraph's defaults."""
        path = Path(path)
        if path.is_relative_to(self.root):
            return str(path.relative_to(self.root))
        return str(Path("<coopgraph>") / path.relative_to(REPOSITORY)) if path.is_relative_to(REPOSITORY) else str(path)

    def sheet_quads(self, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
        """The triples the sheets make, as quads of ``graph``, streamed."""
        return sheet_quads(self.sheet_files(), self.root, self.data_files(), graph)

    def ontology(self) -> Graph:
        return read_graph(self.ontology_files())

    def data(self) -> Graph:
        """The data, RDF files and sheets, as one rdflib graph: for small projects and the reference checks."""
        graph = read_graph(self.data_files())
        add = graph.add
        for quad in self.sheet_quads(ox.DefaultGraph()):
            add((to_rdflib(quad.subject, {}), to_rdflib(quad.predicate, {}), to_rdflib(quad.object, {})))  # type: ignore[arg-type]
        return graph

    def shapes(self) -> Graph:
        return read_graph(self.shapes_files())
