"""The worked example: the Daugavpils agreements and sources, moved from Turtle into data/*.csv, are the same graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from coopgraph.namespaces import COOP
from coopgraph.sources.load import read_graph, to_rdflib
from coopgraph.sources.project import Sources

BEFORE = Path(__file__).resolve().parents[1] / "data" / "sheets" / "daugavpils-before-sheets.ttl"
"""Today's Turtle for the resources the sheets now make, kept from before the move."""


def sheets_graph(sources: Sources) -> Graph:
    graph = Graph()
    for quad in sources.sheet_quads(ox.DefaultGraph()):
        graph.add((to_rdflib(quad.subject, {}), to_rdflib(quad.predicate, {}), to_rdflib(quad.object, {})))  # type: ignore[arg-type]
    return graph


def test_the_sheets_make_exactly_what_the_turtle_said(sources: Sources) -> None:
    made, before = sheets_graph(sources), Graph().parse(BEFORE)
    _, extra, lost = graph_diff(to_isomorphic(made), to_isomorphic(before))
    assert isomorphic(made, before), (
        f"made but not before: {sorted(extra)[:3]}; before but not made: {sorted(lost)[:3]}"
    )
    assert len(set(made.subjects(RDF.type, COOP.CooperationAgreement))) == 23


def test_the_turtle_keeps_only_what_no_sheet_covers(sources: Sources) -> None:
    turtle = read_graph(sources.data_files())
    assert not set(turtle.subjects(RDF.type, COOP.CooperationAgreement))
    assert not set(turtle.subjects(RDF.type, COOP.SourceDocument))
    assert not set(sheets_graph(sources)) & set(turtle), "a triple is written both in a sheet and in Turtle"
