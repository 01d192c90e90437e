"""A description's controlled values say what they are, so that a harvester without the EU vocabularies accepts them."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from coopgraph.web.catalog.vocabularies import DATA_THEME, DCAT, FILE_TYPE, THEME_SCHEME, type_values

DATASET = URIRef("https://example.org/dataset")
DISTRIBUTION = URIRef("https://example.org/dataset#ttl")


def test_each_value_gets_the_class_its_property_expects() -> None:
    graph = Graph()
    graph.add((DISTRIBUTION, DCTERMS.format, FILE_TYPE["RDF_TURTLE"]))
    graph.add((DISTRIBUTION, DCAT.mediaType, URIRef("http://www.iana.org/assignments/media-types/text/turtle")))
    graph.add((DATASET, DCAT.landingPage, URIRef("https://example.org/")))
    type_values(graph)
    assert (FILE_TYPE["RDF_TURTLE"], RDF.type, DCTERMS.MediaTypeOrExtent) in graph
    assert (URIRef("http://www.iana.org/assignments/media-types/text/turtle"), RDF.type, DCTERMS.MediaType) in graph
    assert (URIRef("https://example.org/"), RDF.type, FOAF.Document) in graph


def test_a_theme_is_a_concept_with_its_labels_in_its_scheme() -> None:
    graph = Graph()
    graph.add((DATASET, DCAT.theme, DATA_THEME["REGI"]))
    graph.add((URIRef("https://example.org/catalog"), DCAT.themeTaxonomy, THEME_SCHEME))
    type_values(graph)
    assert (DATA_THEME["REGI"], RDF.type, SKOS.Concept) in graph
    assert (DATA_THEME["REGI"], SKOS.inScheme, THEME_SCHEME) in graph
    assert set(graph.objects(DATA_THEME["REGI"], SKOS.prefLabel)) == {
        Literal("Regions and cities", lang="en"),
        Literal("Reģioni un pilsētas", lang="lv"),
    }
    assert (THEME_SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert (THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")) in graph


def test_literals_and_other_properties_are_left_alone() -> None:
    graph = Graph()
    graph.add((DATASET, DCTERMS.language, Literal("lv")))
    graph.add((DATASET, DCTERMS.title, Literal("A title")))
    type_values(graph)
    assert len(graph) == 2
