"""The dataset described: DCAT-AP 3 (catalogue, dataset, distributions, SPARQL service) and VoID, as one graph.

The description is a pure function of what it describes: the counts
(:func:`coopgraph.web.catalog.measure.measure`), the dumps of the build
(:func:`coopgraph.build.dumps.dump_files`), the dataset base and the URL of the
answering server. Dataset IRIs (``https://w3id.org/coopgraph/dataset``…) stay
permanent; access and download URLs point at the server that answers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pycountry
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from coopgraph.build.dumps import DumpFile
from coopgraph.i18n import pick
from coopgraph.namespaces import EU_COUNTRY, PREFIXES, VOID
from coopgraph.sources.config import ProjectConfig
from coopgraph.web.catalog.measure import Counts
from coopgraph.web.catalog.vocabularies import (
    ACCESS_RIGHT,
    AVAILABILITY,
    DATA_THEME,
    DCAT,
    DCATAP,
    FILE_TYPE,
    FREQUENCY,
    LANGUAGE,
    LICENCE,
    LICENCE_TYPE,
    PUBLISHER_TYPE,
    THEME_SCHEME,
    type_values,
)
from coopgraph.web.links import with_slash

WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
"""GeoSPARQL's WKT literal, the form DCAT-AP gives a centroid in (longitude before latitude)."""
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
IANA = "http://www.iana.org/assignments/media-types/"
CC_BY = URIRef("http://creativecommons.org/licenses/by/4.0/")
WIKIDATA = URIRef("http://www.wikidata.org/")
ORIGINATOR = URIRef("http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/originator")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

DESCRIPTION_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "vcard": str(VCARD),
    "adms": str(ADMS),
    "filetype": str(FILE_TYPE),
    "theme": str(DATA_THEME),
    "lang": str(LANGUAGE),
    "eucountry": str(EU_COUNTRY),
    "licence": str(LICENCE),
    "dcatap": str(DCATAP),
}


@dataclass(frozen=True)
class Iris:
    """The permanent IRIs of the description, under the dataset base."""

    base: str

    @property
    def catalog(self) -> URIRef:
        return URIRef(self.base + "catalog")

    @property
    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")

    @property
    def ontology(self) -> URIRef:
        return URIRef(self.base + "ontology")

    @property
    def shapes(self) -> URIRef:
        return URIRef(self.base + "shapes")

    @property
    def publisher(self) -> URIRef:
        return URIRef(self.base)

    @property
    def service(self) -> URIRef:
        return URIRef(self.base + "dataset#sparql-service")

    @property
    def contact(self) -> URIRef:
        return URIRef(self.base + "dataset#contact")

    @property
    def linkset(self) -> URIRef:
        return URIRef(self.base + "id/linkset/wikidata")

    def distribution(self, name: str) -> URIRef:
        return URIRef(self.base + "dataset#distribution-" + name.replace(".", "-"))

    def partition(self, kind: str, iri: str) -> URIRef:
        local = re.sub(r"[^A-Za-z0-9]+", "-", _short(iri)).strip("-")
        digest = hashlib.sha256(iri.encode()).hexdigest()[:6]
        return URIRef(f"{self.base}dataset#{kind}-{local}-{digest}")


def _short(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


CATALOG_TITLE = {"en": "coopgraph data catalogue", "lv": "coopgraph datu katalogs"}
SERVICE_TITLE = {
    "en": "coopgraph SPARQL endpoint (read-only)",
    "lv": "coopgraph SPARQL piekļuves punkts (tikai lasīšanai)",
}
TOPICS = {
    "en": ("international cooperation", "twin cities", "sister cities", "cooperation agreements", "EU projects"),
    "lv": ("starptautiskā sadarbība", "sadraudzības pilsētas", "sadarbības līgumi", "ES projekti"),
}
"""The keywords of every coopgraph dataset; the home municipality and its country follow them."""
LINKED_DATA = {"en": "linked open data", "lv": "saistītie atvērtie dati"}
EU_LICENCES = {str(CC_BY): LICENCE["CC_BY_4_0"]}
"""Licences by their own IRI → the EU licence authority's IRI, which DCAT-AP asks for."""


def catalog_description(config: ProjectConfig) -> dict[str, str]:
    """What the catalogue holds, naming the project's home municipality."""
    name = config.home.name
    return {
        "en": f"The catalogue of the coopgraph server: the dataset on {pick(name, 'en')} international "
        "cooperation, its downloadable dumps and its SPARQL endpoint.",
        "lv": f"coopgraph servera katalogs: datu kopa par {pick(name, 'lv')} starptautisko sadarbību, tās "
        "lejupielādējamās kopijas un SPARQL piekļuves punkts.",
    }


def keywords(config: ProjectConfig) -> dict[str, tuple[str, ...]]:
    """The dataset's keywords per language: the topics, the home municipality and its country."""
    country = config.home.country_names()
    return {
        language: (*TOPICS[language], pick(config.home.name, language) or "", country[language], LINKED_DATA[language])
        for language in TOPICS
    }


def languages(config: ProjectConfig) -> list[URIRef]:
    """The EU language authority's IRIs of the project's label languages (``en`` → ``ENG``)."""
    found = []
    for tag in config.languages:
        language = pycountry.languages.get(alpha_2=tag.split("-")[0]) or pycountry.languages.get(alpha_3=tag)
        if language is not None:
            found.append(LANGUAGE[language.alpha_3.upper()])
    return found


THEMES = ("GOVE", "INTR", "REGI")


def distribution_description(dump: DumpFile, version: str) -> dict[str, str]:
    """What a download holds, in words: the whole dataset of one build, in one form."""
    return {
        "en": f"The whole dataset as build {version} published it (ontology, curated data and inferred facts): "
        f"{dump.kind.title_en}.",
        "lv": f"Visa datu kopa, kā to publicēja būvējums {version} (ontoloģija, kurētie dati un secinātie fakti): "
        f"{dump.kind.title_lv}.",
    }


@dataclass(frozen=True)
class Context:
    """What the description needs besides the counts."""

    config: ProjectConfig
    """The project's ``coopgraph.toml``: title, description, home municipality, publisher, licence."""
    dataset_base: str
    public_base: str
    """Where the answering server is (``http://127.0.0.1:8080/``); access and download URLs go there."""
    dumps: list[DumpFile]
    issued: datetime
    modified: datetime
    version: str


def _lang(graph: Graph, subject: URIRef, predicate: URIRef, values: Mapping[str, str]) -> None:
    for language, text in values.items():
        graph.add((subject, predicate, Literal(text, lang=language)))


def describe(counts: Counts, context: Context) -> Graph:
    """The DCAT-AP 3 and VoID description of the dataset, as one graph."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in DESCRIPTION_PREFIXES.items():
        graph.bind(prefix, namespace)
    writer = _Writer(graph, counts, context)
    writer.catalog()
    writer.origin()
    writer.dataset()
    writer.contact()
    writer.distributions()
    writer.service()
    writer.void()
    writer.linkset()
    type_values(graph)
    return graph


class _Writer:
    """The description's parts, each written by one method into the same graph."""

    def __init__(self, graph: Graph, counts: Counts, context: Context) -> None:
        self.graph, self.counts, self.context = graph, counts, context
        self.add = graph.add
        self.base = with_slash(context.dataset_base)
        self.public = with_slash(context.public_base)
        self.iris = Iris(self.base)
        self.issued = Literal(context.issued.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        self.modified = Literal(context.modified.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        self.config = context.config
        self.licence = EU_LICENCES.get(self.config.dataset.licence, URIRef(self.config.dataset.licence))
        self.homepage = URIRef(self.public)
        self.endpoint = URIRef(self.public + "sparql")

    def catalog(self) -> None:
        add, catalog = self.add, self.iris.catalog
        add((catalog, RDF.type, DCAT.Catalog))
        _lang(self.graph, catalog, DCTERMS.title, CATALOG_TITLE)
        _lang(self.graph, catalog, DCTERMS.description, catalog_description(self.config))
        add((catalog, DCTERMS.publisher, self.iris.publisher))
        add((catalog, DCAT.dataset, self.iris.dataset))
        add((catalog, DCAT.service, self.iris.service))
        add((catalog, FOAF.homepage, self.homepage))
        add((catalog, DCTERMS.license, self.licence))
        add((catalog, DCAT.themeTaxonomy, THEME_SCHEME))
        for place in self.places():
            add((catalog, DCTERMS.spatial, place))
        for language in languages(self.config):
            add((catalog, DCTERMS.language, language))
        add((catalog, DCTERMS.issued, self.issued))
        add((catalog, DCTERMS.modified, self.modified))

    def origin(self) -> None:
        """The publisher (the coopgraph project), and where the facts come from (the municipality's documents)."""
        add, publisher, dataset = self.add, self.iris.publisher, self.iris.dataset
        add((publisher, RDF.type, FOAF.Agent))
        add((publisher, FOAF.name, Literal("coopgraph", lang="en")))
        add((publisher, FOAF.name, Literal("coopgraph", lang="lv")))
        add((publisher, FOAF.homepage, self.homepage))
        owner = URIRef(self.config.home.organisation)
        owner_names = self.counts.labels.get(str(owner)) or self.config.publisher.name
        attribution = URIRef(self.base + "dataset#source-owner")
        add((dataset, PROV.qualifiedAttribution, attribution))
        add((attribution, RDF.type, PROV.Attribution))
        add((attribution, PROV.agent, owner))
        add((attribution, DCAT.hadRole, ORIGINATOR))
        add((owner, RDF.type, FOAF.Agent))
        add((owner, DCTERMS.type, PUBLISHER_TYPE["LocalAuthority"]))
        if self.config.publisher.url:
            add((owner, FOAF.homepage, URIRef(self.config.publisher.url)))
        _lang(self.graph, owner, FOAF.name, owner_names)
        for source in self.counts.sources:  # documents, not datasets: DCAT-AP's dct:source would want a dcat:Dataset
            add((dataset, PROV.wasDerivedFrom, URIRef(source)))

    def dataset(self) -> None:
        add, dataset = self.add, self.iris.dataset
        add((dataset, RDF.type, DCAT.Dataset))
        _lang(self.graph, dataset, DCTERMS.title, self.config.dataset.title)
        _lang(self.graph, dataset, DCTERMS.description, self.config.dataset.description)
        add((dataset, DCTERMS.identifier, Literal(str(dataset))))
        add((dataset, DCTERMS.publisher, self.iris.publisher))
        add((dataset, DCAT.contactPoint, self.iris.contact))
        add((dataset, DCAT.landingPage, URIRef(self.public + "dataset")))
        add((dataset, DCTERMS.issued, self.issued))
        add((dataset, DCTERMS.modified, self.modified))
        add((dataset, DCAT.version, Literal(self.context.version)))
        add((dataset, DCTERMS.conformsTo, self.iris.ontology))
        add((dataset, DCTERMS.conformsTo, self.iris.shapes))
        add((dataset, DCTERMS.accessRights, ACCESS_RIGHT["PUBLIC"]))
        add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY["IRREG"]))
        for language in languages(self.config):
            add((dataset, DCTERMS.language, language))
        self.subjects(dataset)
        self.coverage()
        add((self.licence, RDF.type, DCTERMS.LicenseDocument))
        if self.licence == LICENCE["CC_BY_4_0"]:
            add((self.licence, RDFS.seeAlso, CC_BY))
            add((self.licence, RDFS.label, Literal("Creative Commons Attribution 4.0 International", lang="en")))
            add((self.licence, DCTERMS.type, LICENCE_TYPE["Attribution"]))

    def subjects(self, resource: URIRef) -> None:
        """The themes and keywords a portal files the dataset (and the service that serves it) under."""
        for theme in THEMES:
            self.add((resource, DCAT.theme, DATA_THEME[theme]))
        for tag, words in keywords(self.config).items():
            for keyword in words:
                self.add((resource, DCAT.keyword, Literal(keyword, lang=tag)))

    def places(self) -> tuple[URIRef, URIRef]:
        """The home municipality and its country, which the catalogue and the dataset cover."""
        return URIRef(self.config.home.iri), EU_COUNTRY[self.config.home.country]

    def coverage(self) -> None:
        """Where (the home municipality, its country) and when (the span of the dated facts)."""
        add, dataset, counts = self.add, self.iris.dataset, self.counts
        home, country = self.places()
        add((dataset, DCTERMS.spatial, home))
        add((dataset, DCTERMS.spatial, country))
        add((home, RDF.type, DCTERMS.Location))
        _lang(self.graph, home, RDFS.label, counts.labels.get(str(home)) or self.config.home.name)
        add((country, RDF.type, DCTERMS.Location))
        if counts.centroid is not None:
            longitude, latitude = counts.centroid
            add((home, DCAT.centroid, Literal(f"POINT({longitude} {latitude})", datatype=WKT)))
        if counts.start is None and counts.end is None:
            return
        period = URIRef(self.base + "dataset#temporal")
        add((dataset, DCTERMS.temporal, period))
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        if counts.start is not None:
            add((period, DCAT.startDate, Literal(counts.start.isoformat(), datatype=XSD.date)))
        if counts.end is not None:
            add((period, DCAT.endDate, Literal(counts.end.isoformat(), datatype=XSD.date)))

    def contact(self) -> None:
        """The contact point of coopgraph.toml (else the project), its home page and e-mail address if given."""
        contact, given = self.iris.contact, self.config.contact
        self.add((contact, RDF.type, VCARD.Kind))
        self.add((contact, RDF.type, VCARD.Organization))
        self.add((contact, VCARD.fn, Literal(given.name if given else "coopgraph")))
        self.add((contact, VCARD.hasURL, self.homepage))
        if given is not None and given.email:
            self.add((contact, VCARD.hasEmail, URIRef("mailto:" + given.email)))

    def distributions(self) -> None:
        """The build's dumps, downloaded from the answering server."""
        for dump in self.context.dumps:
            if dump.kind.distribution:
                self.distribution(dump)

    def distribution(self, dump: DumpFile) -> None:
        add, dataset = self.add, self.iris.dataset
        distribution = self.iris.distribution(dump.name)
        url = URIRef(self.public + "dumps/" + dump.name)
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, Literal(dump.kind.title_en, lang="en")))
        add((distribution, DCTERMS.title, Literal(dump.kind.title_lv, lang="lv")))
        _lang(self.graph, distribution, DCTERMS.description, distribution_description(dump, self.context.version))
        add((distribution, DCATAP.availability, AVAILABILITY["AVAILABLE"]))
        add((distribution, DCAT.accessURL, url))
        add((distribution, DCAT.downloadURL, url))
        add((distribution, DCAT.mediaType, URIRef(IANA + dump.kind.media_type)))
        add((distribution, DCTERMS.format, FILE_TYPE[dump.kind.file_type]))
        if dump.kind.compression:
            add((distribution, DCAT.compressFormat, URIRef(IANA + dump.kind.compression)))
        add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        add((distribution, DCTERMS.license, self.licence))
        add((distribution, DCTERMS.issued, self.issued))
        add((distribution, DCTERMS.modified, self.modified))
        add((distribution, DCTERMS.conformsTo, self.iris.ontology))
        add((dataset, VOID.dataDump, url))

    def service(self) -> None:
        """The SPARQL endpoint, as a DCAT data service."""
        add, service = self.add, self.iris.service
        add((service, RDF.type, DCAT.DataService))
        _lang(self.graph, service, DCTERMS.title, SERVICE_TITLE)
        add((service, DCAT.endpointURL, self.endpoint))
        add((service, DCAT.endpointDescription, self.endpoint))
        add((service, DCAT.servesDataset, self.iris.dataset))
        add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        add((service, DCTERMS.license, self.licence))
        add((service, DCTERMS.publisher, self.iris.publisher))
        add((service, DCAT.contactPoint, self.iris.contact))
        self.subjects(service)

    def void(self) -> None:
        add, dataset, counts = self.add, self.iris.dataset, self.counts
        add((dataset, RDF.type, VOID.Dataset))
        add((dataset, VOID.sparqlEndpoint, self.endpoint))
        add((dataset, VOID.uriSpace, Literal(self.base + "id/")))
        add((dataset, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
        add((dataset, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
        add((dataset, VOID.classes, Literal(len(counts.classes), datatype=XSD.integer)))
        add((dataset, VOID.properties, Literal(len(counts.properties), datatype=XSD.integer)))
        for example in counts.examples:
            add((dataset, VOID.exampleResource, URIRef(example)))
        for vocabulary in counts.vocabularies:
            add((dataset, VOID.vocabulary, URIRef(vocabulary)))
        for feature in ("Turtle", "N-Triples", "JSON-LD", "TriG", "N-Quads", "RDF_XML"):
            add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/" + feature)))
        self.partitions()

    def partitions(self) -> None:
        add, dataset = self.add, self.iris.dataset
        for cls, n in sorted(self.counts.classes.items()):
            partition = self.iris.partition("class", cls)
            add((dataset, VOID.classPartition, partition))
            add((partition, RDF.type, VOID.Dataset))
            add((partition, VOID["class"], URIRef(cls)))
            add((partition, VOID.entities, Literal(n, datatype=XSD.integer)))
        for prop, n in sorted(self.counts.properties.items()):
            partition = self.iris.partition("property", prop)
            add((dataset, VOID.propertyPartition, partition))
            add((partition, RDF.type, VOID.Dataset))
            add((partition, VOID.property, URIRef(prop)))
            add((partition, VOID.triples, Literal(n, datatype=XSD.integer)))

    def linkset(self) -> None:
        """The Wikidata linkset (the resource data/alignment.ttl describes)."""
        add, dataset, linkset = self.add, self.iris.dataset, self.iris.linkset
        add((dataset, VOID.subset, linkset))
        add((linkset, RDF.type, VOID.Linkset))
        add((linkset, RDFS.label, Literal("Links from coopgraph places to Wikidata", lang="en")))
        add((linkset, RDFS.label, Literal("Coopgraph vietu saites uz Wikidata", lang="lv")))
        add((linkset, VOID.subjectsTarget, dataset))
        add((linkset, VOID.objectsTarget, WIKIDATA))
        add((linkset, VOID.target, dataset))
        add((linkset, VOID.target, WIKIDATA))
        add((linkset, VOID.linkPredicate, SKOS.exactMatch))
        add((linkset, VOID.linkPredicate, SKOS.closeMatch))
        add((linkset, VOID.triples, Literal(self.counts.linkset_triples, datatype=XSD.integer)))
        add((WIKIDATA, RDF.type, VOID.Dataset))
        add((WIKIDATA, FOAF.homepage, URIRef("https://www.wikidata.org/")))
        add((WIKIDATA, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))
        add((WIKIDATA, DCTERMS.title, Literal("Wikidata", lang="en")))
