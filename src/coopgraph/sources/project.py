"""Where a coopgraph project keeps its sources, and what every project shares.

A project is a directory with a settings file (``coopgraph.toml``, see
:mod:`coopgraph.sources.config`) and ``data/``, whose data are RDF files and sheets (CSV or ``.xlsx``,
:mod:`coopgraph.sources.sheets`), side by side. The vocabulary (``ontology/``),
the shapes (``shapes/``) and the canned queries (``queries/``) of the coopgraph
repository are the defaults every project uses; a project's own ``ontology/``,
``shapes/`` and ``queries/`` add files beside them, and a file named like a
default one replaces it (so a project can amend a shape without copying all of
them). The first project, the one this repository publishes, is the repository itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from coopgraph.sources.config import ProjectConfig, load_config
from coopgraph.sources.load import rdf_files, read_graph, to_rdflib
from coopgraph.sources.sheets import sheet_files, sheet_quads

REPOSITORY = Path(__file__).resolve().parents[3]
"""The coopgraph repository: its own project, and the home of the default ontology, shapes and queries."""


def layered(defaults: list[Path], own: list[Path]) -> list[Path]:
    """The default files, each replaced by the project's file of the same name, then the project's other files.

    >>> [p.as_posix() for p in layered([Path("d/a.ttl"), Path("d/b.ttl")], [Path("p/b.ttl"), Path("p/c.ttl")])]
    ['d/a.ttl', 'p/b.ttl', 'p/c.ttl']
    """
    mine = {path.name: path for path in own}
    return [mine.pop(path.name, path) for path in defaults] + list(mine.values())


@dataclass(frozen=True)
class Sources:
    """The source directories of one project, layered over the repository's defaults."""

    root: Path = REPOSITORY
    defaults: Path = field(default=REPOSITORY, compare=False)
    """Where the default ontology/, shapes/ and queries/ are."""

    @cached_property
    def config(self) -> ProjectConfig:
        """The project's ``coopgraph.toml``, read once; raises :class:`~coopgraph.sources.config.ConfigError`."""
        return load_config(self.root)

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

    def _layered(self, name: str, pattern: str | None = None) -> list[Path]:
        def files(directory: Path) -> list[Path]:
            if not directory.is_dir():
                return []
            return sorted(directory.glob(pattern)) if pattern else rdf_files(directory)

        defaults = files(self.defaults / name)
        if Path(self.root).resolve() == Path(self.defaults).resolve():
            return defaults
        return layered(defaults, files(self.root / name))

    def ontology_files(self) -> list[Path]:
        return self._layered("ontology")

    def data_files(self) -> list[Path]:
        """The RDF files of data/ (the sheets beside them are :meth:`sheet_files`)."""
        return rdf_files(self.data_dir) if self.data_dir.is_dir() else []

    def sheet_files(self) -> list[Path]:
        return sheet_files(self.data_dir) if self.data_dir.is_dir() else []

    def shapes_files(self) -> list[Path]:
        return self._layered("shapes")

    def query_files(self) -> list[Path]:
        """The canned queries: the repository's ``queries/*.rq`` and the project's own."""
        return self._layered("queries", "*.rq")

    def name_of(self, path: Path) -> str:
        """How a build's manifest names a source file: under the project, else under ``defaults/``."""
        path = Path(path).resolve()
        for root, prefix in ((Path(self.root).resolve(), ""), (Path(self.defaults).resolve(), "defaults/")):
            if path.is_relative_to(root):
                return prefix + path.relative_to(root).as_posix()
        return str(path)

    def all_files(self) -> list[Path]:
        """Every file a build reads: what its digest and its manifest account for."""
        config = [self.root / "coopgraph.toml"] if (self.root / "coopgraph.toml").is_file() else []
        return config + self.ontology_files() + self.data_files() + self.sheet_files() + self.shapes_files()

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
