"""Counts that tell a publisher what a build holds: triples per graph, entities per class."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from coopgraph.engine.sparql import select

GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
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
    graphs = {row["g"].value: int(row["n"].value) for row in select(store, GRAPH_COUNTS, union=False)}
    total = next(iter(select(store, DISTINCT_TRIPLES)))["n"]
    classes = {row["class"].value: int(row["entities"].value) for row in select(store, CLASS_COUNTS)}
    return Stats(int(total.value), graphs, classes)
