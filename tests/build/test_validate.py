"""coopgraph.build.validate: the report names file and line, reads well, and leaves its inputs alone.

These tests use small inline shapes, not the project's, so they test the
function and not the rulebook (tests/curated/test_shapes.py does that).
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

import coopgraph.build.validate
from coopgraph.build.validate import ValidationReport, Violation, curie, locate_subjects, validate
from coopgraph.namespaces import COOP, ID, SH

PREFIXES = """\
@prefix coop:         <https://w3id.org/coopgraph/ontology#> .
@prefix coop-shapes:  <https://w3id.org/coopgraph/shapes#> .
@prefix municipality: <https://w3id.org/coopgraph/id/municipality/> .
@prefix country:      <https://w3id.org/coopgraph/id/country/> .
@prefix ex:           <http://example.org/> .
@prefix rdfs:         <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema:       <https://schema.org/> .
@prefix sh:           <http://www.w3.org/ns/shacl#> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix wd:           <http://www.wikidata.org/entity/> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
"""

SHAPES = (
    PREFIXES
    + """
coop-shapes:Municipality a sh:NodeShape ;
    sh:targetClass coop:Municipality ;
    sh:property coop-shapes:country , coop-shapes:founded , coop-shapes:coordinates .

coop-shapes:country a sh:PropertyShape ;
    sh:path coop:country ;
    sh:minCount 1 ;
    sh:message "A municipality must name its country."@en , "Pašvaldībai jānorāda valsts."@lv .

coop-shapes:founded a sh:PropertyShape ;
    sh:path ex:founded ;
    sh:datatype xsd:gYear ;
    sh:message "The founding year must be an xsd:gYear."@en .

coop-shapes:coordinates a sh:PropertyShape ;
    sh:path ex:lat ;
    sh:maxCount 1 ;
    sh:severity sh:Warning ;
    sh:message "More than one latitude."@en .

coop-shapes:Event a sh:NodeShape ;
    sh:targetClass coop:Event ;
    sh:property [
        sh:path [ sh:alternativePath ( coop:project [ sh:inversePath ex:hasEvent ] ) ] ;
        sh:minCount 1 ;
        sh:message "An event belongs to a project."@en
    ] .

coop-shapes:Other a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:p ; sh:class ex:Kind ; sh:message "Not a kind."@en ] .
"""
)

ONTOLOGY = (
    PREFIXES
    + """
coop:Meeting rdfs:subClassOf coop:Event .
"""
)

RADOM = str(ID["municipality/radom"])


def graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data=SHAPES, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=ONTOLOGY, format="turtle")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Where: file and line
# ---------------------------------------------------------------------------


def test_report_names_file_and_line(tmp_path: Path, shapes: Graph) -> None:
    alignment = write(
        tmp_path / "alignment.ttl",
        PREFIXES + "\n# external links\nmunicipality:radom skos:exactMatch wd:Q104740 .\n",
    )
    places = write(
        tmp_path / "places.ttl",
        PREFIXES
        + "\n# Municipalities\n\n"
        + "municipality:daugavpils\n    a coop:Municipality ;\n    coop:country country:latvia .\n\n"
        + 'municipality:radom\n    a coop:Municipality ;\n    rdfs:label "Radom"@en .\n',
    )
    radom_line = places.read_text(encoding="utf-8").splitlines().index("municipality:radom") + 1
    files = [alignment, places]  # alignment.ttl comes first, but places.ttl types Radom
    data = Graph()
    for path in files:
        data.parse(path, format="turtle")

    report = validate(data, shapes, origins=locate_subjects(files))

    (result,) = report.violations()
    assert result.focus == RADOM
    assert result.source_file == places
    assert result.line == radom_line
    assert result.where == f"{places}:{radom_line}"
    assert f"{places}:{radom_line}: Violation" in report.as_text()


def test_locate_subjects_reads_prefixes_iris_and_escapes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.ttl",
        """\
@prefix ex: <http://example.org/> .
PREFIX id: <https://w3id.org/coopgraph/id/>
@prefix : <http://example.org/empty#> .
@base <http://example.org/base/> .

ex:first ex:p ex:o .
<http://example.org/full> ex:p ex:o .
id:municipality\\/radom ex:p ex:o .
<relative> ex:p ex:o .
:local ex:p ex:o .
ex:described-twice ex:p ex:o .
ex:described-twice ex:q ex:o .
ex:multiline ex:text \"\"\"first line
ex:not-a-subject is text inside a string
\"\"\" .
ex:objects ex:p
ex:object-on-its-own-line .
ex:inline ex:p ex:o . ex:second-on-line ex:p ex:o .
[] ex:p ex:blank .
""",
    )
    found = locate_subjects([path])
    assert found["http://example.org/first"] == (path, 6)
    assert found["http://example.org/full"] == (path, 7)
    assert found[str(ID["municipality/radom"])] == (path, 8)
    assert found["http://example.org/base/relative"] == (path, 9)
    assert found["http://example.org/empty#local"] == (path, 10)
    assert found["http://example.org/described-twice"] == (path, 11)
    assert found["http://example.org/multiline"] == (path, 13)
    assert "http://example.org/not-a-subject" not in found
    assert "http://example.org/object-on-its-own-line" not in found  # an object, though at the line start
    assert found["http://example.org/second-on-line"] == (path, None)  # a subject, but not at a line start
    assert all(not key.startswith("_:") for key in found)


def test_locate_subjects_reads_n_triples(tmp_path: Path) -> None:
    path = write(
        tmp_path / "data.nt",
        "<http://example.org/a> <http://example.org/p> <http://example.org/o> .\n"
        "_:b <http://example.org/p> <http://example.org/a> .\n"
        '<http://example.org/c> <http://example.org/p> "x" .\n'
        "<http://example.org/a> <http://example.org/q> <http://example.org/o> .\n",
    )
    assert locate_subjects([path]) == {
        "http://example.org/a": (path, 1),
        "http://example.org/c": (path, 3),
    }


def test_locate_subjects_first_file_wins_unless_another_gives_the_type(tmp_path: Path) -> None:
    one = write(tmp_path / "one.ttl", PREFIXES + "ex:a ex:p ex:o .\nex:b ex:p ex:o .\n")
    two = write(tmp_path / "two.ttl", PREFIXES + "ex:a ex:q ex:o .\n\nex:b a ex:Thing .\n")
    found = locate_subjects([one, two])
    assert found["http://example.org/a"] == (one, PREFIXES.count("\n") + 1)
    assert found["http://example.org/b"] == (two, PREFIXES.count("\n") + 3)


def test_locate_subjects_scans_a_file_that_does_not_parse(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.ttl", PREFIXES + "ex:a ex:p ex:o .\nex:b ex:p ex:o ;;; ???\n")
    found = locate_subjects([path])
    assert found["http://example.org/a"] == (path, PREFIXES.count("\n") + 1)


def test_origins_are_optional(shapes: Graph) -> None:
    report = validate(graph("municipality:radom a coop:Municipality ."), shapes)
    (result,) = report.results
    assert (result.source_file, result.line, result.where) == (None, None, "<unknown>")


# ---------------------------------------------------------------------------
# What: the fields of a result
# ---------------------------------------------------------------------------


def test_result_fields(shapes: Graph) -> None:
    data = graph('municipality:radom a coop:Municipality ; coop:country country:poland ; ex:founded "1155"^^xsd:date .')
    (result,) = validate(data, shapes).results
    assert result == Violation(
        focus=RADOM,
        path="http://example.org/founded",  # no coopgraph prefix fits, so the full IRI
        message="The founding year must be an xsd:gYear.",
        severity="Violation",
        shape="coop-shapes:founded",
        component="DatatypeConstraintComponent",
        value='"1155"^^xsd:date',
        source_file=None,
        line=None,
    )


def test_message_prefers_english(shapes: Graph) -> None:
    (result,) = validate(graph("municipality:radom a coop:Municipality ."), shapes).results
    assert result.message == "A municipality must name its country."
    assert result.path == "coop:country"
    assert result.value is None


def test_paths_are_written_in_sparql_syntax(shapes: Graph, ontology: Graph) -> None:
    report = validate(graph("ex:meeting a coop:Meeting ."), shapes, ontology)
    (result,) = report.results
    assert result.path == "coop:project|^http://example.org/hasEvent"
    assert result.component == "MinCountConstraintComponent"
    assert result.shape.startswith("_:")  # an anonymous shape is named by its blank node


def test_blank_node_focus(shapes: Graph) -> None:
    data = Graph()
    node = BNode()
    data.add((node, RDF.type, COOP.Municipality))
    (result,) = validate(data, shapes, origins={f"_:{node}": (Path("x.ttl"), 1)}).results
    assert result.focus == f"_:{node}"
    assert result.source_file is None  # blank nodes have no stable label across parses


def test_curie() -> None:
    assert curie(str(COOP.country)) == "coop:country"
    assert curie("https://w3id.org/coopgraph/shapes#Municipality-country") == "coop-shapes:Municipality-country"
    assert curie(str(ID["municipality/radom"])) == str(ID["municipality/radom"])  # "/" is not a CURIE local name
    assert curie("http://example.org/x") == "http://example.org/x"


# ---------------------------------------------------------------------------
# Conformance and severities
# ---------------------------------------------------------------------------


def test_violations_do_not_conform(shapes: Graph) -> None:
    report = validate(graph("municipality:radom a coop:Municipality ."), shapes)
    assert report.conforms is False
    assert len(report.violations()) == 1 and report.warnings() == ()


def test_warnings_alone_conform(shapes: Graph) -> None:
    data = graph("municipality:radom a coop:Municipality ; coop:country country:poland ; ex:lat 51.4 , 51.5 .")
    report = validate(data, shapes)
    assert report.conforms is True
    assert report.violations() == ()
    (warning,) = report.warnings()
    assert (warning.severity, warning.path, warning.component) == (
        "Warning",
        "http://example.org/lat",
        "MaxCountConstraintComponent",
    )
    assert "Conforms: yes (1 warning)" in report.as_text()


def test_results_are_sorted_violations_first(shapes: Graph) -> None:
    data = graph(
        "municipality:radom a coop:Municipality ; ex:lat 1.0 , 2.0 .\n"
        "municipality:ahead a coop:Municipality ; coop:country country:x ; ex:lat 1.0 , 2.0 .\n"
    )
    severities = [r.severity for r in validate(data, shapes).results]
    assert severities == ["Violation", "Warning", "Warning"]


def test_ontology_subclasses_are_used(shapes: Graph, ontology: Graph) -> None:
    data = graph("ex:meeting a coop:Meeting .")
    assert validate(data, shapes).conforms is True
    assert validate(data, shapes, ontology).conforms is False


def test_empty_graphs_conform() -> None:
    report = validate(Graph(), Graph())
    assert report == ValidationReport(conforms=True, results=())
    assert report.as_text() == "Conforms: yes\n"


# ---------------------------------------------------------------------------
# Outputs: text and graph
# ---------------------------------------------------------------------------


def test_as_text_contains_focus_path_and_message(shapes: Graph) -> None:
    report = validate(graph("municipality:radom a coop:Municipality ."), shapes)
    text = report.as_text()
    assert text.startswith("Conforms: no (1 violation)")
    assert f"focus:   {RADOM}" in text
    assert "path:    coop:country" in text
    assert "message: A municipality must name its country." in text
    assert "coop-shapes:country (MinCountConstraintComponent)" in text


def test_as_graph_is_the_shacl_report(shapes: Graph) -> None:
    data = graph("municipality:radom a coop:Municipality ; ex:lat 1.0 , 2.0 .")
    report = validate(data, shapes)
    result_graph = report.as_graph()
    (node,) = result_graph.subjects(RDF.type, SH.ValidationReport)
    assert result_graph.value(node, SH.conforms) == Literal(False)
    results = list(result_graph.objects(node, SH.result))
    assert len(results) == len(report.results) == 2
    focus = {result_graph.value(r, SH.focusNode) for r in results}
    assert focus == {URIRef(RADOM)}
    result_graph.remove((None, None, None))
    assert len(report.as_graph()) > 0  # each call returns a fresh copy


def test_as_graph_of_a_hand_made_report() -> None:
    result_graph = ValidationReport(conforms=True, results=()).as_graph()
    (node,) = result_graph.subjects(RDF.type, SH.ValidationReport)
    assert result_graph.value(node, SH.conforms) == Literal(True)


# ---------------------------------------------------------------------------
# Inputs are left alone
# ---------------------------------------------------------------------------


def snapshot(g: Graph) -> tuple[int, set]:
    return len(g), set(g)


def test_validate_does_not_modify_its_inputs(shapes: Graph, ontology: Graph) -> None:
    data = graph("municipality:radom a coop:Municipality .\nex:meeting a coop:Meeting .")
    before = snapshot(data), snapshot(shapes), snapshot(ontology)
    validate(data, shapes, ontology)
    assert (snapshot(data), snapshot(shapes), snapshot(ontology)) == before


def test_shapes_with_rules_do_not_write_into_the_data() -> None:
    rules = Graph().parse(
        data=PREFIXES
        + """
ex:Rule a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:seen ; sh:object ex:yes ] ;
    sh:property [ sh:path ex:seen ; sh:minCount 1 ; sh:message "Seen."@en ] .
""",
        format="turtle",
    )
    data = graph("ex:a a ex:Thing .")
    before = snapshot(data), snapshot(rules)
    report = validate(data, rules)
    assert report.conforms is True  # the rule's triple was seen by validation ...
    assert (snapshot(data), snapshot(rules)) == before  # ... but not written into the input


def test_docstring_examples() -> None:
    failures, _ = doctest.testmod(coopgraph.build.validate)
    assert failures == 0


def test_rdfs_inference_leaves_the_datatypes_of_later_literals_alone() -> None:
    """The official DCAT-AP shapes run with inference; the curated data's dates validated after them still pass."""
    before = Literal("--04", datatype=XSD.gMonth)
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .""",
        format="turtle",
    )
    data = Graph().parse(data="<http://example.org/x> a <http://example.org/C> .", format="turtle")
    report = validate(data, shapes, inference=True)
    assert not report.conforms and [r.path for r in report.violations()] == ["http://example.org/p"]
    after = Literal("--04", datatype=XSD.gMonth)
    assert after.ill_typed is before.ill_typed and not after.ill_typed
