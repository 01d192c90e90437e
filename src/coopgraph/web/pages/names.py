"""What to call things on a page: the names of properties, classes and unlabelled IRIs.

A resource's own name comes from the store (the first label property that has
any, in the reader's language, else English, else any); a property or class
without a label in the store falls back to a known name, then to its local name.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from coopgraph.build.store import labels, lang_values
from coopgraph.i18n import pick, term_word, word
from coopgraph.namespaces import PREFIXES

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
SCHEMA = PREFIXES["schema"]
DCTERMS = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]
OWL = PREFIXES["owl"]
GEO = PREFIXES["geo"]
COOP = PREFIXES["coop"]
XSD = PREFIXES["xsd"]
WDT = "http://www.wikidata.org/prop/direct/"
DC = "http://purl.org/dc/elements/1.1/"

MORE_PREFIXES = {
    "wdt": WDT,
    "dc": DC,
    "eu": "http://publications.europa.eu/resource/authority/country/",
    "s66": "http://data.europa.eu/s66#",
}
"""Vocabularies the alignments use that ``coopgraph.namespaces`` does not declare, for names on pages."""

TYPE = RDF + "type"
LABEL = RDFS + "label"


PROPERTY_NAMES: dict[str, tuple[str, str]] = {
    TYPE: ("type", "tips"),
    LABEL: ("label", "nosaukums"),
    RDFS + "comment": ("comment", "komentārs"),
    SKOS + "prefLabel": ("preferred label", "vēlamais nosaukums"),
    SKOS + "altLabel": ("also written", "citi pieraksti"),
    SKOS + "definition": ("definition", "definīcija"),
    SKOS + "notation": ("notation", "apzīmējums"),
    SKOS + "broader": ("broader field", "plašāka joma"),
    SKOS + "narrower": ("narrower field", "šaurāka joma"),
    SKOS + "related": ("related field", "saistīta joma"),
    SKOS + "inScheme": ("in scheme", "shēmā"),
    SKOS + "topConceptOf": ("top concept of", "virskoncepts shēmā"),
    SKOS + "hasTopConcept": ("top concepts", "virskoncepti"),
    SKOS + "exactMatch": ("same as", "tas pats kas"),
    SKOS + "closeMatch": ("close match", "tuvs atbilstošs"),
    OWL + "sameAs": ("same as", "tas pats kas"),
    SCHEMA + "name": ("name", "nosaukums"),
    SCHEMA + "alternateName": ("also known as", "cits nosaukums"),
    SCHEMA + "description": ("description", "apraksts"),
    SCHEMA + "text": ("text", "teksts"),
    SCHEMA + "about": ("about", "par"),
    SCHEMA + "startDate": ("start", "sākums"),
    SCHEMA + "endDate": ("end", "beigas"),
    SCHEMA + "duration": ("duration", "ilgums"),
    SCHEMA + "location": ("location", "vieta"),
    SCHEMA + "attendee": ("attendee", "dalībnieks"),
    SCHEMA + "organizer": ("organiser", "organizētājs"),
    SCHEMA + "performer": ("speaker", "uzstājās"),
    SCHEMA + "subEvent": ("part", "daļa"),
    SCHEMA + "superEvent": ("part of", "daļa no"),
    SCHEMA + "value": ("value", "vērtība"),
    SCHEMA + "currency": ("currency", "valūta"),
    SCHEMA + "url": ("website", "tīmekļa vietne"),
    SCHEMA + "jobTitle": ("job title", "amats"),
    SCHEMA + "honorificSuffix": ("degree", "grāds"),
    SCHEMA + "worksFor": ("works for", "strādā"),
    SCHEMA + "memberOf": ("member of", "dalībnieks"),
    SCHEMA + "member": ("member", "dalībnieks"),
    SCHEMA + "funder": ("funder", "finansētājs"),
    DCTERMS + "identifier": ("identifier", "identifikators"),
    DCTERMS + "title": ("title", "virsraksts"),
    DCTERMS + "language": ("language", "valoda"),
    DCTERMS + "modified": ("last updated", "atjaunots"),
    DCTERMS + "description": ("description", "apraksts"),
    DCTERMS + "date": ("date", "datums"),
    DCTERMS + "subject": ("subject", "temats"),
    DCTERMS + "spatial": ("place", "vieta"),
    DCTERMS + "isPartOf": ("part of", "daļa no"),
    DCTERMS + "relation": ("related", "saistīts"),
    DC + "description": ("description", "apraksts"),
    DC + "subject": ("subject", "temats"),
    PROV + "wasDerivedFrom": ("source", "avots"),
    PROV + "wasAttributedTo": ("attributed to", "attiecināts uz"),
    GEO + "lat": ("latitude", "platums"),
    GEO + "long": ("longitude", "garums"),
    WDT + "P17": ("country (Wikidata P17)", "valsts (Wikidata P17)"),
    WDT + "P190": ("twinned with (Wikidata P190)", "sadraudzības pilsēta (Wikidata P190)"),
    WDT + "P298": ("ISO 3166-1 alpha-3 (Wikidata P298)", "ISO 3166-1 alpha-3 (Wikidata P298)"),
    WDT + "P1132": ("number of participants (Wikidata P1132)", "dalībnieku skaits (Wikidata P1132)"),
    PREFIXES["void"] + "linkPredicate": ("link predicate", "saites predikāts"),
    PREFIXES["void"] + "objectsTarget": ("links to", "saites uz"),
}
"""Names of the other vocabularies' properties; coop: terms have their own labels in the ontology."""


def short_name(iri: str) -> str:
    """A prefixed name (``schema:Project``) for an IRI in a known namespace, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    for prefix, namespace in MORE_PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


EXTERNAL_NAMES = (
    ("http://www.wikidata.org/entity/", "wikidata_item"),
    ("http://publications.europa.eu/resource/authority/country/", "eu_country_authority"),
)
"""Namespaces whose unlabelled IRIs are named by a words-table entry and their local name."""


def external_name(iri: str, lang: str = "en") -> str:
    """A readable name for an unlabelled IRI in ``lang``: ``Wikidata Q104740``, else its prefixed name."""
    for namespace, key in EXTERNAL_NAMES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{word(key, lang)} {iri[len(namespace) :]}"
    return short_name(iri)


def local_name(iri: str) -> str:
    """The last segment of an IRI, with camelCase split into words."""
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tail)


# --- labels (a resource's own: build/store.py) ---------------------------------------------


def label(store: ox.Store, iri: str, lang: str) -> str | None:
    """The name of ``iri`` in ``lang`` (else English, else any), or None when it has none."""
    return pick(labels(store, ox.NamedNode(iri)), lang)


def term_name(store: ox.Store, iri: str, lang: str) -> str:
    """What to call a property or class: its label in the store in ``lang``, else a known name (ours,
    then the words table's for external vocabularies), else its label in another language, else its
    local name."""
    found = lang_values(store, ox.NamedNode(iri), LABEL)
    if found.get(lang):
        return found[lang]
    known = PROPERTY_NAMES.get(iri)
    if known:
        return known[1 if lang == "lv" else 0]
    return term_word(short_name(iri), lang) or pick(found, lang) or local_name(iri)
