"""The IRIs coopgraph mints and the vocabularies it aligns to, declared once.

Everything that builds, validates or queries the graph takes its namespaces
from here, so a change of base IRI is one edit.
"""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/coopgraph/"

COOP = Namespace(BASE + "ontology#")
"""The ontology: classes and properties of the vocabulary contract."""

ID = Namespace(BASE + "id/")
"""Curated resources: ``ID[f"{kind}/{slug}"]``."""

GRAPH = Namespace(BASE + "graph/")
"""Named graphs of the published store."""

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
TIME = Namespace("http://www.w3.org/2006/time#")
VOID = Namespace("http://rdfs.org/ns/void#")
FRAPO = Namespace("http://purl.org/cerif/frapo/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
DATA_GRAPH = GRAPH["data"]
INFERRED_GRAPH = GRAPH["inferred"]

PREFIXES: dict[str, str] = {
    "coop": str(COOP),
    "id": str(ID),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "wd": str(WD),
    "geo": str(GEO),
    "time": str(TIME),
    "void": str(VOID),
    "frapo": str(FRAPO),
}
"""Prefixes bound in every serialisation and pre-declared for queries."""
