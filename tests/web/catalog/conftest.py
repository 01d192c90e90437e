"""What the catalogue tests share: the ontology graph of the store and the served description."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph

from coopgraph.namespaces import ONTOLOGY_GRAPH
from tests.web.catalog.catalog_reading import (
    media,
    parse,
)


@pytest.fixture(scope="module")
def ontology_graph(store: ox.Store) -> Graph:
    """The asserted ontology graph of the store, in rdflib."""
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))]
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=out.getvalue(), format="nt")


@pytest.fixture(scope="module")
def description(server: str) -> Graph:
    response = requests.get(f"{server}/dataset.ttl", timeout=30)
    assert response.status_code == 200 and media(response) == "text/turtle"
    return parse(response)
