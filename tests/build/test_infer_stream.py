"""Inference streamed from the staged sources gives exactly what the compiled rules give over rdflib
(and so, by tests/build/test_infer.py, what owlrl gives)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from coopgraph.build.infer import compile_rules, infer
from coopgraph.build.infer_stream import entailments
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from coopgraph.sources.load import graph_quads, read_graph
from coopgraph.sources.project import REPOSITORY, Sources


def store_of(ontology_files: list[Path], data_files: list[Path], staged: Path, sheets: Sources | None) -> ox.Store:
    """The sources staged as the build stages them (the project's sheets too), and loaded into a store."""
    quads = [
        *graph_quads(ontology_files, ox.NamedNode(str(ONTOLOGY_GRAPH)), "o"),
        *graph_quads(data_files, ox.NamedNode(str(DATA_GRAPH)), "d"),
        *(sheets.sheet_quads(ox.NamedNode(str(DATA_GRAPH))) if sheets is not None else ()),
    ]
    ox.serialize(quads, str(staged), ox.RdfFormat.N_QUADS)
    store = ox.Store()
    store.extend(quads)
    return store


def graph_of(store: ox.Store, name: str) -> Graph:
    dump = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return Graph().parse(data=dump.decode("utf-8") if dump else "", format="nt")


def inferred_both_ways(
    ontology_files: list[Path], data_files: list[Path], tmp_path: Path, sheets: Sources | None = None
) -> tuple[Graph, Graph, ox.Store]:
    ontology = read_graph(ontology_files)
    data = sheets.data() if sheets is not None else read_graph(data_files)
    expected = infer(ontology, data, reasoner="rules")
    store = store_of(ontology_files, data_files, tmp_path / "sources.nq", sheets)
    found = entailments(tmp_path / "sources.nq", compile_rules(ontology), data=DATA_GRAPH, target=INFERRED_GRAPH)
    store.extend(found)
    return expected, graph_of(store, str(INFERRED_GRAPH)), store


def test_the_bundled_data_infers_the_same_streamed(sources: Sources, tmp_path: Path) -> None:
    expected, got, _ = inferred_both_ways(sources.ontology_files(), sources.data_files(), tmp_path, sources)
    assert len(got) == len(expected) > 1000
    assert isomorphic(got, expected)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic project of about 6,000 triples: partners, sub-programmes and narrower fields to close."""
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.ttl"
    subprocess.run(
        [sys.executable, str(REPOSITORY / "bench" / "synth.py"), "6000", str(path)], check=True, capture_output=True
    )
    return path


def test_a_synthetic_network_infers_the_same_streamed(sources: Sources, synthetic: Path, tmp_path: Path) -> None:
    expected, got, _ = inferred_both_ways(sources.ontology_files(), [synthetic], tmp_path)
    assert len(got) == len(expected) > 5000
    assert isomorphic(got, expected)


def test_nothing_stated_is_inferred_again(sources: Sources, tmp_path: Path) -> None:
    _, got, store = inferred_both_ways(sources.ontology_files(), sources.data_files(), tmp_path, sources)
    stated = graph_of(store, str(DATA_GRAPH)) + graph_of(store, str(ONTOLOGY_GRAPH))
    assert not {t for t in got if t in stated}
