"""A consumer queries through the ontology's alignments and gets answers, not noise."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from coopgraph.build.infer import UnsupportedOntology, compile_rules, infer, is_useful
from coopgraph.namespaces import COOP, ID, SCHEMA

PREFIXES = """
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix project: <https://w3id.org/coopgraph/id/project/> .
@prefix organisation: <https://w3id.org/coopgraph/id/organisation/> .
@prefix agreement: <https://w3id.org/coopgraph/id/agreement/> .
@prefix municipality: <https://w3id.org/coopgraph/id/municipality/> .
@prefix cooperation: <https://w3id.org/coopgraph/id/cooperation/> .
@prefix programme: <https://w3id.org/coopgraph/id/programme/> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ONTOLOGY = (
    PREFIXES
    + """
coop:Project a owl:Class ; rdfs:subClassOf schema:Project .
schema:Project rdfs:subClassOf schema:Organization .
coop:Organisation a owl:Class ; owl:equivalentClass org:Organization .
coop:CooperationAgreement a owl:Class ; rdfs:subClassOf coop:Cooperation .
coop:AdditionalAgreement rdfs:subClassOf coop:CooperationAgreement .
coop:Municipality a owl:Class .
coop:participant a owl:ObjectProperty ; rdfs:domain coop:Project .
coop:leadPartner a owl:ObjectProperty ; rdfs:subPropertyOf coop:participant .
coop:participatesIn owl:inverseOf coop:participant .
coop:partnerOf a owl:ObjectProperty, owl:SymmetricProperty ; rdfs:range coop:Municipality .
coop:partOfProgramme a owl:ObjectProperty, owl:TransitiveProperty ; rdfs:subPropertyOf schema:isPartOf .
coop:party a owl:ObjectProperty .
coop:concluded a owl:DatatypeProperty ; rdfs:range xsd:date .
"""
)

DATA = (
    PREFIXES
    + """
project:p a coop:Project ; coop:leadPartner organisation:o ; rdfs:label "P"@en .
organisation:o a coop:Organisation .
agreement:a a coop:CooperationAgreement ; coop:party municipality:d, municipality:r ;
    coop:concluded "1993-12-17"^^xsd:date .
agreement:extra a coop:AdditionalAgreement ; coop:party municipality:d, municipality:x .
cooperation:c a coop:Cooperation ; coop:party municipality:d, municipality:v .
programme:m1 coop:partOfProgramme programme:m2 . programme:m2 coop:partOfProgramme programme:m3 .
"""
)


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module", params=["rules", "owlrl"])
def inferred(request: pytest.FixtureRequest) -> Graph:
    return infer(graph(ONTOLOGY), graph(DATA), reasoner=request.param)


def test_a_query_for_an_aligned_class_finds_our_instances(inferred: Graph) -> None:
    assert (ID["project/p"], RDF.type, SCHEMA.Project) in inferred
    assert (ID["project/p"], RDF.type, SCHEMA.Organization) in inferred
    assert (ID["organisation/o"], RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in inferred


def test_a_query_on_participant_finds_lead_partners_and_their_inverse(inferred: Graph) -> None:
    assert (ID["project/p"], COOP.participant, ID["organisation/o"]) in inferred
    assert (ID["organisation/o"], COOP.participatesIn, ID["project/p"]) in inferred


def test_parties_of_an_agreement_are_partners_both_ways_and_never_of_themselves(inferred: Graph) -> None:
    d, r, x = ID["municipality/d"], ID["municipality/r"], ID["municipality/x"]
    assert (d, COOP.partnerOf, r) in inferred and (r, COOP.partnerOf, d) in inferred
    assert (d, COOP.partnerOf, x) in inferred, "sub-classes of agreement count"
    assert (d, COOP.partnerOf, d) not in inferred
    assert (r, RDF.type, COOP.Municipality) in inferred, "the range of partnerOf types the partner"


def test_a_cooperation_without_agreement_makes_no_partners(inferred: Graph) -> None:
    assert (ID["municipality/d"], COOP.partnerOf, ID["municipality/v"]) not in inferred


def test_transitive_properties_are_closed_and_their_super_properties_follow(inferred: Graph) -> None:
    assert (ID["programme/m1"], COOP.partOfProgramme, ID["programme/m3"]) in inferred
    assert (ID["programme/m1"], SCHEMA.isPartOf, ID["programme/m3"]) in inferred


def test_the_class_hierarchy_is_served_closed(inferred: Graph) -> None:
    assert (COOP.Project, RDFS.subClassOf, SCHEMA.Organization) in inferred
    assert (COOP.AdditionalAgreement, RDFS.subClassOf, COOP.Cooperation) in inferred


def test_no_noise_is_served(inferred: Graph) -> None:
    assert not any(s == o for s, o in inferred.subject_objects(OWL.sameAs))
    assert not list(inferred.subjects(RDF.type, OWL.Thing))
    assert not any(str(s).startswith(str(OWL)) or str(s).startswith(str(RDFS)) for s in inferred.subjects())
    assert not any(s == o for s, o in inferred.subject_objects(RDFS.subClassOf))
    assert all(not isinstance(s, type(None)) for s in inferred.subjects())


def test_nothing_asserted_is_repeated_as_inferred(inferred: Graph) -> None:
    asserted = graph(ONTOLOGY) + graph(DATA)
    assert not [t for t in inferred if t in asserted]


def test_compiled_rules_give_exactly_what_owlrl_gives() -> None:
    rules = infer(graph(ONTOLOGY), graph(DATA), reasoner="rules")
    reference = infer(graph(ONTOLOGY), graph(DATA), reasoner="owlrl")
    assert set(rules) == set(reference)


def test_an_ontology_beyond_the_compiled_rules_is_refused_with_the_culprit() -> None:
    ontology = graph(PREFIXES + "coop:country a owl:ObjectProperty, owl:FunctionalProperty .")
    with pytest.raises(UnsupportedOntology, match="FunctionalProperty"):
        compile_rules(ontology)


def test_an_unknown_reasoner_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown reasoner"):
        infer(graph(ONTOLOGY), graph(DATA), reasoner="magic")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("triple", "useful"),
    [
        ((ID["x"], OWL.sameAs, ID["x"]), False),
        ((ID["x"], RDF.type, OWL.Thing), False),
        ((ID["x"], RDF.type, COOP.Project), True),
        ((COOP.Project, RDFS.subClassOf, COOP.Project), False),
        ((RDF.type, RDF.type, RDF.Property), False),
        ((ID["x"], COOP.partnerOf, ID["y"]), True),
    ],
)
def test_usefulness(triple: tuple, useful: bool) -> None:
    assert is_useful(triple) is useful


def test_the_reference_reasoner_leaves_rdflib_date_handling_alone() -> None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    infer(graph(ONTOLOGY), graph(DATA), reasoner="owlrl")
    assert not Literal("--04", datatype=XSD.gMonth).ill_typed
    assert not Literal("--08-29", datatype=XSD.gMonthDay).ill_typed


def test_on_the_bundled_data_the_compiled_rules_equal_owlrl(ontology: Graph, data: Graph) -> None:
    rules = set(infer(ontology, data, reasoner="rules"))
    reference = set(infer(ontology, data, reasoner="owlrl"))
    assert rules == reference
    assert (ID["municipality/radom"], COOP.partnerOf, ID["municipality/daugavpils"]) in rules
