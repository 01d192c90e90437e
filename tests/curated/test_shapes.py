"""The SHACL shapes: the curated data passes them, and each rule catches what it is for.

Every rule is tested with a small resource written inline in Turtle, added to a
valid base graph (tests/data/shapes/base.ttl). Each case is one valid snippet
and one textual edit that breaks exactly one thing; the valid snippet is shown
to validate without any result, so a case fails if the rule does not fire, and
also if the snippet was wrong to begin with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection

from coopgraph.build.validate import SHAPES, ValidationReport, curie, locate_subjects, validate
from coopgraph.namespaces import COOP, ID, OWL, SCHEMA, SH
from coopgraph.sources.load import read_graph
from coopgraph.sources.project import Sources

BASE_FILE = Path(__file__).parents[1] / "data" / "shapes" / "base.ttl"

PREFIXES = """\
@prefix coop:         <https://w3id.org/coopgraph/ontology#> .
@prefix agreement:    <https://w3id.org/coopgraph/id/agreement/> .
@prefix amount:       <https://w3id.org/coopgraph/id/amount/> .
@prefix claim:        <https://w3id.org/coopgraph/id/claim/> .
@prefix cooperation:  <https://w3id.org/coopgraph/id/cooperation/> .
@prefix country:      <https://w3id.org/coopgraph/id/country/> .
@prefix event:        <https://w3id.org/coopgraph/id/event/> .
@prefix field:        <https://w3id.org/coopgraph/id/field/> .
@prefix municipality: <https://w3id.org/coopgraph/id/municipality/> .
@prefix organisation: <https://w3id.org/coopgraph/id/organisation/> .
@prefix person:       <https://w3id.org/coopgraph/id/person/> .
@prefix programme:    <https://w3id.org/coopgraph/id/programme/> .
@prefix project:      <https://w3id.org/coopgraph/id/project/> .
@prefix scheme:       <https://w3id.org/coopgraph/id/scheme/> .
@prefix source:       <https://w3id.org/coopgraph/id/source/> .
@prefix dcterms:      <http://purl.org/dc/terms/> .
@prefix geo:          <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix owl:          <http://www.w3.org/2002/07/owl#> .
@prefix prov:         <http://www.w3.org/ns/prov#> .
@prefix rdfs:         <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema:       <https://schema.org/> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix wd:           <http://www.wikidata.org/entity/> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
"""

# The class hierarchy of the vocabulary contract, which the shapes rely on
# (sh:targetClass coop:Event must reach a coop:Meeting). Merged into the
# ontology fixture so these tests do not depend on how complete it is;
# test_ontology_declares_the_hierarchy_the_shapes_rely_on checks the real one.
CONTRACT_HIERARCHY = (
    PREFIXES
    + """
coop:CooperationAgreement rdfs:subClassOf coop:Cooperation .
coop:Meeting rdfs:subClassOf coop:Event .
coop:Seminar rdfs:subClassOf coop:Event .
coop:StudyVisit rdfs:subClassOf coop:Event .
coop:FieldOfCooperation rdfs:subClassOf skos:Concept .
"""
)

CLASSES = [
    COOP.Municipality,
    COOP.Country,
    COOP.Organisation,
    COOP.Cooperation,
    COOP.CooperationAgreement,
    COOP.FieldOfCooperation,
    COOP.Project,
    COOP.FundingProgramme,
    COOP.Event,
    COOP.Meeting,
    COOP.Seminar,
    COOP.StudyVisit,
    COOP.SourceDocument,
    COOP.Claim,
    SCHEMA.MonetaryAmount,
    SCHEMA.Person,
]
"""Every class of the vocabulary contract the shapes guard."""

SRC = "source:0000000000000001"


def turtle(snippet: str) -> Graph:
    graph = Graph()
    graph.parse(data=PREFIXES + snippet, format="turtle")
    return graph


@pytest.fixture(scope="module")
def hierarchy(ontology: Graph) -> Graph:
    merged = Graph()
    for triple in ontology:
        merged.add(triple)
    merged.parse(data=CONTRACT_HIERARCHY, format="turtle")
    return merged


@pytest.fixture(scope="module")
def base() -> Graph:
    return read_graph([BASE_FILE])


@pytest.fixture(scope="module")
def check(base: Graph, shapes: Graph, hierarchy: Graph):
    """Validate the base graph plus a Turtle snippet."""

    def run(snippet: str) -> ValidationReport:
        data = Graph()
        for triple in base:
            data.add(triple)
        for triple in turtle(snippet):
            data.add(triple)
        return validate(data, shapes, hierarchy)

    return run


def summary(report: ValidationReport) -> set[tuple[str, str | None, str, str]]:
    return {(r.focus, r.path, r.component, r.severity) for r in report.results}


# ---------------------------------------------------------------------------
# The curated data
# ---------------------------------------------------------------------------


def test_curated_data_conforms(data: Graph, shapes: Graph, ontology: Graph, sources: Sources) -> None:
    report = validate(data, shapes, ontology, origins=locate_subjects(sources.data_files()))
    print(report.as_text())
    assert report.conforms, report.as_text()


def test_curated_data_has_resources_of_every_class(data: Graph) -> None:
    """So that "conforms" above means every class shape was exercised by the real data."""
    classes = set(data.objects(None, RDF.type))
    missing = [curie(str(c)) for c in CLASSES if c not in classes]
    assert not missing, f"no resource of {missing} in data/"


def test_ontology_declares_the_hierarchy_the_shapes_rely_on(ontology: Graph) -> None:
    contract = Graph().parse(data=CONTRACT_HIERARCHY, format="turtle")
    for sub, sup in contract.subject_objects(RDFS.subClassOf):
        assert (sub, RDFS.subClassOf, sup) in ontology, f"ontology lacks {curie(sub)} rdfs:subClassOf {curie(sup)}"


def test_base_fixture_validates_without_any_result(base: Graph, shapes: Graph, hierarchy: Graph) -> None:
    report = validate(base, shapes, hierarchy)
    assert report.results == (), report.as_text()
    subclasses_of_event = {COOP.Event, COOP.Seminar, COOP.StudyVisit}  # the base has a coop:Meeting
    assert set(CLASSES) - subclasses_of_event <= set(base.objects(None, RDF.type))


# ---------------------------------------------------------------------------
# The shapes graph itself
# ---------------------------------------------------------------------------

CONSTRAINT_PARAMETERS = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive,
    SH.pattern, SH.languageIn, SH.uniqueLang, SH["in"], SH.hasValue, SH["or"], SH["not"], SH.node,
    SH.qualifiedValueShape, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals, SH.sparql,
}  # fmt: skip


def named_shapes(shapes: Graph) -> list[URIRef]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return sorted(s for s in found if isinstance(s, URIRef))


def test_shapes_graph_has_an_ontology_header(shapes: Graph) -> None:
    header = URIRef("https://w3id.org/coopgraph/shapes")
    assert (header, RDF.type, OWL.Ontology) in shapes
    assert shapes.value(header, RDFS.label) is not None


def test_every_shape_has_its_own_iri_and_a_label(shapes: Graph) -> None:
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        assert isinstance(shape, URIRef) and shape.startswith(str(SHAPES)), shape
        assert shapes.value(shape, RDFS.label) is not None, shape
    for shape in shapes.subjects(SH.property, None):
        for prop in shapes.objects(shape, SH.property):
            assert isinstance(prop, URIRef), f"{curie(shape)} has an anonymous property shape"


def test_every_constraint_says_in_english_what_is_wrong(shapes: Graph) -> None:
    for shape in named_shapes(shapes):
        if not any((shape, p, None) in shapes for p in CONSTRAINT_PARAMETERS - {SH.sparql}):
            continue
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal) and m.language == "en"]
        assert len(messages) == 1, f"{curie(shape)} needs one sh:message in English"
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None, f"SPARQL constraint {constraint} has no message"


def test_every_property_shape_has_a_name_and_a_description(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert shapes.value(shape, SH.name) is not None, curie(shape)
        assert shapes.value(shape, SH.description) is not None, curie(shape)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: curie(str(c)))
def test_every_class_has_a_shape(cls: URIRef, shapes: Graph, hierarchy: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    ancestors = {cls} | set(hierarchy.transitive_objects(cls, RDFS.subClassOf))
    assert targeted & ancestors, f"no shape targets {curie(cls)}"


def test_date_precision_is_an_or_over_datatypes(shapes: Graph) -> None:
    agreement = SHAPES["Agreement-concluded-precision"]
    options = Collection(shapes, shapes.value(agreement, SH["or"]))
    datatypes = {curie(str(shapes.value(option, SH.datatype))) for option in options}
    assert datatypes == {"xsd:date", "xsd:gYearMonth", "xsd:gYear"}
    event = Collection(shapes, shapes.value(SHAPES["Event-startDate-precision"], SH["or"]))
    assert {curie(str(shapes.value(o, SH.datatype))) for o in event} == {
        "xsd:date", "xsd:gYearMonth", "xsd:gYear", "xsd:gMonth", "xsd:gMonthDay",
    }  # fmt: skip


# ---------------------------------------------------------------------------
# One broken thing at a time
# ---------------------------------------------------------------------------

MUNICIPALITY = f"""
municipality:testville
    a coop:Municipality ;
    rdfs:label "Testville"@en , "Testvile"@lv ;
    skos:altLabel "Testvil"@en ;
    coop:country country:latvia ;
    skos:exactMatch wd:Q1 ;
    geo:lat "55.1"^^xsd:decimal ;
    geo:long "26.5"^^xsd:decimal ;
    schema:url <http://www.testville.example> ;
    prov:wasDerivedFrom {SRC} .
"""

COUNTRY = f"""
country:testland
    a coop:Country ;
    rdfs:label "Testland"@en , "Testzeme"@lv ;
    coop:iso3166Alpha3 "TST" ;
    prov:wasDerivedFrom {SRC} .
"""

ORGANISATION = f"""
organisation:test-office
    a coop:Organisation ;
    rdfs:label "Test office"@en ;
    coop:locatedIn municipality:radom ;
    prov:wasDerivedFrom {SRC} .
"""

AGREEMENT = f"""
agreement:daugavpils-radom-2003
    a coop:CooperationAgreement ;
    rdfs:label "Additional agreement between Daugavpils and Radom (2003)"@en ,
        "Daugavpils un Radomas papildu līgums (2003)"@lv ;
    coop:party municipality:daugavpils , municipality:radom ;
    coop:concluded "2003-11-17"^^xsd:date ;
    coop:supplements agreement:daugavpils-radom-1993 ;
    coop:field field:education ;
    coop:fieldAsStated "education, culture and sport"@en ;
    prov:wasDerivedFrom {SRC} .
"""

TWIN = f"""
municipality:testville
    a coop:Municipality ;
    rdfs:label "Testville"@en , "Testvile"@lv ;
    coop:country country:latvia ;
    skos:exactMatch wd:Q1 ;
    prov:wasDerivedFrom {SRC} .

agreement:daugavpils-testville-2001
    a coop:CooperationAgreement ;
    rdfs:label "Cooperation agreement between Daugavpils and Testville (2001)"@en ,
        "Daugavpils un Testviles sadarbības līgums (2001)"@lv ;
    coop:party municipality:daugavpils , municipality:testville ;
    coop:concluded "2001"^^xsd:gYear ;
    coop:field field:education ;
    prov:wasDerivedFrom {SRC} .
"""

COOPERATION = f"""
cooperation:daugavpils-testville
    a coop:Cooperation ;
    rdfs:label "Cooperation between Daugavpils and Radom in sport"@en ;
    coop:party municipality:daugavpils , municipality:radom ;
    schema:startDate "2018"^^xsd:gYear ;
    coop:field field:education ;
    prov:wasDerivedFrom {SRC} .
"""

FIELD = f"""
field:pupil-exchange
    a coop:FieldOfCooperation ;
    skos:inScheme scheme:fields-of-cooperation ;
    skos:prefLabel "pupil exchange"@en , "skolēnu apmaiņa"@lv ;
    rdfs:label "pupil exchange"@en , "skolēnu apmaiņa"@lv ;
    skos:broader field:education ;
    prov:wasDerivedFrom {SRC} .

agreement:daugavpils-radom-1993 coop:field field:pupil-exchange .
"""

PROJECT = f"""
project:test-project
    a coop:Project ;
    rdfs:label "Test project"@en , "Testa projekts"@lv ;
    dcterms:identifier "TP-1575" ;
    coop:agreementNumber "9.-" ;
    coop:fundedBy programme:base-programme ;
    coop:leadPartner organisation:daugavpils-city-council ;
    coop:partner municipality:radom ;
    coop:partnerCountry country:poland ;
    coop:numberOfPartners "3"^^xsd:integer ;
    coop:fundingPercentage "100"^^xsd:decimal ;
    coop:budget amount:test-project-total-cost ;
    coop:coFinancing amount:test-project-co-financing ;
    schema:startDate "2019-01-15"^^xsd:date ;
    schema:endDate "2020-01"^^xsd:gYearMonth ;
    coop:field field:education ;
    coop:objective "Testēt."@lv , "To test."@en ;
    prov:wasDerivedFrom {SRC} .

amount:test-project-total-cost
    a schema:MonetaryAmount ;
    rdfs:label "Total cost of the test project"@en ;
    schema:value "138000"^^xsd:decimal ;
    schema:currency "EUR" ;
    prov:wasDerivedFrom {SRC} .

amount:test-project-co-financing
    a schema:MonetaryAmount ;
    rdfs:label "Council co-financing of the test project"@en ;
    schema:value "4673.50"^^xsd:decimal ;
    schema:currency "EUR" ;
    coop:contributedBy organisation:daugavpils-city-council ;
    prov:wasDerivedFrom {SRC} .
"""

PROGRAMME = f"""
programme:test-action
    a coop:FundingProgramme ;
    rdfs:label "Test action"@en , "Testa aktivitāte"@lv ;
    coop:operator organisation:daugavpils-city-council ;
    coop:funder organisation:daugavpils-city-council ;
    coop:partOfProgramme programme:base-programme ;
    schema:startDate "2014"^^xsd:gYear ;
    prov:wasDerivedFrom {SRC} .
"""

EVENT = f"""
event:test-seminar
    a coop:Seminar ;
    rdfs:label "Test seminar"@en ;
    coop:project project:base-project ;
    schema:location municipality:radom ;
    schema:startDate "--08-29"^^xsd:gMonthDay ;
    schema:performer person:jane-doe ;
    schema:attendee organisation:daugavpils-city-council ;
    schema:superEvent event:base-meeting ;
    schema:description "Seminārs."@lv , "A seminar."@en ;
    prov:wasDerivedFrom {SRC} .
"""

SOURCE = """
source:00000000000000ff
    a coop:SourceDocument ;
    rdfs:label "Cities of change"@en ;
    dcterms:identifier "004_00000000000000ff.txt" .
"""

CLAIM = f"""
claim:test-count
    a coop:Claim ;
    rdfs:label "Claim: Daugavpils has 18 twin cities"@en ;
    coop:statedCount "18"^^xsd:integer ;
    prov:wasDerivedFrom {SRC} .
"""

PERSON = f"""
person:john-doe
    a schema:Person ;
    rdfs:label "John Doe"@en ;
    schema:worksFor organisation:daugavpils-city-council ;
    schema:memberOf project:base-project ;
    prov:wasDerivedFrom {SRC} .
"""

SNIPPETS = {
    "municipality": MUNICIPALITY,
    "country": COUNTRY,
    "organisation": ORGANISATION,
    "agreement": AGREEMENT,
    "twin": TWIN,
    "cooperation": COOPERATION,
    "field": FIELD,
    "project": PROJECT,
    "programme": PROGRAMME,
    "event": EVENT,
    "source": SOURCE,
    "claim": CLAIM,
    "person": PERSON,
}


@dataclass(frozen=True)
class Case:
    """A valid snippet, one edit (old → new) that breaks it, and the result expected."""

    description: str
    snippet: str
    old: str
    new: str
    focus: str
    path: str | None
    component: str
    severity: str = "Violation"

    @property
    def broken(self) -> str:
        return self.snippet.replace(self.old, self.new, 1)


def i(kind_slug: str) -> str:
    return str(ID[kind_slug])


TESTVILLE = i("municipality/testville")
ADDITIONAL = i("agreement/daugavpils-radom-2003")
TEST_PROJECT = i("project/test-project")
TOTAL_COST = i("amount/test-project-total-cost")
SEMINAR = i("event/test-seminar")

CASES = [
    # Labels and languages (the same shapes serve every class)
    Case("missing @en label", MUNICIPALITY, '"Testville"@en , ', "", TESTVILLE, "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("two @en labels", MUNICIPALITY, '"Testville"@en', '"Testville"@en , "Test Town"@en', TESTVILLE, "rdfs:label", "UniqueLangConstraintComponent"),
    Case("missing @lv label on a municipality", MUNICIPALITY, ' , "Testvile"@lv', "", TESTVILLE, "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("label without language tag", MUNICIPALITY, '"Testville"@en', '"Testville"', TESTVILLE, "rdfs:label", "DatatypeConstraintComponent"),
    Case("missing @lv label on a country", COUNTRY, ' , "Testzeme"@lv', "", i("country/testland"), "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("missing @lv label on an agreement", AGREEMENT, ',\n        "Daugavpils un Radomas papildu līgums (2003)"@lv', "", ADDITIONAL, "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("missing @lv label on a project", PROJECT, ' , "Testa projekts"@lv', "", TEST_PROJECT, "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("missing @lv label on a programme", PROGRAMME, ' , "Testa aktivitāte"@lv', "", i("programme/test-action"), "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("missing @lv label on a field", FIELD, 'rdfs:label "pupil exchange"@en , "skolēnu apmaiņa"@lv', 'rdfs:label "pupil exchange"@en', i("field/pupil-exchange"), "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("missing @en label on an event", EVENT, 'rdfs:label "Test seminar"@en', 'rdfs:label "Testa seminārs"@lv', SEMINAR, "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("missing @en label on an amount", PROJECT, 'rdfs:label "Total cost of the test project"@en', 'rdfs:label "Testa projekta kopējās izmaksas"@lv', TOTAL_COST, "rdfs:label", "QualifiedMinCountConstraintComponent"),
    Case("alternative label without language tag", MUNICIPALITY, '"Testvil"@en', '"Testvil"', TESTVILLE, "skos:altLabel", "DatatypeConstraintComponent"),
    # Provenance
    Case("missing provenance", MUNICIPALITY, f" ;\n    prov:wasDerivedFrom {SRC}", "", TESTVILLE, "prov:wasDerivedFrom", "MinCountConstraintComponent"),
    Case("provenance pointing to a non-SourceDocument", MUNICIPALITY, f"prov:wasDerivedFrom {SRC}", "prov:wasDerivedFrom country:latvia", TESTVILLE, "prov:wasDerivedFrom", "ClassConstraintComponent"),
    Case("provenance as text", MUNICIPALITY, f"prov:wasDerivedFrom {SRC}", 'prov:wasDerivedFrom "the city website"', TESTVILLE, "prov:wasDerivedFrom", "NodeKindConstraintComponent"),
    Case("missing provenance on a person", PERSON, f" ;\n    prov:wasDerivedFrom {SRC}", "", i("person/john-doe"), "prov:wasDerivedFrom", "MinCountConstraintComponent"),
    Case("missing provenance on an amount", PROJECT, f'schema:currency "EUR" ;\n    prov:wasDerivedFrom {SRC} .\n\namount:test-project-co-financing', 'schema:currency "EUR" .\n\namount:test-project-co-financing', TOTAL_COST, "prov:wasDerivedFrom", "MinCountConstraintComponent"),
    # Classes the gate knows, IRIs
    Case("misspelt class", MUNICIPALITY, "a coop:Municipality", "a coop:Municipalty", TESTVILLE, "rdf:type", "InConstraintComponent", "Warning"),
    Case("IRI slug not lower-case ASCII", MUNICIPALITY, "municipality:testville", "municipality:Test_Ville", i("municipality/Test_Ville"), None, "PatternConstraintComponent", "Warning"),
    # Municipality
    Case("municipality without country", MUNICIPALITY, "    coop:country country:latvia ;\n", "", TESTVILLE, "coop:country", "MinCountConstraintComponent"),
    Case("municipality with two countries", MUNICIPALITY, "coop:country country:latvia", "coop:country country:latvia , country:poland", TESTVILLE, "coop:country", "MaxCountConstraintComponent"),
    Case("municipality country that is a municipality", MUNICIPALITY, "coop:country country:latvia", "coop:country municipality:radom", TESTVILLE, "coop:country", "ClassConstraintComponent"),
    Case("latitude out of range", MUNICIPALITY, '"55.1"^^xsd:decimal', '"95.1"^^xsd:decimal', TESTVILLE, "geo:lat", "MaxInclusiveConstraintComponent"),
    Case("longitude as text", MUNICIPALITY, '"26.5"^^xsd:decimal', '"26.5 E"', TESTVILLE, "geo:long", "DatatypeConstraintComponent"),
    Case("web address as text", MUNICIPALITY, "schema:url <http://www.testville.example>", 'schema:url "www.testville.example"', TESTVILLE, "schema:url", "NodeKindConstraintComponent"),
    Case("web address not http", MUNICIPALITY, "schema:url <http://www.testville.example>", "schema:url <ftp://www.testville.example>", TESTVILLE, "schema:url", "PatternConstraintComponent"),
    Case("exact match as text", MUNICIPALITY, "skos:exactMatch wd:Q1", 'skos:exactMatch "Q1"', TESTVILLE, "skos:exactMatch", "NodeKindConstraintComponent"),
    # Country
    Case("ISO code in lower case", COUNTRY, '"TST"', '"tst"', i("country/testland"), "coop:iso3166Alpha3", "PatternConstraintComponent"),
    # Organisation
    Case("organisation located in a country", ORGANISATION, "coop:locatedIn municipality:radom", "coop:locatedIn country:poland", i("organisation/test-office"), "coop:locatedIn", "ClassConstraintComponent"),
    # Agreements
    Case("agreement without coop:concluded", AGREEMENT, '    coop:concluded "2003-11-17"^^xsd:date ;\n', "", ADDITIONAL, "coop:concluded", "MinCountConstraintComponent"),
    Case("agreement with two conclusion dates", AGREEMENT, '"2003-11-17"^^xsd:date', '"2003-11-17"^^xsd:date , "2003"^^xsd:gYear', ADDITIONAL, "coop:concluded", "MaxCountConstraintComponent"),
    Case("concluded as a plain string", AGREEMENT, '"2003-11-17"^^xsd:date', '"17 November 2003"', ADDITIONAL, "coop:concluded", "OrConstraintComponent"),
    Case("concluded as xsd:dateTime", AGREEMENT, '"2003-11-17"^^xsd:date', '"2003-11-17T00:00:00"^^xsd:dateTime', ADDITIONAL, "coop:concluded", "OrConstraintComponent"),
    Case("concluded without a year (xsd:gMonthDay)", AGREEMENT, '"2003-11-17"^^xsd:date', '"--11-17"^^xsd:gMonthDay', ADDITIONAL, "coop:concluded", "OrConstraintComponent"),
    Case("concluded with an impossible month", AGREEMENT, '"2003-11-17"^^xsd:date', '"2003-13"^^xsd:gYearMonth', ADDITIONAL, "coop:concluded", "PatternConstraintComponent"),
    Case("concluded on an impossible day", AGREEMENT, '"2003-11-17"^^xsd:date', '"2003-11-31"^^xsd:date', ADDITIONAL, "coop:concluded", "OrConstraintComponent"),
    Case("agreement with one party", AGREEMENT, "coop:party municipality:daugavpils , municipality:radom", "coop:party municipality:daugavpils", ADDITIONAL, "coop:party", "MinCountConstraintComponent"),
    Case("party that is a Country", AGREEMENT, "municipality:daugavpils , municipality:radom", "municipality:daugavpils , country:poland", ADDITIONAL, "coop:party", "ClassConstraintComponent"),
    Case("parties that are the same place", TWIN, "skos:exactMatch wd:Q1", "skos:exactMatch wd:Q80021", i("agreement/daugavpils-testville-2001"), "coop:party", "SPARQLConstraintComponent"),
    Case("field not in the controlled scheme", FIELD, "skos:inScheme scheme:fields-of-cooperation", "skos:inScheme scheme:other-scheme", i("field/pupil-exchange"), "skos:inScheme", "HasValueConstraintComponent"),
    Case("field that is not a field of cooperation", AGREEMENT, "coop:field field:education", "coop:field country:poland", ADDITIONAL, "coop:field", "ClassConstraintComponent"),
    Case("field as stated without language tag", AGREEMENT, '"education, culture and sport"@en', '"education, culture and sport"', ADDITIONAL, "coop:fieldAsStated", "DatatypeConstraintComponent"),
    Case("agreement without field", AGREEMENT, "    coop:field field:education ;\n", "", ADDITIONAL, "coop:field", "MinCountConstraintComponent", "Warning"),
    Case("supplements something that is not an agreement", AGREEMENT, "coop:supplements agreement:daugavpils-radom-1993", "coop:supplements municipality:radom", ADDITIONAL, "coop:supplements", "ClassConstraintComponent"),
    Case("additional agreement concluded before the one it supplements", AGREEMENT, '"2003-11-17"^^xsd:date', '"1993-11"^^xsd:gYearMonth', ADDITIONAL, "coop:concluded", "SPARQLConstraintComponent"),
    Case("agreement that supplements itself", AGREEMENT, "coop:supplements agreement:daugavpils-radom-1993", "coop:supplements agreement:daugavpils-radom-2003", ADDITIONAL, "coop:supplements", "SPARQLConstraintComponent"),
    # Other cooperations
    Case("cooperation without parties", COOPERATION, "    coop:party municipality:daugavpils , municipality:radom ;\n", "", i("cooperation/daugavpils-testville"), "coop:party", "MinCountConstraintComponent"),
    Case("cooperation start without a year", COOPERATION, '"2018"^^xsd:gYear', '"--04"^^xsd:gMonth', i("cooperation/daugavpils-testville"), "schema:startDate", "OrConstraintComponent"),
    # Fields of cooperation
    Case("field without Latvian preferred label", FIELD, 'skos:prefLabel "pupil exchange"@en , "skolēnu apmaiņa"@lv', 'skos:prefLabel "pupil exchange"@en', i("field/pupil-exchange"), "skos:prefLabel", "QualifiedMinCountConstraintComponent"),
    Case("field with two English preferred labels", FIELD, 'skos:prefLabel "pupil exchange"@en', 'skos:prefLabel "pupil exchange"@en , "pupils exchange"@en', i("field/pupil-exchange"), "skos:prefLabel", "UniqueLangConstraintComponent"),
    Case("broader field that is not a field", FIELD, "skos:broader field:education", "skos:broader country:latvia", i("field/pupil-exchange"), "skos:broader", "ClassConstraintComponent"),
    # Projects
    Case("project participant that is a Country", PROJECT, "coop:partner municipality:radom", "coop:participant country:poland", TEST_PROJECT, "coop:participant", "OrConstraintComponent"),
    Case("project partner that is a Country", PROJECT, "coop:partner municipality:radom", "coop:partner country:poland", TEST_PROJECT, "coop:partner", "OrConstraintComponent"),
    Case("lead partner that is a person", PROJECT, "coop:leadPartner organisation:daugavpils-city-council", "coop:leadPartner person:jane-doe", TEST_PROJECT, "coop:leadPartner", "OrConstraintComponent"),
    Case("project with two lead partners", PROJECT, "coop:leadPartner organisation:daugavpils-city-council", "coop:leadPartner organisation:daugavpils-city-council , municipality:daugavpils", TEST_PROJECT, "coop:leadPartner", "MaxCountConstraintComponent", "Warning"),
    Case("project without participants", PROJECT, "    coop:leadPartner organisation:daugavpils-city-council ;\n    coop:partner municipality:radom ;\n", "", TEST_PROJECT, "coop:participant|coop:leadPartner|coop:partner|coop:associatedPartner", "MinCountConstraintComponent", "Warning"),
    Case("project without funding programme", PROJECT, "    coop:fundedBy programme:base-programme ;\n", "", TEST_PROJECT, "coop:fundedBy", "MinCountConstraintComponent", "Warning"),
    Case("project funded by an organisation", PROJECT, "coop:fundedBy programme:base-programme", "coop:fundedBy organisation:daugavpils-city-council", TEST_PROJECT, "coop:fundedBy", "ClassConstraintComponent"),
    Case("project with two identifiers", PROJECT, 'dcterms:identifier "TP-1575"', 'dcterms:identifier "TP-1575" , "TP-1576"', TEST_PROJECT, "dcterms:identifier", "MaxCountConstraintComponent"),
    Case("partner country that is a municipality", PROJECT, "coop:partnerCountry country:poland", "coop:partnerCountry municipality:radom", TEST_PROJECT, "coop:partnerCountry", "ClassConstraintComponent"),
    Case("number of partners as a decimal", PROJECT, '"3"^^xsd:integer', '"3.0"^^xsd:decimal', TEST_PROJECT, "coop:numberOfPartners", "DatatypeConstraintComponent"),
    Case("funding percentage over 100", PROJECT, '"100"^^xsd:decimal', '"110"^^xsd:decimal', TEST_PROJECT, "coop:fundingPercentage", "MaxInclusiveConstraintComponent"),
    Case("objective without language tag", PROJECT, '"To test."@en', '"To test."', TEST_PROJECT, "coop:objective", "DatatypeConstraintComponent"),
    Case("budget that is not an amount", PROJECT, "coop:budget amount:test-project-total-cost", "coop:budget programme:base-programme", TEST_PROJECT, "coop:budget", "ClassConstraintComponent"),
    Case("project start as xsd:dateTime", PROJECT, '"2019-01-15"^^xsd:date', '"2019-01-15T09:00:00"^^xsd:dateTime', TEST_PROJECT, "schema:startDate", "OrConstraintComponent"),
    Case("project ending before it starts", PROJECT, '"2020-01"^^xsd:gYearMonth', '"2018-12"^^xsd:gYearMonth', TEST_PROJECT, "schema:endDate", "SPARQLConstraintComponent"),
    Case("project with two end dates", PROJECT, '"2020-01"^^xsd:gYearMonth', '"2020-01"^^xsd:gYearMonth , "2020"^^xsd:gYear', TEST_PROJECT, "schema:endDate", "MaxCountConstraintComponent"),
    # Amounts
    Case("budget without currency", PROJECT, '"138000"^^xsd:decimal ;\n    schema:currency "EUR" ;', '"138000"^^xsd:decimal ;', TOTAL_COST, "schema:currency", "MinCountConstraintComponent"),
    Case("budget value as string", PROJECT, '"138000"^^xsd:decimal', '"138 000"', TOTAL_COST, "schema:value", "DatatypeConstraintComponent"),
    Case("budget without value", PROJECT, '    schema:value "138000"^^xsd:decimal ;\n', "", TOTAL_COST, "schema:value", "MinCountConstraintComponent"),
    Case("negative amount", PROJECT, '"138000"^^xsd:decimal', '"-138000"^^xsd:decimal', TOTAL_COST, "schema:value", "MinInclusiveConstraintComponent"),
    Case("currency as a sign", PROJECT, 'schema:currency "EUR" ;\n    prov:wasDerivedFrom source:0000000000000001 .\n\namount:test-project-co', 'schema:currency "€" ;\n    prov:wasDerivedFrom source:0000000000000001 .\n\namount:test-project-co', TOTAL_COST, "schema:currency", "PatternConstraintComponent"),
    Case("co-financing contributed by a country", PROJECT, "coop:contributedBy organisation:daugavpils-city-council", "coop:contributedBy country:latvia", i("amount/test-project-co-financing"), "coop:contributedBy", "OrConstraintComponent"),
    # Funding programmes
    Case("programme operated by a country", PROGRAMME, "coop:operator organisation:daugavpils-city-council", "coop:operator country:latvia", i("programme/test-action"), "coop:operator", "ClassConstraintComponent"),
    Case("programme funded by a municipality", PROGRAMME, "coop:funder organisation:daugavpils-city-council", "coop:funder municipality:radom", i("programme/test-action"), "coop:funder", "OrConstraintComponent"),
    Case("programme part of a project", PROGRAMME, "coop:partOfProgramme programme:base-programme", "coop:partOfProgramme project:base-project", i("programme/test-action"), "coop:partOfProgramme", "ClassConstraintComponent"),
    Case("programme start without a year", PROGRAMME, '"2014"^^xsd:gYear', '"--01"^^xsd:gMonth', i("programme/test-action"), "schema:startDate", "OrConstraintComponent"),
    # Events
    Case("event date as xsd:dateTime", EVENT, '"--08-29"^^xsd:gMonthDay', '"2019-08-29T10:00:00"^^xsd:dateTime', SEMINAR, "schema:startDate", "OrConstraintComponent"),
    Case("event date as plain text", EVENT, '"--08-29"^^xsd:gMonthDay', '"29 August"', SEMINAR, "schema:startDate", "OrConstraintComponent"),
    Case("event in an impossible month", EVENT, '"--08-29"^^xsd:gMonthDay', '"--13"^^xsd:gMonth', SEMINAR, "schema:startDate", "PatternConstraintComponent"),
    Case("event with two start dates", EVENT, '"--08-29"^^xsd:gMonthDay', '"--08-29"^^xsd:gMonthDay , "--08"^^xsd:gMonth', SEMINAR, "schema:startDate", "MaxCountConstraintComponent"),
    Case("event without project", EVENT, "    coop:project project:base-project ;\n", "", SEMINAR, "coop:project", "MinCountConstraintComponent", "Warning"),
    Case("event of something that is not a project", EVENT, "coop:project project:base-project", "coop:project programme:base-programme", SEMINAR, "coop:project", "ClassConstraintComponent"),
    Case("event location as text", EVENT, "schema:location municipality:radom", 'schema:location "Radom"', SEMINAR, "schema:location", "NodeKindConstraintComponent"),
    Case("event performed by a country", EVENT, "schema:performer person:jane-doe", "schema:performer country:poland", SEMINAR, "schema:performer", "OrConstraintComponent"),
    Case("super-event that is not an event", EVENT, "schema:superEvent event:base-meeting", "schema:superEvent project:base-project", SEMINAR, "schema:superEvent", "ClassConstraintComponent"),
    Case("description without language tag", EVENT, '"A seminar."@en', '"A seminar."', SEMINAR, "schema:description", "DatatypeConstraintComponent"),
    # Source documents
    Case("source document without identifier", SOURCE, ' ;\n    dcterms:identifier "004_00000000000000ff.txt"', "", i("source/00000000000000ff"), "dcterms:identifier", "MinCountConstraintComponent"),
    Case("source document identifier with a language tag", SOURCE, '"004_00000000000000ff.txt"', '"004_00000000000000ff.txt"@en', i("source/00000000000000ff"), "dcterms:identifier", "DatatypeConstraintComponent"),
    # Claims
    Case("stated count as words", CLAIM, '"18"^^xsd:integer', '"eighteen"', i("claim/test-count"), "coop:statedCount", "DatatypeConstraintComponent"),
    Case("stated count negative", CLAIM, '"18"^^xsd:integer', '"-18"^^xsd:integer', i("claim/test-count"), "coop:statedCount", "MinInclusiveConstraintComponent"),
    Case("stated count in another integer type", CLAIM, '"18"^^xsd:integer', '"18"^^xsd:nonNegativeInteger', i("claim/test-count"), "coop:statedCount", "DatatypeConstraintComponent"),
    Case("number of partners negative", PROJECT, '"3"^^xsd:integer', '"-3"^^xsd:integer', TEST_PROJECT, "coop:numberOfPartners", "MinInclusiveConstraintComponent"),
    # People
    Case("person working for a project", PERSON, "schema:worksFor organisation:daugavpils-city-council", "schema:worksFor project:base-project", i("person/john-doe"), "schema:worksFor", "ClassConstraintComponent"),
    Case("person member of a country", PERSON, "schema:memberOf project:base-project", "schema:memberOf country:latvia", i("person/john-doe"), "schema:memberOf", "OrConstraintComponent"),
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_valid_snippet_validates_without_any_result(name: str, check) -> None:
    report = check(SNIPPETS[name])
    assert report.results == (), report.as_text()


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_broken_snippet_is_reported(case: Case, check, shapes: Graph) -> None:
    assert case.snippet in SNIPPETS.values(), "the valid form must be one of the checked snippets"
    assert case.old in case.snippet and case.broken != case.snippet, "the edit must change the snippet"
    report = check(case.broken)
    expected = (case.focus, case.path, case.component, case.severity)
    assert expected in summary(report), report.as_text()
    assert report.conforms is (case.severity != "Violation")
    result = next(r for r in report.results if (r.focus, r.path, r.component, r.severity) == expected)
    own_messages = {str(m) for m in shapes.objects(None, SH.message)}
    assert result.message in own_messages or result.component == "SPARQLConstraintComponent", result.message


ACCEPTED = [
    ("event in a month without a year (xsd:gMonth)", EVENT, '"--08-29"^^xsd:gMonthDay', '"--04"^^xsd:gMonth'),
    ("event on a day without a year (xsd:gMonthDay)", EVENT, '"--08-29"^^xsd:gMonthDay', '"--12-31"^^xsd:gMonthDay'),
    ("event in a year", EVENT, '"--08-29"^^xsd:gMonthDay', '"2019"^^xsd:gYear'),
    ("project start in a month without a year", PROJECT, '"2019-01-15"^^xsd:date', '"--04"^^xsd:gMonth'),
    ("project end in the same year it starts", PROJECT, '"2020-01"^^xsd:gYearMonth', '"2019"^^xsd:gYear'),
    ("agreement concluded in a month (xsd:gYearMonth)", AGREEMENT, '"2003-11-17"^^xsd:date', '"2012-09"^^xsd:gYearMonth'),
    ("agreement concluded in a year (xsd:gYear)", AGREEMENT, '"2003-11-17"^^xsd:date', '"2003"^^xsd:gYear'),
    ("amount in another currency", PROJECT, '"EUR"', '"NOK"'),
    ("project participant that is a municipality", PROJECT, "coop:partner municipality:radom", "coop:participant municipality:radom"),
    ("programme funded by a country", PROGRAMME, "coop:funder organisation:daugavpils-city-council", "coop:funder country:latvia"),
    ("labels with regional language tags", MUNICIPALITY, '"Testville"@en', '"Testville"@en-GB'),
]  # fmt: skip


@pytest.mark.parametrize("description, snippet, old, new", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_rulebook_variants_are_accepted(description: str, snippet: str, old: str, new: str, check) -> None:
    assert old in snippet
    report = check(snippet.replace(old, new, 1))
    assert report.results == (), report.as_text()


def test_shapes_see_subclasses_through_the_ontology(base: Graph, shapes: Graph, hierarchy: Graph) -> None:
    """Without the ontology a coop:Meeting is not a coop:Event, so the event date rule does not see it."""
    data = Graph()
    for triple in base:
        data.add(triple)
    data.set((ID["event/base-meeting"], SCHEMA.startDate, Literal("2019-04-01T10:00:00", datatype=XSD.dateTime)))
    without = validate(data, shapes)
    with_ontology = validate(data, shapes, hierarchy)
    meeting = str(ID["event/base-meeting"])
    precision = (meeting, "schema:startDate", "OrConstraintComponent", "Violation")
    assert precision not in summary(without)
    assert precision in summary(with_ontology)


def test_a_violation_found_in_the_curated_data_points_to_its_file(
    data: Graph, shapes: Graph, ontology: Graph, sources: Sources
) -> None:
    broken = Graph()
    for triple in data:
        broken.add(triple)
    vanersborg = ID["municipality/vanersborg"]  # described in places.ttl (the partners of agreements.csv are not)
    broken.remove((vanersborg, COOP.country, None))
    report = validate(broken, shapes, ontology, origins=locate_subjects(sources.data_files()))
    result = next(r for r in report.violations() if r.focus == str(vanersborg))
    assert result.source_file is not None and result.source_file.name == "places.ttl"
    assert result.line is not None
    line = result.source_file.read_text(encoding="utf-8").splitlines()[result.line - 1]
    assert line.startswith("municipality:vanersborg")
