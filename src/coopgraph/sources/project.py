"""Where a coopgraph project keeps its sources: ontology, data and shapes directories.

A project is a directory with ``ontology/``, ``data/`` and ``shapes/``. The bundled
Daugavpils project is the repository itself; a municipality can keep its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from coopgraph.sources.load import rdf_files, read_graph

REPOSITORY = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Sources:
    """The source directories of one project."""

    root: Path = REPOSITORY

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def ontology_files(self) -> list[Path]:
        return rdf_files(self.ontology_dir)

    def data_files(self) -> list[Path]:
        return rdf_files(self.data_dir)

    def shapes_files(self) -> list[Path]:
        return rdf_files(self.shapes_dir)

    def all_files(self) -> list[Path]:
        return self.ontology_files() + self.data_files() + self.shapes_files()

    def ontology(self) -> Graph:
        return read_graph(self.ontology_files())

    def data(self) -> Graph:
        return read_graph(self.data_files())

    def shapes(self) -> Graph:
        return read_graph(self.shapes_files())
