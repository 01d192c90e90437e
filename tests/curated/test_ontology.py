"""The ontology (ontology/*.ttl): the vocabulary contract, its documentation, its
alignments, and the OWL RL subset the build compiles into rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD
from rdflib.term import Node

from coopgraph.build.infer import SUPPORTED_AXIOMS, owlrl_closure
from coopgraph.namespaces import COOP, ID, ORG, SCHEMA
from coopgraph.sources.load import read_graph
from coopgraph.sources.project import Sources

ONTOLOGY = URIRef("https://w3id.org/coopgraph/ontology")
VERSION_IRI = URIRef("https://w3id.org/coopgraph/ontology/0.1.0")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

# --- The vocabulary contract ------------------------------------------------------

CONTRACT: dict[str, URIRef] = {
    # classes
    "Municipality": OWL.Class,
    "Country": OWL.Class,
    "Organisation": OWL.Class,
    "CooperationAgreement": OWL.Class,
    "FieldOfCooperation": OWL.Class,
    "Project": OWL.Class,
    "FundingProgramme": OWL.Class,
    "Event": OWL.Class,
    "SourceDocument": OWL.Class,
    # object properties
    "country": OWL.ObjectProperty,
    "party": OWL.ObjectProperty,
    "field": OWL.ObjectProperty,
    "supplements": OWL.ObjectProperty,
    "partnerOf": OWL.ObjectProperty,
    "fundedBy": OWL.ObjectProperty,
    "participant": OWL.ObjectProperty,
    "leadPartner": OWL.ObjectProperty,
    "partner": OWL.ObjectProperty,
    "associatedPartner": OWL.ObjectProperty,
    "budget": OWL.ObjectProperty,
    "operator": OWL.ObjectProperty,
    "funder": OWL.ObjectProperty,
    # datatype properties
    "concluded": OWL.DatatypeProperty,
}

# Terms beyond the contract that the data uses.
EXTENSION: dict[str, URIRef] = {
    "Cooperation": OWL.Class,
    "Meeting": OWL.Class,
    "Seminar": OWL.Class,
    "StudyVisit": OWL.Class,
    "Claim": OWL.Class,
    "coFinancing": OWL.ObjectProperty,
    "contributedBy": OWL.ObjectProperty,
    "partOfProgramme": OWL.ObjectProperty,
    "partnerCountry": OWL.ObjectProperty,
    "locatedIn": OWL.ObjectProperty,
    "project": OWL.ObjectProperty,
    "fieldAsStated": OWL.DatatypeProperty,
    "objective": OWL.DatatypeProperty,
    "result": OWL.DatatypeProperty,
    "numberOfPartners": OWL.DatatypeProperty,
    "numberOfPartnerCountries": OWL.DatatypeProperty,
    "fundingPercentage": OWL.DatatypeProperty,
    "agreementNumber": OWL.DatatypeProperty,
    "statedCount": OWL.DatatypeProperty,
    "iso3166Alpha3": OWL.DatatypeProperty,
}

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)

# Terms that no vocabulary checked has a counterpart for; each must say so.
UNALIGNED = {COOP.numberOfPartnerCountries, COOP.fundingPercentage}

# --- The OWL RL subset the build compiles --------------------------------------------

AXIOM_PREDICATES = {RDF.type, *SUPPORTED_AXIOMS}
ANNOTATION_PREDICATES = {
    RDFS.label,
    RDFS.comment,
    RDFS.isDefinedBy,
    RDFS.seeAlso,
    SKOS.definition,
    SKOS.closeMatch,
    SKOS.exactMatch,
    SKOS.editorialNote,
    SCHEMA.domainIncludes,
    SCHEMA.rangeIncludes,
    OWL.versionInfo,
    OWL.versionIRI,
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.license,
    DCTERMS.created,
    DCTERMS.modified,
    DCTERMS.creator,
    VANN.preferredNamespacePrefix,
    VANN.preferredNamespaceUri,
}
ALLOWED_TYPES = {
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.SymmetricProperty,
    OWL.TransitiveProperty,
}
ALIGNMENT_PREDICATES = (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def coop_terms(graph: Graph) -> set[URIRef]:
    """Every coop: IRI declared as a class or property in the graph."""
    return {
        s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef) and s.startswith(str(COOP))
    }


def lang_values(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang and o.strip()]


def super_terms(graph: Graph, term: URIRef) -> Iterator[URIRef]:
    """Terms reachable from ``term`` through subclass/subproperty/equivalence, ``term`` excluded."""
    seen = {term}
    todo = [term]
    while todo:
        current = todo.pop()
        for predicate in ALIGNMENT_PREDICATES:
            for other in graph.objects(current, predicate):
                if isinstance(other, URIRef) and other not in seen:
                    seen.add(other)
                    todo.append(other)
                    yield other
        for predicate in (OWL.equivalentClass, OWL.equivalentProperty):
            for other in graph.subjects(predicate, current):
                if isinstance(other, URIRef) and other not in seen:
                    seen.add(other)
                    todo.append(other)
                    yield other


# --- Parsing ------------------------------------------------------------------------


def test_ontology_files_parse_with_read_graph(sources: Sources) -> None:
    files = sources.ontology_files()
    assert [f.name for f in files] == ["coopgraph.ttl"]
    graph = read_graph(files)
    assert len(graph) > 300
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph


def test_fixture_is_the_ontology(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY}


# --- Header -------------------------------------------------------------------------


def test_header_version_licence_and_namespace(ontology: Graph) -> None:
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == VERSION_IRI
    assert ontology.value(ONTOLOGY, DCTERMS.license) == CC_BY_4
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("coop")
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(COOP)
    assert isinstance(ontology.value(ONTOLOGY, DCTERMS.creator), URIRef)
    for predicate in (DCTERMS.created, DCTERMS.modified):
        value = ontology.value(ONTOLOGY, predicate)
        assert isinstance(value, Literal) and value.datatype == XSD.date, predicate


@pytest.mark.parametrize("predicate", [DCTERMS.title, DCTERMS.description])
@pytest.mark.parametrize("lang", ["en", "lv"])
def test_header_title_and_description_in_both_languages(ontology: Graph, predicate: URIRef, lang: str) -> None:
    assert len(lang_values(ontology, ONTOLOGY, predicate, lang)) == 1


# --- Declarations -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), sorted({**CONTRACT, **EXTENSION}.items()))
def test_term_is_declared_with_its_owl_type(ontology: Graph, name: str, kind: URIRef) -> None:
    term = COOP[name]
    assert (term, RDF.type, kind) in ontology
    others = set(TERM_TYPES) - {kind}
    assert not any((term, RDF.type, other) in ontology for other in others), f"{name} has two OWL kinds"


def test_no_coop_term_beyond_the_contract_and_the_data_extension(ontology: Graph) -> None:
    expected = {COOP[name] for name in {**CONTRACT, **EXTENSION}}
    assert coop_terms(ontology) == expected


def test_every_coop_iri_used_is_declared(ontology: Graph) -> None:
    """A misspelt coop: IRI anywhere in the file is an undeclared term."""
    declared = coop_terms(ontology)
    used = {node for triple in ontology for node in triple if isinstance(node, URIRef) and node.startswith(str(COOP))}
    assert used - declared == set()


# --- Documentation ------------------------------------------------------------------


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition])
@pytest.mark.parametrize("lang", ["en", "lv"])
def test_every_term_is_labelled_and_defined_in_both_languages(ontology: Graph, predicate: URIRef, lang: str) -> None:
    missing = sorted(t for t in coop_terms(ontology) if len(lang_values(ontology, t, predicate, lang)) != 1)
    assert missing == [], f"without exactly one {predicate.n3()} @{lang}"


def test_every_term_is_defined_by_the_ontology(ontology: Graph) -> None:
    missing = sorted(t for t in coop_terms(ontology) if ontology.value(t, RDFS.isDefinedBy) != ONTOLOGY)
    assert missing == []


def test_latvian_labels_of_the_core_classes(ontology: Graph) -> None:
    expected = {
        COOP.Municipality: "pašvaldība",
        COOP.CooperationAgreement: "sadarbības līgums",
        COOP.FieldOfCooperation: "sadarbības joma",
        COOP.Project: "projekts",
        COOP.FundingProgramme: "finansēšanas programma",
        COOP.Event: "pasākums",
    }
    for term, label in expected.items():
        assert lang_values(ontology, term, RDFS.label, "lv") == [Literal(label, lang="lv")], term


def test_comments_come_in_both_languages(ontology: Graph) -> None:
    for term in coop_terms(ontology):
        en = lang_values(ontology, term, RDFS.comment, "en")
        lv = lang_values(ontology, term, RDFS.comment, "lv")
        assert len(en) == len(lv), term


# --- Alignment ----------------------------------------------------------------------


def test_every_term_is_aligned_to_another_vocabulary(ontology: Graph) -> None:
    """Directly or through its coop: super-terms, after which OWL RL carries instances over."""
    unaligned = {
        term
        for term in coop_terms(ontology)
        if not any(
            not s.startswith(str(COOP)) and s not in (OWL.Thing, RDFS.Resource) for s in super_terms(ontology, term)
        )
    }
    assert unaligned == UNALIGNED


def test_unaligned_terms_say_why(ontology: Graph) -> None:
    for term in UNALIGNED:
        assert any("Not aligned" in note for note in lang_values(ontology, term, SKOS.editorialNote, "en")), term
        assert lang_values(ontology, term, SKOS.editorialNote, "lv"), term


def test_alignments_point_outside_the_coop_namespace_only_to_iris(ontology: Graph) -> None:
    for predicate in ALIGNMENT_PREDICATES:
        for s, o in ontology.subject_objects(predicate):
            assert isinstance(o, URIRef), (s, predicate, o)


@pytest.mark.parametrize(
    ("cls", "external"),
    [
        (COOP.Project, SCHEMA.Project),
        (COOP.Organisation, SCHEMA.Organization),
        (COOP.Organisation, ORG.Organization),
        (COOP.Organisation, FOAF.Organization),
        (COOP.Event, SCHEMA.Event),
        (COOP.SourceDocument, PROV.Entity),
        (COOP.Claim, SCHEMA.Claim),
        (COOP.Claim, PROV.Entity),
        (COOP.FieldOfCooperation, SKOS.Concept),
        (COOP.Country, SCHEMA.Country),
        (COOP.Municipality, SCHEMA.AdministrativeArea),
    ],
)
def test_key_class_alignments(ontology: Graph, cls: URIRef, external: URIRef) -> None:
    assert external in set(super_terms(ontology, cls))


def test_agreement_is_a_cooperation(ontology: Graph) -> None:
    assert (COOP.CooperationAgreement, RDFS.subClassOf, COOP.Cooperation) in ontology


@pytest.mark.parametrize("cls", [COOP.Meeting, COOP.Seminar, COOP.StudyVisit])
def test_event_kinds_are_events(ontology: Graph, cls: URIRef) -> None:
    assert (cls, RDFS.subClassOf, COOP.Event) in ontology


def test_wikidata_items_only_as_skos_matches(ontology: Graph) -> None:
    for s, p, o in ontology:
        if isinstance(o, URIRef) and o.startswith(WIKIDATA_ENTITY):
            assert p in (SKOS.closeMatch, SKOS.exactMatch), (s, p, o)


# --- Properties ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["leadPartner", "partner", "associatedPartner"])
def test_roles_are_sub_properties_of_participant(ontology: Graph, name: str) -> None:
    assert (COOP[name], RDFS.subPropertyOf, COOP.participant) in ontology


def test_partner_of_is_symmetric_between_municipalities(ontology: Graph) -> None:
    assert (COOP.partnerOf, RDF.type, OWL.SymmetricProperty) in ontology
    assert ontology.value(COOP.partnerOf, RDFS.domain) == COOP.Municipality
    assert ontology.value(COOP.partnerOf, RDFS.range) == COOP.Municipality
    definition = lang_values(ontology, COOP.partnerOf, SKOS.definition, "en")[0]
    assert "derives" in definition and "coop:party" in definition


def test_part_of_programme_is_transitive(ontology: Graph) -> None:
    assert (COOP.partOfProgramme, RDF.type, OWL.TransitiveProperty) in ontology


@pytest.mark.parametrize(
    ("prop", "includes"),
    [
        (COOP.participant, {COOP.Municipality, COOP.Organisation}),
        (COOP.funder, {COOP.Organisation, COOP.Country}),
        (COOP.contributedBy, {COOP.Organisation, COOP.Municipality}),
        (COOP.concluded, {XSD.date, XSD.gYearMonth, XSD.gYear}),
        (COOP.field, {COOP.FieldOfCooperation}),
    ],
)
def test_mixed_ranges_are_documented_not_asserted(ontology: Graph, prop: URIRef, includes: set[URIRef]) -> None:
    assert set(ontology.objects(prop, SCHEMA.rangeIncludes)) == includes
    if len(includes) > 1:
        assert ontology.value(prop, RDFS.range) is None


def test_funder_has_neither_domain_nor_range(ontology: Graph) -> None:
    assert ontology.value(COOP.funder, RDFS.domain) is None
    assert ontology.value(COOP.funder, RDFS.range) is None


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (COOP.concluded, COOP.CooperationAgreement, None),
        (COOP.supplements, COOP.CooperationAgreement, COOP.CooperationAgreement),
        (COOP.party, COOP.Cooperation, COOP.Municipality),
        (COOP.fundedBy, COOP.Project, COOP.FundingProgramme),
        (COOP.budget, COOP.Project, SCHEMA.MonetaryAmount),
        (COOP.operator, COOP.FundingProgramme, COOP.Organisation),
        (COOP.country, None, COOP.Country),
        (COOP.project, COOP.Event, COOP.Project),
        (COOP.statedCount, COOP.Claim, XSD.integer),
        (COOP.numberOfPartners, COOP.Project, XSD.integer),
        (COOP.numberOfPartnerCountries, COOP.Project, XSD.integer),
        (COOP.fundingPercentage, COOP.Project, XSD.decimal),
    ],
)
def test_domains_and_ranges(ontology: Graph, prop: URIRef, domain: URIRef | None, range_: URIRef | None) -> None:
    assert list(ontology.objects(prop, RDFS.domain)) == ([domain] if domain else [])
    assert list(ontology.objects(prop, RDFS.range)) == ([range_] if range_ else [])


def test_every_term_documents_its_intended_classes(ontology: Graph) -> None:
    for term in coop_terms(ontology):
        if (term, RDF.type, OWL.Class) in ontology:
            continue
        assert ontology.value(term, SCHEMA.domainIncludes) is not None, term
        assert ontology.value(term, SCHEMA.rangeIncludes) is not None, term


def test_asserted_domains_and_ranges_agree_with_the_documented_ones(ontology: Graph) -> None:
    for term in coop_terms(ontology):
        for axiom, annotation in ((RDFS.domain, SCHEMA.domainIncludes), (RDFS.range, SCHEMA.rangeIncludes)):
            asserted = ontology.value(term, axiom)
            if asserted is not None:
                assert asserted in set(ontology.objects(term, annotation)), (term, axiom)


def test_datatype_properties_have_datatype_ranges_and_object_properties_class_ranges(ontology: Graph) -> None:
    datatypes = (str(XSD), str(RDF))
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for range_ in ontology.objects(prop, RDFS.range):
            assert str(range_).startswith(datatypes), prop
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for range_ in ontology.objects(prop, RDFS.range):
            assert not str(range_).startswith(datatypes), prop


# --- Only the axiom kinds the build compiles ----------------------------------------


def test_only_allowed_predicates(ontology: Graph) -> None:
    allowed = AXIOM_PREDICATES | ANNOTATION_PREDICATES
    stray = sorted({p for p in ontology.predicates() if p not in allowed})
    assert stray == []


def test_only_allowed_types(ontology: Graph) -> None:
    stray = sorted({o for o in ontology.objects(None, RDF.type) if o not in ALLOWED_TYPES})
    assert stray == []


def test_no_blank_nodes(ontology: Graph) -> None:
    """No restrictions, unions, intersections, property chains or lists: all need blank nodes."""
    assert [t for t in ontology if any(isinstance(n, BNode) for n in t)] == []


@pytest.mark.parametrize(
    "forbidden",
    [
        OWL.Restriction,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.sameAs,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.propertyChainAxiom,
        OWL.hasKey,
        OWL.imports,
    ],
)
def test_forbidden_constructs_are_absent(ontology: Graph, forbidden: URIRef) -> None:
    assert not any(forbidden in triple for triple in ontology)


# --- What consumers get after OWL RL inference --------------------------------------


@pytest.fixture(scope="module")
def inferred(ontology: Graph) -> Graph:
    """A small sample of data, closed under OWL RL together with the ontology."""
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    sample = """
        @prefix coop: <https://w3id.org/coopgraph/ontology#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix agreement: <https://w3id.org/coopgraph/id/agreement/> .
        @prefix municipality: <https://w3id.org/coopgraph/id/municipality/> .
        @prefix organisation: <https://w3id.org/coopgraph/id/organisation/> .
        @prefix project: <https://w3id.org/coopgraph/id/project/> .
        @prefix programme: <https://w3id.org/coopgraph/id/programme/> .
        @prefix amount: <https://w3id.org/coopgraph/id/amount/> .
        @prefix event: <https://w3id.org/coopgraph/id/event/> .
        @prefix source: <https://w3id.org/coopgraph/id/source/> .
        @prefix claim: <https://w3id.org/coopgraph/id/claim/> .

        agreement:a-b-1993 a coop:CooperationAgreement ;
            coop:party municipality:a , municipality:b ;
            coop:concluded "1993-12-17"^^xsd:date .
        municipality:a a coop:Municipality ; coop:partnerOf municipality:b .
        project:p a coop:Project ;
            coop:leadPartner organisation:council ;
            coop:fundedBy programme:action ;
            coop:budget amount:p-total .
        programme:action a coop:FundingProgramme ; coop:partOfProgramme programme:sub .
        programme:sub coop:partOfProgramme programme:top .
        organisation:council a coop:Organisation ; coop:locatedIn municipality:a .
        event:seminar a coop:Seminar ; coop:project project:p .
        source:s a coop:SourceDocument .
        claim:c a coop:Claim ; coop:statedCount 18 .
    """
    graph.parse(data=sample, format="turtle")
    return owlrl_closure(graph)


@pytest.mark.parametrize(
    ("resource", "cls"),
    [
        ("project/p", SCHEMA.Project),
        ("project/p", FOAF.Project),
        ("organisation/council", SCHEMA.Organization),
        ("organisation/council", ORG.Organization),
        ("organisation/council", PROV.Organization),
        ("event/seminar", SCHEMA.Event),
        ("event/seminar", COOP.Event),
        ("source/s", PROV.Entity),
        ("claim/c", PROV.Entity),
        ("agreement/a-b-1993", PROV.Entity),
        ("municipality/b", COOP.Municipality),
        ("programme/action", SCHEMA.FundingScheme),
        ("amount/p-total", SCHEMA.MonetaryAmount),
    ],
)
def test_instances_are_found_through_the_alignments(inferred: Graph, resource: str, cls: URIRef) -> None:
    assert (ID[resource], RDF.type, cls) in inferred


def test_inference_carries_properties_over(inferred: Graph) -> None:
    assert (ID["project/p"], COOP.participant, ID["organisation/council"]) in inferred
    assert (ID["project/p"], SCHEMA.member, ID["organisation/council"]) in inferred
    assert (ID["municipality/b"], COOP.partnerOf, ID["municipality/a"]) in inferred
    assert (ID["programme/action"], COOP.partOfProgramme, ID["programme/top"]) in inferred
    assert (ID["event/seminar"], DCTERMS.isPartOf, ID["project/p"]) in inferred


def test_inference_is_consistent_and_makes_no_identities(inferred: Graph) -> None:
    assert list(inferred.subjects(RDF.type, OWL.Nothing)) == []
    assert [(s, o) for s, o in inferred.subject_objects(OWL.sameAs) if s != o] == []
