"""coopgraph.sources.sheet_projects: programmes, projects, who takes part, and events, from their sheets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from coopgraph.build.pipeline import check
from coopgraph.namespaces import COOP, ID, SCHEMA
from coopgraph.sources.load import to_rdflib
from coopgraph.sources.project import Sources
from tests.sheets import SOURCE, TARTU, new_project, write_rows

PROJECT = ID["project/green-towns"]


def graph_of(tmp_path: Path) -> Graph:
    root = new_project(tmp_path / "valmiera")
    data = root / "data"
    write_rows(data / "sources.csv", [SOURCE])
    write_rows(data / "agreements.csv", [TARTU])
    write_rows(
        data / "programmes.csv",
        [
            {
                "name": "Interreg Estonia–Latvia",
                "name_lv": "Interreg Igaunija–Latvija",
                "operator": "Valmiera County",
                "start": "2021",
                "source": "decision-17",
            }
        ],
    )
    write_rows(
        data / "projects.csv",
        [
            {
                "name": "Green Towns",
                "name_lv": "Zaļās pilsētas",
                "code": "EL-01",
                "programme": "Interreg Estonia–Latvia",
                "start": "2022-03",
                "field_concepts": "environment",
                "field_concepts_lv": "vide",
                "source": "decision-17",
            }
        ],
    )
    write_rows(
        data / "participants.csv",
        [
            {"project": "green-towns", "participant": "Tartu", "role": "lead", "source": "decision-17"},
            {
                "project": "Green Towns",
                "participant": "Valga Rural Municipality",
                "participant_lv": "Valgas pagasts",
                "country": "EST",
                "source": "decision-17",
            },
        ],
    )
    write_rows(
        data / "events.csv",
        [
            {
                "name": "Kick-off in Tartu",
                "type": "meeting",
                "project": "Green Towns",
                "start": "--04",
                "location": "Tartu",
                "source": "decision-17",
            }
        ],
    )
    graph = Graph()
    for quad in Sources(root).sheet_quads(ox.DefaultGraph()):
        graph.add((to_rdflib(quad.subject, {}), to_rdflib(quad.predicate, {}), to_rdflib(quad.object, {})))  # type: ignore[arg-type]
    return graph


def test_a_project_is_funded_by_its_programme_and_dated_as_written(tmp_path: Path) -> None:
    graph = graph_of(tmp_path)
    programme = ID["programme/interreg-estonia-latvia"]
    assert graph.value(PROJECT, COOP.fundedBy) == programme and (programme, RDF.type, COOP.FundingProgramme) in graph
    assert graph.value(PROJECT, SCHEMA.startDate) == Literal("2022-03", datatype=XSD.gYearMonth)
    assert graph.value(programme, COOP.operator) == ID["organisation/valmiera-county"]
    assert graph.value(PROJECT, COOP.field) == ID["field/environment"]


def test_a_participant_takes_its_role_and_a_known_municipality_is_not_made_an_organisation(tmp_path: Path) -> None:
    graph = graph_of(tmp_path)
    assert graph.value(PROJECT, COOP.leadPartner) == ID["municipality/tartu"]
    valga = ID["organisation/valga-rural-municipality"]
    assert graph.value(PROJECT, COOP.participant) == valga
    assert (valga, RDF.type, COOP.Organisation) in graph and graph.value(valga, COOP.country) == ID["country/estonia"]


def test_an_event_has_its_kind_its_project_and_a_date_without_a_year(tmp_path: Path) -> None:
    graph = graph_of(tmp_path)
    event = ID["event/kick-off-in-tartu"]
    assert (event, RDF.type, COOP.Meeting) in graph and graph.value(event, COOP.project) == PROJECT
    assert graph.value(event, SCHEMA.startDate) == Literal("--04", datatype=XSD.gMonth)
    assert graph.value(event, SCHEMA.location) == ID["municipality/tartu"]
    assert graph.value(event, PROV.wasDerivedFrom) == ID["source/decision-17"]


def test_what_the_sheets_make_passes_the_shapes(tmp_path: Path) -> None:
    graph_of(tmp_path)
    report = check(Sources(tmp_path / "valmiera"))
    assert report.conforms, report.as_text()
