"""coopgraph.build.shapes_check: the compiled validator reports exactly what pyshacl reports.

pyshacl (coopgraph.build.validate) is the reference. Every graph is validated
both ways: the bundled data, every valid snippet and every broken variant of
tests/curated/test_shapes.py (built the way that module builds them), and a
few inline shapes without messages, for pyshacl's default texts and the less
common features. The two reports must be equal as sorted lists of results.

Two things are normalised before comparing, both facts of the store and not
of validation: blank-node labels (rdflib's and Oxigraph's differ) and the
lexical form of a literal value (Oxigraph keeps ``"3.0"^^xsd:decimal`` as
``"3"^^xsd:decimal``), which is compared in the store's canonical form.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Graph, Literal
from rdflib.namespace import NamespaceManager

import coopgraph.build.shapes_check
from coopgraph.build.shapes_check import validate_store
from coopgraph.build.shapes_compile import UnsupportedShape
from coopgraph.build.store import quads, to_oxigraph
from coopgraph.build.validate import CURIE_PREFIXES, ValidationReport, validate
from coopgraph.namespaces import DATA_GRAPH, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH, SCHEMA, SH
from coopgraph.sources.load import LoadError, graph_quads
from tests.curated.test_shapes import ACCEPTED, CASES, SNIPPETS, Case, base, hierarchy, turtle
from tests.curated.test_shapes import PREFIXES as RULEBOOK_PREFIXES

__all__ = ["base", "hierarchy"]  # fixtures of tests/curated/test_shapes.py, used here as they are there

DATA = ox.NamedNode(str(DATA_GRAPH))

CAUGHT_AT_LOAD = {"stated count in another integer type"}
"""Cases the store cannot see: Oxigraph stores ``"18"^^xsd:nonNegativeInteger`` as ``xsd:integer``. A
build never lets such a literal reach the store: the loader refuses it, with its line
(``sources.load.STORED_AS``), and these cases check that instead."""

Row = tuple[str, str, str, str, str, str, str]


def store_of(data: Graph) -> ox.Store:
    """An in-memory store holding ``data`` as the data graph, as the build writes it."""
    store = ox.Store()
    store.extend(quads(data, DATA_GRAPH))
    return store


def canonical(value: str | None) -> str:
    """A result's value as the store gives it back: a literal in Oxigraph's canonical form."""
    if value is None:
        return ""
    value = re.sub(r"^_:\S+", "_:", value)
    if not value.startswith('"'):
        return value
    declarations = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in CURIE_PREFIXES.items())
    parsed = next(Graph().parse(data=f"{declarations}<urn:s> <urn:p> {value} .", format="turtle").objects())
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), to_oxigraph(parsed)))
    stored = next(iter(store)).object
    assert isinstance(stored, ox.Literal)
    if stored.language:
        back = Literal(stored.value, lang=stored.language)
    elif stored.datatype.value == str(XSD.string):
        back = Literal(stored.value)
    else:
        back = Literal(stored.value, datatype=stored.datatype.value)
    return back.n3(_namespaces())


def _namespaces() -> NamespaceManager:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in CURIE_PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph.namespace_manager


def rows(report: ValidationReport) -> list[Row]:
    return sorted(
        (
            re.sub(r"^_:\S+", "_:", r.focus),
            r.path or "",
            canonical(r.value),
            r.component,
            r.severity,
            r.message,
            r.shape,
        )
        for r in report.results
    )


def assert_same(data: Graph, shapes: Graph, ontology: Graph | None) -> ValidationReport:
    expected = validate(data, shapes, ontology)
    compiled = validate_store(store_of(data), shapes, ontology, DATA)
    assert rows(compiled) == rows(expected)
    assert compiled.conforms is expected.conforms
    return compiled


def with_snippet(base: Graph, snippet: str) -> Graph:
    """The base graph plus a Turtle snippet, as tests/curated/test_shapes.py's ``check`` fixture builds it."""
    data = Graph()
    for triple in base:
        data.add(triple)
    for triple in turtle(snippet):
        data.add(triple)
    return data


# ---------------------------------------------------------------------------
# The project's shapes: the bundled data and every case of the rulebook tests
# ---------------------------------------------------------------------------


def test_bundled_data_gives_the_same_report(data: Graph, shapes: Graph, ontology: Graph) -> None:
    assert_same(data, shapes, ontology)


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_valid_snippet_gives_the_same_report(name: str, base: Graph, shapes: Graph, hierarchy: Graph) -> None:
    assert_same(with_snippet(base, SNIPPETS[name]), shapes, hierarchy)


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_broken_snippet_gives_the_same_report(
    case: Case, base: Graph, shapes: Graph, hierarchy: Graph, tmp_path: Path
) -> None:
    if case.description in CAUGHT_AT_LOAD:
        path = tmp_path / "snippet.ttl"
        path.write_text(RULEBOOK_PREFIXES + case.broken, encoding="utf-8")
        with pytest.raises(LoadError, match="xsd:integer"):
            list(graph_quads([path], DATA, "d"))
        return
    report = assert_same(with_snippet(base, case.broken), shapes, hierarchy)
    assert (case.focus, case.path, case.component, case.severity) in {
        (r.focus, r.path, r.component, r.severity) for r in report.results
    }


@pytest.mark.parametrize("description, snippet, old, new", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_variant_gives_the_same_report(
    description: str, snippet: str, old: str, new: str, base: Graph, shapes: Graph, hierarchy: Graph
) -> None:
    assert_same(with_snippet(base, snippet.replace(old, new, 1)), shapes, hierarchy)


@pytest.mark.parametrize("with_ontology", [True, False])
def test_subclasses_come_from_the_ontology(with_ontology: bool, base: Graph, shapes: Graph, hierarchy: Graph) -> None:
    data = with_snippet(base, "")
    data.set((ID["event/base-meeting"], SCHEMA.startDate, Literal("2019-04-01T10:00:00", datatype=XSD.dateTime)))
    report = assert_same(data, shapes, hierarchy if with_ontology else None)
    assert any(r.component == "OrConstraintComponent" for r in report.results) is with_ontology


def test_the_report_graph_has_one_result_per_violation(base: Graph, shapes: Graph, hierarchy: Graph) -> None:
    broken = next(c for c in CASES if c.description == "project without participants")
    data = with_snippet(base, broken.broken)
    report = validate_store(store_of(data), shapes, hierarchy, DATA)
    graph = report.as_graph()
    results = set(graph.subjects(None, SH.ValidationResult))
    assert len(results) == len(report.results) > 0
    for result in results:
        for predicate in (SH.focusNode, SH.sourceShape, SH.sourceConstraintComponent, SH.resultSeverity):
            assert graph.value(result, predicate) is not None
    path = next(p for p in (graph.value(r, SH.resultPath) for r in results) if isinstance(p, BNode))
    assert len(list(graph.items(graph.value(path, SH.alternativePath)))) == 4  # the path's structure is copied


def test_other_named_graphs_are_not_validated(base: Graph, shapes: Graph, hierarchy: Graph) -> None:
    broken = with_snippet(Graph(), next(c for c in CASES if c.description == "missing provenance").broken)
    store = store_of(base)
    for graph in (INFERRED_GRAPH, ONTOLOGY_GRAPH):
        store.extend(quads(broken, graph))
    assert validate_store(store, shapes, hierarchy, DATA).results == ()
    store.extend(quads(broken, DATA_GRAPH))
    assert validate_store(store, shapes, hierarchy, DATA).results != ()


# ---------------------------------------------------------------------------
# Inline shapes: pyshacl's default messages, less common features, refusals
# ---------------------------------------------------------------------------

PREFIXES = """\
@prefix ex:   <http://example.org/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

PLAIN_SHAPES = (
    PREFIXES
    + """
ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ; sh:targetNode ex:lonely ;
    sh:pattern "^http://example.org/[a-z]+$" ;
    sh:property ex:name , ex:size , ex:kind , ex:when , ex:friend , ex:tag , ex:label , ex:part , ex:bound .
ex:name a sh:PropertyShape ; sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string .
ex:size a sh:PropertyShape ; sh:path ex:size ; sh:minInclusive 0 ; sh:maxExclusive 10 ; sh:datatype xsd:integer .
ex:kind a sh:PropertyShape ; sh:path ex:kind ; sh:in ( ex:a ex:b "c" ) ; sh:nodeKind sh:IRI .
ex:when a sh:PropertyShape ; sh:path ex:when ;
    sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) .
ex:friend a sh:PropertyShape ; sh:path [ sh:inversePath ex:knows ] ; sh:class ex:Thing ; sh:minCount 2 .
ex:tag a sh:PropertyShape ; sh:path ( ex:part ex:tag ) ; sh:languageIn ( "en" "lv" ) ; sh:uniqueLang true .
ex:label a sh:PropertyShape ; sh:path rdfs:label ;
    sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 .
ex:part a sh:PropertyShape ; sh:path [ sh:zeroOrMorePath ex:part ] ; sh:hasValue ex:root ; sh:severity sh:Info .
ex:bound a sh:PropertyShape ; sh:path ex:size ; sh:maxInclusive 5 ; sh:minExclusive -1 ; sh:deactivated true .

ex:ObjectShape a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:nodeKind sh:IRI ; sh:severity sh:Warning .
ex:RootShape a sh:NodeShape ; sh:targetSubjectsOf ex:root ; sh:hasValue ex:root .
ex:SparqlShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [
        sh:select "SELECT $this ?value WHERE { $this ex:size ?value FILTER (isNumeric(?value) && ?value > 7) }" ;
        sh:prefixes ex:Prefixes ] .
ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""
)

PLAIN_DATA = (
    PREFIXES
    + """
ex:one a ex:Thing ; ex:name "One" , "Uno"@en ; ex:size 12 , "big" ; ex:kind ex:c , "c" ;
    ex:when "2003-11-31"^^xsd:date , "2003"^^xsd:gYear , "7.5"^^xsd:decimal ;
    ex:part [ ex:tag "x"@en , "y"@en , "z"@de ] ; rdfs:label "one"@en , "un"@fr .
ex:two a ex:Thing ; ex:size -3 ; ex:when "2003-02-28"^^xsd:date ; rdfs:label "two"@en , "deux"@en ;
    ex:root ex:root .
ex:Bad_Name a ex:Thing ; ex:name "bad" .
ex:one ex:knows ex:two , [ ex:name "anonymous" ] .
"""
)


def test_default_messages_and_other_features_match() -> None:
    shapes = Graph().parse(data=PLAIN_SHAPES, format="turtle")
    data = Graph().parse(data=PLAIN_DATA, format="turtle")
    report = assert_same(data, shapes, None)
    components = {r.component for r in report.results}
    assert {
        "MinCountConstraintComponent",
        "OrConstraintComponent",
        "QualifiedMaxCountConstraintComponent",
    } <= components
    assert all(r.message for r in report.results if r.component != "SPARQLConstraintComponent")


@pytest.mark.parametrize(
    "shape, feature",
    [
        ("a sh:NodeShape ; sh:closed true", "sh:closed"),
        ("a sh:NodeShape ; sh:xone ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] )", "sh:xone"),
        ("a sh:PropertyShape ; sh:path ex:name ; sh:equals ex:label", "sh:equals"),
        (
            'a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this a ex:Thing } }" ]',
            "MINUS",
        ),
    ],
)
def test_a_shape_using_an_unsupported_feature_is_refused(shape: str, feature: str) -> None:
    shapes = Graph().parse(data=PREFIXES + f"ex:Odd sh:targetClass ex:Thing ; {shape} .", format="turtle")
    data = Graph().parse(data=PREFIXES + 'ex:one a ex:Thing ; ex:name "a" .', format="turtle")
    with pytest.raises(UnsupportedShape, match=re.escape(feature)) as refused:
        validate_store(store_of(data), shapes, None, DATA)
    assert refused.value.shape == "http://example.org/Odd"


def test_doctests() -> None:
    assert doctest.testmod(coopgraph.build.shapes_check).failed == 0
