"""What the description says is what the store holds, and broken descriptions are caught."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, XSD

from coopgraph.build.layout import Build
from coopgraph.build.validate import validate
from coopgraph.web.catalog.base import catalog_shapes
from tests.web.catalog.catalog_reading import (
    COOP,
    DATASET,
    VOID,
    count,
)


def test_broken_descriptions_are_caught(description: Graph) -> None:
    shapes = catalog_shapes()
    broken = Graph()
    for triple in description:
        broken.add(triple)
    distribution = next(description.objects(DATASET, DCAT.distribution))
    broken.remove((distribution, DCAT.accessURL, None))
    report = validate(broken, shapes, inference=True)
    assert not report.conforms
    assert [(v.focus, v.path) for v in report.violations()] == [(str(distribution), "dcat:accessURL")]

    broken = Graph()
    for triple in description:
        broken.add(triple)
    broken.remove((DATASET, VOID.triples, None))
    broken.add((DATASET, VOID.triples, Literal("many")))
    service = next(description.subjects(RDF.type, DCAT.DataService))
    broken.remove((service, DCAT.endpointURL, None))
    report = validate(broken, shapes, inference=True)
    found = {(v.focus, v.path) for v in report.violations()}
    assert (str(DATASET), "void:triples") in found
    assert (str(service), "dcat:endpointURL") in found


def test_void_triples_is_the_store_count(description: Graph, store: ox.Store, published: Build) -> None:
    triples = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    stated = description.value(DATASET, VOID.triples)
    assert stated.datatype == XSD.integer
    assert int(stated) == triples == published.manifest["triples"]
    classes = {
        str(description.value(p, VOID["class"])): int(description.value(p, VOID.entities))
        for p in description.objects(DATASET, VOID.classPartition)
    }
    assert classes[COOP + "CooperationAgreement"] == count(
        store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a coop:CooperationAgreement }"
    )
    assert int(description.value(DATASET, VOID.classes)) == len(classes)
    properties = list(description.objects(DATASET, VOID.propertyPartition))
    assert sum(int(description.value(p, VOID.triples)) for p in properties) == triples
    vocabularies = set(description.objects(DATASET, VOID.vocabulary))
    for used in (COOP, "https://schema.org/", "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#"):
        assert URIRef(used) in vocabularies
    assert str(description.value(DATASET, VOID.uriSpace)) == "https://w3id.org/coopgraph/id/"


def test_wikidata_linkset_counts_the_links(description: Graph, store: ox.Store) -> None:
    linkset = URIRef("https://w3id.org/coopgraph/id/linkset/wikidata")
    assert (DATASET, VOID.subset, linkset) in description
    assert (linkset, RDF.type, VOID.Linkset) in description
    assert set(description.objects(linkset, VOID.target)) == {DATASET, URIRef("http://www.wikidata.org/")}
    links = count(
        store,
        """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        VALUES ?p { skos:exactMatch skos:closeMatch } ?s ?p ?o
        FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")
               && STRSTARTS(STR(?s), "https://w3id.org/coopgraph/id/")) } }""",
    )
    assert links > 20
    assert int(description.value(linkset, VOID.triples)) == links


def test_temporal_coverage_starts_at_the_earliest_agreement(description: Graph, store: ox.Store) -> None:
    period = description.value(DATASET, URIRef("http://purl.org/dc/terms/temporal"))
    start = description.value(period, DCAT.startDate)
    assert start == Literal("1993-12-17", datatype=XSD.date)
    earliest = min(
        row["d"].value
        for row in store.query(
            "SELECT ?d WHERE { ?a a coop:CooperationAgreement ; coop:concluded ?d FILTER(DATATYPE(?d) = xsd:date) }",
            use_default_graph_as_union=True,
            prefixes={"coop": COOP, "xsd": "http://www.w3.org/2001/XMLSchema#"},
        )
    )
    assert str(start) == earliest
    assert description.value(period, DCAT.endDate).toPython() >= start.toPython()


def test_the_home_centroid_is_the_point_the_data_gives(description: Graph, store: ox.Store) -> None:
    home = URIRef("https://w3id.org/coopgraph/id/municipality/daugavpils")
    rows = list(
        store.query(
            "SELECT ?long ?lat ?h WHERE { ?h geo:long ?long ; geo:lat ?lat }",
            use_default_graph_as_union=True,
            prefixes={"geo": "http://www.w3.org/2003/01/geo/wgs84_pos#"},
            substitutions={ox.Variable("h"): ox.NamedNode(str(home))},
        )
    )
    assert len(rows) == 1
    centroid = description.value(home, DCAT.centroid)
    assert str(centroid) == f"POINT({rows[0]['long'].value} {rows[0]['lat'].value})"


def test_the_source_documents_are_what_the_dataset_was_derived_from(description: Graph, store: ox.Store) -> None:
    documents = {
        URIRef(row["s"].value)
        for row in store.query(
            "SELECT ?s WHERE { ?s a coop:SourceDocument }", use_default_graph_as_union=True, prefixes={"coop": COOP}
        )
    }
    assert len(documents) == 5
    assert set(description.objects(DATASET, PROV.wasDerivedFrom)) == documents
    assert not set(description.objects(DATASET, DCTERMS.source))  # DCAT-AP keeps dct:source for datasets
