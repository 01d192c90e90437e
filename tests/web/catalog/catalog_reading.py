"""Reading the catalogue back: its forms, its HTML anchors, its RDF parsed, counts from the store."""

from __future__ import annotations

from html.parser import HTMLParser

import pyoxigraph as ox
import requests
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from coopgraph.build.validate import validate
from coopgraph.web.catalog.base import recommended_shapes

VOID = Namespace("http://rdfs.org/ns/void#")


DATASET = URIRef("https://w3id.org/coopgraph/dataset")


COOP = "https://w3id.org/coopgraph/ontology#"


TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


FORMS = {
    ".ttl": ("text/turtle", "turtle"),
    ".jsonld": ("application/ld+json", "json-ld"),
    ".rdf": ("application/rdf+xml", "xml"),
    ".nt": ("application/n-triples", "nt"),
}


PARSE_AS = dict(FORMS.values())


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(body: str) -> Ids:
    parser = Ids()
    parser.feed(body)
    return parser


def media(response: requests.Response) -> str:
    return response.headers["Content-Type"].split(";")[0].strip()


def parse(response: requests.Response) -> Graph:
    return Graph().parse(data=response.content, format=PARSE_AS[media(response)])


def count(store: ox.Store, query: str) -> int:
    prefixes = {"skos": "http://www.w3.org/2004/02/skos/core#", "coop": COOP}
    return int(next(iter(store.query(query, use_default_graph_as_union=True, prefixes=prefixes)))[0].value)


DCTERMS_FORMAT = URIRef("http://purl.org/dc/terms/format")


def raw(server: str, name: str, encoding: str) -> requests.Response:
    return requests.get(f"{server}/dumps/{name}", headers={"Accept-Encoding": encoding}, stream=True, timeout=30)


def recommended_missing(graph: Graph) -> set[tuple[str, str | None]]:
    """The recommended DCAT-AP 3 properties a description lacks: (focus, path) of each warning."""
    report = validate(graph, recommended_shapes(), inference=True)
    assert not report.violations()
    return {(warning.focus, warning.path) for warning in report.warnings()}
