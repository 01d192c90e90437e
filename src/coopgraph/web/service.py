"""The SPARQL 1.1 Service Description of the endpoint, as RDF in any of the graph formats."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pyoxigraph as ox

from coopgraph.engine.sparql import GRAPH_FORMATS
from coopgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from coopgraph.web.published import Published

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "JSON-LD",
    "RDF_XML",
    "N-Triples",
    "N-Quads",
)


def service_description(site: Published, endpoint: str, fmt: str) -> bytes:
    """Describe the service at ``endpoint`` (the URL actually requested) in format ``fmt``."""
    service = ox.NamedNode(endpoint)
    dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, RDF_TYPE, ox.NamedNode(SD + "Service")),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")),
        ox.Triple(
            service,
            ox.NamedNode("http://purl.org/dc/terms/title"),
            ox.Literal("coopgraph SPARQL endpoint (read-only)", language="en"),
        ),
        ox.Triple(service, ox.NamedNode(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, ox.NamedNode(SD + "Graph")),
    ]
    triples += [
        ox.Triple(service, ox.NamedNode(SD + "resultFormat"), ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS
    ]
    sizes = site.graph_sizes()
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    triples.append(
        ox.Triple(default_graph, ox.NamedNode(VOID + "triples"), ox.Literal(str(sizes.pop("")), datatype=integer))
    )
    for index, (name, count) in enumerate(sorted(sizes.items())):
        named, graph = ox.BlankNode(f"named{index}"), ox.BlankNode(f"graph{index}")
        triples += [
            ox.Triple(dataset, ox.NamedNode(SD + "namedGraph"), named),
            ox.Triple(named, RDF_TYPE, ox.NamedNode(SD + "NamedGraph")),
            ox.Triple(named, ox.NamedNode(SD + "name"), ox.NamedNode(name)),
            ox.Triple(named, ox.NamedNode(SD + "graph"), graph),
            ox.Triple(graph, RDF_TYPE, ox.NamedNode(SD + "Graph")),
            ox.Triple(graph, ox.NamedNode(VOID + "triples"), ox.Literal(str(count), datatype=integer)),
        ]
    out = io.BytesIO()
    prefixes = {"sd": SD, "formats": FORMATS, "void": VOID, "dcterms": PREFIXES["dcterms"]}
    ox.serialize(triples, out, GRAPH_FORMATS[fmt], prefixes=prefixes)
    return out.getvalue()
