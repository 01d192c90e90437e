"""coopgraph.sources.sheet_facts: one row of agreements makes every resource it names."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from coopgraph.namespaces import COOP, EU_COUNTRY, ID
from coopgraph.sources.load import to_rdflib
from coopgraph.sources.project import Sources
from coopgraph.sources.sheet_read import SheetError
from tests.sheets import SOURCE, TARTU, new_project, write_rows

AGREEMENT = ID["agreement/valmiera-tartu-2020"]
TARTU_IRI = ID["municipality/tartu"]
VALMIERA = ID["municipality/valmiera"]
DECISION = ID["source/decision-17"]


def graph_of(tmp_path: Path, rows: list[dict[str, object]], turtle: str = "") -> Graph:
    root = new_project(tmp_path / "valmiera")
    write_rows(root / "data" / "sources.csv", [SOURCE])
    write_rows(root / "data" / "agreements.csv", rows)
    if turtle:
        (root / "data" / "curated.ttl").write_text(turtle, encoding="utf-8")
    graph = Graph()
    for quad in Sources(root).sheet_quads(ox.DefaultGraph()):
        graph.add((to_rdflib(quad.subject, {}), to_rdflib(quad.predicate, {}), to_rdflib(quad.object, {})))  # type: ignore[arg-type]
    return graph


def test_the_agreement_has_both_parties_its_date_its_fields_and_its_source(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, [TARTU])
    assert set(graph.objects(AGREEMENT, COOP.party)) == {TARTU_IRI, VALMIERA}
    assert graph.value(AGREEMENT, COOP.concluded) == Literal("2020-05-04", datatype=XSD.date)
    assert set(graph.objects(AGREEMENT, COOP.fieldAsStated)) == {
        Literal("culture", lang="en"),
        Literal("education", lang="en"),
    }
    assert set(graph.objects(AGREEMENT, COOP.field)) == {ID["field/culture"], ID["field/education"]}
    assert graph.value(AGREEMENT, PROV.wasDerivedFrom) == DECISION


def test_the_partner_gets_its_names_and_country_and_the_country_comes_from_iso(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, [{**TARTU, "wikidata": "Q13972", "latitude": "58.38"}])
    assert (TARTU_IRI, RDF.type, COOP.Municipality) in graph
    assert set(graph.objects(TARTU_IRI, RDFS.label)) == {Literal("Tartu", lang="en"), Literal("Tartu", lang="lv")}
    estonia = graph.value(TARTU_IRI, COOP.country)
    assert estonia == ID["country/estonia"]
    assert set(graph.objects(estonia, RDFS.label)) == {Literal("Estonia", lang="en"), Literal("Igaunija", lang="lv")}
    assert (estonia, SKOS.exactMatch, EU_COUNTRY["EST"]) in graph
    assert graph.value(TARTU_IRI, SKOS.exactMatch) == URIRef("http://www.wikidata.org/entity/Q13972")


def test_the_home_municipality_comes_from_coopgraph_toml(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, [TARTU])
    assert graph.value(VALMIERA, RDFS.label) is not None
    assert graph.value(VALMIERA, COOP.country) == ID["country/latvia"]
    assert graph.value(VALMIERA, PROV.wasDerivedFrom) == DECISION


def test_dates_are_typed_as_precisely_as_written(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, [{**TARTU, "concluded": "2020-05"}, {**TARTU, "partner": "Pärnu", "concluded": "1996"}])
    assert graph.value(AGREEMENT, COOP.concluded) == Literal("2020-05", datatype=XSD.gYearMonth)
    assert graph.value(ID["agreement/valmiera-parnu-1996"], COOP.concluded) == Literal("1996", datatype=XSD.gYear)


def test_an_existing_label_is_reused_and_new_wording_becomes_a_new_concept(tmp_path: Path) -> None:
    turtle = """
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/coopgraph/id/field/culture> a <https://w3id.org/coopgraph/ontology#FieldOfCooperation> ;
            skos:prefLabel "culture"@en ; skos:altLabel "cultural life"@en .
    """
    row = {**TARTU, "fields": "Cultural Life; youth work", "field_concepts_lv": "kultūras dzīve; darbs ar jaunatni"}
    graph = graph_of(tmp_path, [row], turtle)
    assert set(graph.objects(AGREEMENT, COOP.field)) == {ID["field/culture"], ID["field/youth-work"]}
    assert (ID["field/culture"], SKOS.prefLabel, None) not in graph  # described by the Turtle, not again
    youth = ID["field/youth-work"]
    assert set(graph.objects(youth, SKOS.prefLabel)) == {
        Literal("youth work", lang="en"),
        Literal("darbs ar jaunatni", lang="lv"),
    }
    assert graph.value(youth, SKOS.inScheme) == ID["scheme/fields-of-cooperation"]


def test_field_concepts_name_the_fields_the_wording_is_split_into(tmp_path: Path) -> None:
    row = {
        **TARTU,
        "fields": "culture and sport",
        "field_concepts": "culture; sport",
        "field_concepts_lv": "kultūra; sports",
    }
    graph = graph_of(tmp_path, [row])
    assert set(graph.objects(AGREEMENT, COOP.fieldAsStated)) == {Literal("culture and sport", lang="en")}
    assert set(graph.objects(AGREEMENT, COOP.field)) == {ID["field/culture"], ID["field/sport"]}


def test_the_iris_and_the_graph_do_not_depend_on_the_order_of_the_rows(tmp_path: Path) -> None:
    rows = [
        TARTU,
        {**TARTU, "partner": "Pärnu", "partner_lv": "Pērnava", "concluded": "1996", "fields": "Youth"},
        {**TARTU, "concluded": "2022-01-10", "supplements": "2020-05-04", "fields": "youth"},
    ]
    forward = graph_of(tmp_path / "a", rows)
    backward = graph_of(tmp_path / "b", rows[::-1])
    assert isomorphic(forward, backward)
    assert forward.value(ID["agreement/valmiera-tartu-2022"], COOP.supplements) == AGREEMENT


def test_an_agreement_named_twice_is_described_once(tmp_path: Path) -> None:
    once, twice = graph_of(tmp_path / "a", [TARTU]), graph_of(tmp_path / "b", [TARTU, TARTU])
    assert isomorphic(once, twice)


def test_a_partner_written_without_latin_letters_asks_for_an_id(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match=r'agreements.csv:2 column partner: "Тарту": .* give an id'):
        graph_of(tmp_path, [{**TARTU, "partner": "Тарту"}])
    graph = graph_of(tmp_path / "b", [{**TARTU, "partner": "Тарту", "partner_id": "tartu"}])
    assert (AGREEMENT, COOP.party, TARTU_IRI) in graph
