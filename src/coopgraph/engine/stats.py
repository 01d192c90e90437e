"""Counts that tell a publisher what a build holds: triples per graph, entities per class."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from coopgraph.build.store import distinct_triples, graph_sizes
from coopgraph.engine.sparql import select

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities)
WHERE { ?entity a ?class . FILTER(STRSTARTS(STR(?class), STR(coop:))) }
GROUP BY ?class ORDER BY DESC(?entities) ?class
"""


@dataclass(frozen=True)
class Stats:
    triples: int
    """Distinct triples of all graphs merged (what the default graph serves)."""
    graphs: dict[str, int]
    """Triples per named graph."""
    classes: dict[str, int]
    """Entities per ontology class, inferred types included."""


def compute_stats(store: ox.Store) -> Stats:
    """Count a store's triples and entities with three aggregate queries."""
    classes = {row["class"].value: int(row["entities"].value) for row in select(store, CLASS_COUNTS)}
    return Stats(distinct_triples(store), graph_sizes(store), classes)
