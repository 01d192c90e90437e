"""The controlled-vocabulary values of the description, typed as DCAT-AP 3's ``range.ttl`` expects.

A harvester validates a description on its own, without the EU vocabularies
loaded, so the description states what each value it names is: a file type is a
``dct:MediaTypeOrExtent``, a language a ``dct:LinguisticSystem``, a theme a
``skos:Concept`` with its label, a landing page a ``foaf:Document``. The class
follows from the property that names the value (:data:`RANGES`), so a value
added to the description later is typed without being listed twice. Labels are
the vocabularies' own (EU Publications Office, ADMS), in the languages coopgraph
speaks.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
DATA_THEME = Namespace(EU + "data-theme/")
THEME_SCHEME = URIRef(EU + "data-theme")
LANGUAGE = Namespace(EU + "language/")
LICENCE = Namespace(EU + "licence/")
ACCESS_RIGHT = Namespace(EU + "access-right/")
FREQUENCY = Namespace(EU + "frequency/")
AVAILABILITY = Namespace(EU + "planned-availability/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")

RANGES: dict[URIRef, URIRef] = {
    DCTERMS.format: DCTERMS.MediaTypeOrExtent,
    DCAT.mediaType: DCTERMS.MediaType,
    DCAT.compressFormat: DCTERMS.MediaType,
    DCTERMS.language: DCTERMS.LinguisticSystem,
    DCTERMS.accrualPeriodicity: DCTERMS.Frequency,
    DCTERMS.accessRights: DCTERMS.RightsStatement,
    DCTERMS.conformsTo: DCTERMS.Standard,
    DCTERMS.license: DCTERMS.LicenseDocument,
    DCAT.landingPage: FOAF.Document,
    FOAF.homepage: FOAF.Document,
    DCAT.theme: SKOS.Concept,
    DCAT.themeTaxonomy: SKOS.ConceptScheme,
    DCTERMS.type: SKOS.Concept,
    DCATAP.availability: SKOS.Concept,
}
"""Property → the class DCAT-AP 3 requires of its values (``sh:class`` in ``dcat-ap-SHACL.ttl``)."""

CONCEPTS: dict[URIRef, tuple[URIRef, Mapping[str, str]]] = {
    DATA_THEME["GOVE"]: (
        THEME_SCHEME,
        {"en": "Government and public sector", "lv": "Valdība un sabiedriskais sektors"},
    ),
    DATA_THEME["INTR"]: (THEME_SCHEME, {"en": "International issues", "lv": "Starptautiski jautājumi"}),
    DATA_THEME["REGI"]: (THEME_SCHEME, {"en": "Regions and cities", "lv": "Reģioni un pilsētas"}),
    AVAILABILITY["AVAILABLE"]: (URIRef(EU + "planned-availability"), {"en": "Available"}),
    PUBLISHER_TYPE["LocalAuthority"]: (URIRef(str(PUBLISHER_TYPE)), {"en": "Local Authority"}),
    LICENCE_TYPE["Attribution"]: (URIRef(str(LICENCE_TYPE)), {"en": "Attribution"}),
}
"""The concepts the description names: their scheme and their labels (DCAT-AP asks a skos:prefLabel)."""

SCHEMES: dict[URIRef, Mapping[str, str]] = {THEME_SCHEME: {"en": "Data theme"}}
"""The concept schemes the catalogue names (DCAT-AP asks a dct:title)."""


def type_values(graph: Graph) -> None:
    """Add to ``graph`` the class of every value of a property in :data:`RANGES`, and the labels of concepts."""
    values = [(value, cls) for prop, cls in RANGES.items() for value in graph.objects(None, prop)]
    for value, cls in values:
        if not isinstance(value, URIRef):
            continue
        graph.add((value, RDF.type, cls))
        if value in CONCEPTS:
            scheme, labels = CONCEPTS[value]
            graph.add((value, SKOS.inScheme, scheme))
            for language, text in labels.items():
                graph.add((value, SKOS.prefLabel, Literal(text, lang=language)))
        for language, text in SCHEMES.get(value, {}).items():
            graph.add((value, DCTERMS.title, Literal(text, lang=language)))
