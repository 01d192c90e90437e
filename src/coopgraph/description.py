"""The dataset described: DCAT-AP 3 (catalogue, dataset, distributions, SPARQL service) and VoID, as one graph.

Two steps, so that the description is a pure function of what it describes:

- :func:`measure` asks the store (SPARQL over the union of the graphs) for
  everything the description counts: triples, entities, classes, properties,
  the class and property partitions, the Wikidata linkset, the vocabularies
  used and the time span of the agreements and projects. It is the only part
  that touches the store; the server computes it once per build and process.
- :func:`describe` builds the rdflib graph from those counts, the dumps of the
  build (:func:`dump_files`), the dataset base and the URL of the answering
  server. Dataset IRIs (``https://w3id.org/coopgraph/dataset``…) stay
  permanent; access and download URLs point at the server that answers.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from .links import with_slash
from .namespaces import EU_COUNTRY, PREFIXES, VOID

DCAT = Namespace("http://www.w3.org/ns/dcat#")
"""DCAT 3 (rdflib's closed namespace lacks dcat:version)."""
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
IANA = "http://www.iana.org/assignments/media-types/"
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
DATA_THEME = Namespace(EU + "data-theme/")
LANGUAGE = Namespace(EU + "language/")
LICENCE = Namespace(EU + "licence/")
ACCESS_RIGHT = Namespace(EU + "access-right/")
FREQUENCY = Namespace(EU + "frequency/")
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
}


@dataclass(frozen=True)
class DumpKind:
    """What a dump file is: its media type, its EU file type, its compression and its name in words."""

    media_type: str
    file_type: str
    title_en: str
    title_lv: str
    compression: str | None = None
    """The media type of the compression (``application/gzip``), or None for a plain file."""
    distribution: bool = True
    """Whether the file is a full distribution of the dataset (the ontology, shapes and report are not)."""


DUMP_KINDS: dict[str, DumpKind] = {
    "coopgraph.ttl": DumpKind("text/turtle", "RDF_TURTLE", "All triples, Turtle", "Visi trijnieki, Turtle"),
    "coopgraph.nt.gz": DumpKind("application/n-triples", "RDF_N_TRIPLES", "All triples, N-Triples (gzip)",
                                "Visi trijnieki, N-Triples (gzip)", compression="application/gzip"),
    "coopgraph.jsonld": DumpKind("application/ld+json", "JSON_LD", "All triples, JSON-LD", "Visi trijnieki, JSON-LD"),
    "coopgraph.trig": DumpKind("application/trig", "RDF_TRIG", "The three named graphs, TriG",
                               "Trīs nosauktie grafi, TriG"),
    "coopgraph.nq.gz": DumpKind("application/n-quads", "RDF_N_QUADS", "The three named graphs, N-Quads (gzip)",
                                "Trīs nosauktie grafi, N-Quads (gzip)", compression="application/gzip"),
    "ontology.ttl": DumpKind("text/turtle", "RDF_TURTLE", "The ontology, Turtle", "Ontoloģija, Turtle",
                             distribution=False),
    "shapes.ttl": DumpKind("text/turtle", "RDF_TURTLE", "The SHACL shapes, Turtle", "SHACL formas, Turtle",
                           distribution=False),
    "validation.ttl": DumpKind("text/turtle", "RDF_TURTLE", "The build's SHACL validation report, Turtle",
                               "Būvējuma SHACL validācijas ziņojums, Turtle", distribution=False),
}
"""Every file a build writes into its dumps directory, in the order they are listed."""


@dataclass(frozen=True)
class DumpFile:
    name: str
    kind: DumpKind
    size: int


def dump_files(dumps_dir: Path | None) -> list[DumpFile]:
    """The known dump files present in ``dumps_dir`` (none without a build), in :data:`DUMP_KINDS` order."""
    if dumps_dir is None or not dumps_dir.is_dir():
        return []
    present = {p.name: p for p in dumps_dir.iterdir() if p.is_file()}
    return [DumpFile(name, kind, present[name].stat().st_size) for name, kind in DUMP_KINDS.items() if name in present]


@dataclass(frozen=True)
class Counts:
    """What :func:`measure` found in the store."""

    triples: int
    entities: int
    classes: dict[str, int]
    """Class IRI → number of distinct instances."""
    properties: dict[str, int]
    """Property IRI → number of distinct triples."""
    linkset_triples: int
    vocabularies: tuple[str, ...]
    start: date | None
    end: date | None
    examples: tuple[str, ...]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """Labels (language → text) of the few resources the description names: Daugavpils, its municipality…"""
    sources: tuple[str, ...] = ()
    """The source documents the data is derived from."""


def _int(store: ox.Store, query: str) -> int:
    row = next(iter(store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)))
    return int(row[0].value)


def _namespace(iri: str) -> str | None:
    match = re.match(r"^(https?://.*[#/])[^#/]*$", iri)
    return match.group(1) if match else None


def _date_bound(lexical: str, datatype: str, end: bool) -> date | None:
    """The first (or last) day of an xsd:date, xsd:gYearMonth or xsd:gYear; None for other forms."""
    try:
        if datatype.endswith("#date"):
            return date.fromisoformat(lexical[:10])
        if datatype.endswith("#gYearMonth"):
            year, month = int(lexical[:4]), int(lexical[5:7])
            if not end:
                return date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        if datatype.endswith("#gYear"):
            year = int(lexical[:4])
            return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:
        return None
    return None


def measure(store: ox.Store, dataset_base: str) -> Counts:
    """Count what the description states, with SPARQL over the union of the store's graphs."""
    base = with_slash(dataset_base)
    id_base = base + "id/"
    distinct = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"
    triples = _int(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}")
    entities = _int(
        store, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{id_base}")) }}'
    )
    query = lambda text: store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)  # noqa: E731
    classes = {
        row["c"].value: int(row["n"].value)
        for row in query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c")
    }
    properties = {
        row["p"].value: int(row["n"].value)
        for row in query(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {distinct} }} GROUP BY ?p")
    }
    linkset = _int(store, linkset_query(dataset_base, count=True))
    vocabularies = sorted({ns for iri in [*classes, *properties] if (ns := _namespace(iri)) is not None})
    starts: list[date] = []
    ends: list[date] = []
    for row in query(
        """SELECT ?d WHERE {
             { ?x a coop:CooperationAgreement ; coop:concluded ?d }
             UNION { ?x a coop:Project ; schema:startDate ?d }
             UNION { ?x a coop:Project ; schema:endDate ?d } }"""
    ):
        value = row["d"]
        if isinstance(value, ox.Literal):
            for bound, into in ((False, starts), (True, ends)):
                found = _date_bound(value.value, value.datatype.value, bound)
                if found is not None:
                    into.append(found)
    examples: list[str] = []
    home = id_base + "municipality/daugavpils"
    if _int(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{home}> ?p ?o }}"):
        examples.append(home)
    for cls in ("coop:CooperationAgreement", "coop:Project"):
        for row in query(f"SELECT ?x WHERE {{ ?x a {cls} FILTER(isIRI(?x)) }} ORDER BY STR(?x) LIMIT 1"):
            examples.append(row["x"].value)
    labels: dict[str, dict[str, str]] = {}
    named = [home, id_base + "organisation/daugavpils-city-municipality", id_base + "country/latvia"]
    for iri in named:
        for row in query(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}"):
            label = row["l"]
            if isinstance(label, ox.Literal) and label.language:
                labels.setdefault(iri, {})[label.language] = label.value
    sources = tuple(
        row["s"].value for row in query("SELECT DISTINCT ?s WHERE { ?s a coop:SourceDocument FILTER(isIRI(?s)) } ORDER BY STR(?s)")
    )
    return Counts(
        triples=triples,
        entities=entities,
        classes=classes,
        properties=properties,
        linkset_triples=linkset,
        vocabularies=tuple(vocabularies),
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        examples=tuple(examples),
        labels=labels,
        sources=sources,
    )


def linkset_query(dataset_base: str, count: bool = False) -> str:
    """The links of the Wikidata linkset: skos:exactMatch/closeMatch from the dataset's resources to Wikidata items.

    The ontology's own alignments of coop: terms to Wikidata classes are vocabulary
    mappings, not links of the data, and are not counted (their subjects are not under ``id/``).
    """
    id_base = with_slash(dataset_base) + "id/"
    inner = (
        "SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { skos:exactMatch skos:closeMatch } ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{id_base}") && STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }}'
    )
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {inner} }}" if count else inner


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
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


TITLE = {"en": "Daugavpils international cooperation", "lv": "Daugavpils starptautiskā sadarbība"}
DESCRIPTION = {
    "en": "The international cooperation of Daugavpils (Latvia) as linked open data: twin and partner "
          "municipalities, cooperation agreements and their fields, projects funded by EU and Nordic programmes "
          "with their participants, budgets and events. Every fact cites the document it was taken from; the "
          "source documents are published by Daugavpils City Municipality. Compiled and published with coopgraph; "
          "includes the coopgraph ontology and the OWL RL entailments served with the data.",
    "lv": "Daugavpils (Latvija) starptautiskā sadarbība saistīto atvērto datu veidā: sadraudzības un partneru "
          "pašvaldības, sadarbības līgumi un to jomas, ES un Ziemeļvalstu programmu finansēti projekti ar to "
          "dalībniekiem, budžetiem un pasākumiem. Katrs fakts atsaucas uz dokumentu, no kura tas ņemts; avota "
          "dokumentus publicējusi Daugavpils pilsētas pašvaldība. Apkopots un publicēts ar coopgraph; ietver "
          "coopgraph ontoloģiju un kopā ar datiem pasniegtos OWL RL secinājumus.",
}
CATALOG_TITLE = {"en": "coopgraph data catalogue", "lv": "coopgraph datu katalogs"}
CATALOG_DESCRIPTION = {
    "en": "The catalogue of the coopgraph server: the dataset on Daugavpils international cooperation, "
          "its downloadable dumps and its SPARQL endpoint.",
    "lv": "coopgraph servera katalogs: datu kopa par Daugavpils starptautisko sadarbību, tās lejupielādējamās "
          "kopijas un SPARQL piekļuves punkts.",
}
SERVICE_TITLE = {"en": "coopgraph SPARQL endpoint (read-only)", "lv": "coopgraph SPARQL piekļuves punkts (tikai lasīšanai)"}
KEYWORDS = {
    "en": ("international cooperation", "twin cities", "sister cities", "cooperation agreements",
           "EU projects", "Daugavpils", "Latvia", "linked open data"),
    "lv": ("starptautiskā sadarbība", "sadraudzības pilsētas", "sadarbības līgumi", "ES projekti",
           "Daugavpils", "Latvija", "saistītie atvērtie dati"),
}
THEMES = ("GOVE", "INTR", "REGI")


@dataclass(frozen=True)
class Context:
    """What the description needs besides the counts."""

    dataset_base: str
    public_base: str
    """Where the answering server is (``http://127.0.0.1:8080/``); access and download URLs go there."""
    dumps: list[DumpFile]
    issued: datetime
    modified: datetime
    version: str


def _lang(graph: Graph, subject: URIRef, predicate: URIRef, values: dict[str, str]) -> None:
    for language, text in values.items():
        graph.add((subject, predicate, Literal(text, lang=language)))


def describe(counts: Counts, context: Context) -> Graph:
    """The DCAT-AP 3 and VoID description of the dataset, as one graph."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in DESCRIPTION_PREFIXES.items():
        graph.bind(prefix, namespace)
    base = with_slash(context.dataset_base)
    public = with_slash(context.public_base)
    iris = Iris(base)
    add = graph.add
    catalog, dataset, service = iris.catalog, iris.dataset, iris.service
    issued = Literal(context.issued.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    modified = Literal(context.modified.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    licence = LICENCE["CC_BY_4_0"]
    homepage = URIRef(public)
    endpoint = URIRef(public + "sparql")

    # The catalogue
    add((catalog, RDF.type, DCAT.Catalog))
    _lang(graph, catalog, DCTERMS.title, CATALOG_TITLE)
    _lang(graph, catalog, DCTERMS.description, CATALOG_DESCRIPTION)
    add((catalog, DCTERMS.publisher, iris.publisher))
    add((catalog, DCAT.dataset, dataset))
    add((catalog, DCAT.service, service))
    add((catalog, FOAF.homepage, homepage))
    add((catalog, DCTERMS.license, licence))
    add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    add((catalog, DCTERMS.language, LANGUAGE["ENG"]))
    add((catalog, DCTERMS.language, LANGUAGE["LAV"]))
    add((catalog, DCTERMS.issued, issued))
    add((catalog, DCTERMS.modified, modified))

    # The publisher (the coopgraph project), and where the facts come from (the municipality's documents)
    add((iris.publisher, RDF.type, FOAF.Agent))
    add((iris.publisher, FOAF.name, Literal("coopgraph", lang="en")))
    add((iris.publisher, FOAF.name, Literal("coopgraph", lang="lv")))
    add((iris.publisher, DCTERMS.type, URIRef(EU + "corporate-body-classification/PROJECT")))
    add((iris.publisher, FOAF.homepage, homepage))
    owner = URIRef(base + "id/organisation/daugavpils-city-municipality")
    owner_names = counts.labels.get(str(owner)) or {"en": "Daugavpils City Municipality"}
    attribution = URIRef(base + "dataset#source-owner")
    add((dataset, PROV.qualifiedAttribution, attribution))
    add((attribution, RDF.type, PROV.Attribution))
    add((attribution, PROV.agent, owner))
    add((attribution, DCAT.hadRole, ORIGINATOR))
    add((owner, RDF.type, FOAF.Agent))
    _lang(graph, owner, FOAF.name, owner_names)
    for source in counts.sources:
        add((dataset, DCTERMS.source, URIRef(source)))

    # The dataset (DCAT)
    add((dataset, RDF.type, DCAT.Dataset))
    _lang(graph, dataset, DCTERMS.title, TITLE)
    _lang(graph, dataset, DCTERMS.description, DESCRIPTION)
    add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    add((dataset, DCTERMS.publisher, iris.publisher))
    add((dataset, DCAT.contactPoint, iris.contact))
    add((dataset, DCAT.landingPage, URIRef(public + "dataset")))
    add((dataset, DCTERMS.issued, issued))
    add((dataset, DCTERMS.modified, modified))
    add((dataset, DCAT.version, Literal(context.version)))
    add((dataset, DCTERMS.conformsTo, iris.ontology))
    add((dataset, DCTERMS.conformsTo, iris.shapes))
    add((dataset, DCTERMS.accessRights, ACCESS_RIGHT["PUBLIC"]))
    add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY["IRREG"]))
    add((dataset, DCTERMS.language, LANGUAGE["ENG"]))
    add((dataset, DCTERMS.language, LANGUAGE["LAV"]))
    for theme in THEMES:
        add((dataset, DCAT.theme, DATA_THEME[theme]))
    for language, words in KEYWORDS.items():
        for keyword in words:
            add((dataset, DCAT.keyword, Literal(keyword, lang=language)))
    daugavpils = URIRef(base + "id/municipality/daugavpils")
    add((dataset, DCTERMS.spatial, daugavpils))
    add((dataset, DCTERMS.spatial, EU_COUNTRY["LVA"]))
    add((daugavpils, RDF.type, DCTERMS.Location))
    _lang(graph, daugavpils, RDFS.label, counts.labels.get(str(daugavpils)) or {"en": "Daugavpils"})
    add((EU_COUNTRY["LVA"], RDF.type, DCTERMS.Location))
    if counts.start is not None or counts.end is not None:
        period = URIRef(base + "dataset#temporal")
        add((dataset, DCTERMS.temporal, period))
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        if counts.start is not None:
            add((period, DCAT.startDate, Literal(counts.start.isoformat(), datatype=XSD.date)))
        if counts.end is not None:
            add((period, DCAT.endDate, Literal(counts.end.isoformat(), datatype=XSD.date)))
    add((licence, RDF.type, DCTERMS.LicenseDocument))
    add((licence, RDFS.seeAlso, CC_BY))
    add((licence, RDFS.label, Literal("Creative Commons Attribution 4.0 International", lang="en")))

    # Contact point: the project and its home page (no e-mail address exists to give)
    add((iris.contact, RDF.type, VCARD.Kind))
    add((iris.contact, RDF.type, VCARD.Organization))
    add((iris.contact, VCARD.fn, Literal("coopgraph")))
    add((iris.contact, VCARD.hasURL, homepage))

    # Distributions: the build's dumps, downloaded from the answering server
    for dump in context.dumps:
        if not dump.kind.distribution:
            continue
        distribution = iris.distribution(dump.name)
        url = URIRef(public + "dumps/" + dump.name)
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, Literal(dump.kind.title_en, lang="en")))
        add((distribution, DCTERMS.title, Literal(dump.kind.title_lv, lang="lv")))
        add((distribution, DCAT.accessURL, url))
        add((distribution, DCAT.downloadURL, url))
        add((distribution, DCAT.mediaType, URIRef(IANA + dump.kind.media_type)))
        add((distribution, DCTERMS.format, FILE_TYPE[dump.kind.file_type]))
        if dump.kind.compression:
            add((distribution, DCAT.compressFormat, URIRef(IANA + dump.kind.compression)))
        add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        add((distribution, DCTERMS.license, licence))
        add((distribution, DCTERMS.issued, issued))
        add((distribution, DCTERMS.modified, modified))
        add((distribution, DCTERMS.conformsTo, iris.ontology))
        add((dataset, VOID.dataDump, url))

    # The SPARQL endpoint (DCAT data service)
    add((service, RDF.type, DCAT.DataService))
    _lang(graph, service, DCTERMS.title, SERVICE_TITLE)
    add((service, DCAT.endpointURL, endpoint))
    add((service, DCAT.endpointDescription, endpoint))
    add((service, DCAT.servesDataset, dataset))
    add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    add((service, DCTERMS.license, licence))
    add((service, DCTERMS.publisher, iris.publisher))

    # VoID
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, VOID.sparqlEndpoint, endpoint))
    add((dataset, VOID.uriSpace, Literal(base + "id/")))
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
    for cls, n in sorted(counts.classes.items()):
        partition = iris.partition("class", cls)
        add((dataset, VOID.classPartition, partition))
        add((partition, RDF.type, VOID.Dataset))
        add((partition, VOID["class"], URIRef(cls)))
        add((partition, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in sorted(counts.properties.items()):
        partition = iris.partition("property", prop)
        add((dataset, VOID.propertyPartition, partition))
        add((partition, RDF.type, VOID.Dataset))
        add((partition, VOID.property, URIRef(prop)))
        add((partition, VOID.triples, Literal(n, datatype=XSD.integer)))

    # The Wikidata linkset (the resource data/alignment.ttl describes)
    linkset = iris.linkset
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
    add((linkset, VOID.triples, Literal(counts.linkset_triples, datatype=XSD.integer)))
    add((WIKIDATA, RDF.type, VOID.Dataset))
    add((WIKIDATA, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    add((WIKIDATA, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))
    add((WIKIDATA, DCTERMS.title, Literal("Wikidata", lang="en")))
    return graph


__all__ = ["Context", "Counts", "DUMP_KINDS", "DumpFile", "DumpKind", "describe", "dump_files", "linkset_query",
           "measure"]
