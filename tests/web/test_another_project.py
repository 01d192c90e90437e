"""Another city adopts coopgraph by writing a settings file: nothing of Daugavpils reaches its pages.

A second project (tests/data/tartu: Tartu, Estonia, under its own base IRI,
with two agreements) is built and served by a real ``coopgraph serve``; its
home page, its dataset description (HTML and Turtle) and its map name Tartu and
nothing of the project the repository publishes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDFS

from coopgraph.build.pipeline import build
from coopgraph.build.validate import validate
from coopgraph.sources.project import Sources
from coopgraph.web.catalog.base import catalog_shapes
from tests.server import running_server
from tests.web.catalog.catalog_reading import recommended_missing

TARTU_PROJECT = Path(__file__).parents[1] / "data" / "tartu"
BASE = "https://data.tartu.example/coop/"
TARTU = URIRef(BASE + "id/municipality/tartu")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.fixture(scope="module")
def tartu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("tartu-dist")
    build(Sources(TARTU_PROJECT), out)
    with running_server(out, settings={"COOPGRAPH_PROJECT_DIR": str(TARTU_PROJECT)}) as url:
        yield url


def get(url: str, accept: str = "text/html") -> requests.Response:
    response = requests.get(url, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response


def test_the_home_page_names_tartu_and_not_daugavpils(tartu: str) -> None:
    page = get(tartu + "/?lang=en").text
    assert "daugavpils" not in page.lower()
    assert "<h1>Tartu international cooperation</h1>" in page
    assert "the international cooperation of the city of Tartu, Estonia" in page
    assert "Tartu pilsētas (Igaunija)" in page  # the Latvian intro beside it


def test_the_dataset_page_names_tartu_and_not_daugavpils(tartu: str) -> None:
    page = get(tartu + "/dataset?lang=en").text
    assert "daugavpils" not in page.lower()
    assert "Tartu international cooperation" in page and "Tartu City Government" in page
    assert "http://publications.europa.eu/resource/authority/country/EST" in page
    assert "Tartu foreign relations" in page and 'href="mailto:foreign@tartu.example"' in page


def test_the_dataset_description_is_tartu_s(tartu: str) -> None:
    body = get(tartu + "/dataset", accept="text/turtle").text
    assert "daugavpils" not in body.lower()
    graph = Graph().parse(data=body, format="turtle")
    dataset = URIRef(BASE + "dataset")  # the project's base, as the dataset_base setting defaults to it
    assert (dataset, DCTERMS.title, Literal("Tartu international cooperation", lang="en")) in graph
    spatial = set(graph.objects(dataset, DCTERMS.spatial))
    assert spatial == {TARTU, URIRef("http://publications.europa.eu/resource/authority/country/EST")}
    assert (TARTU, RDFS.label, Literal("Tartu", lang="en")) in graph
    owner = URIRef(BASE + "id/organisation/tartu-city-government")
    assert (owner, FOAF.name, Literal("Tartu City Government", lang="en")) in graph
    assert (owner, FOAF.homepage, URIRef("https://www.tartu.ee/")) in graph
    contact = next(graph.objects(dataset, DCAT.contactPoint))
    assert (contact, VCARD.hasEmail, URIRef("mailto:foreign@tartu.example")) in graph
    assert {str(k) for k in graph.objects(dataset, DCAT.keyword) if k.language == "en"} >= {"Tartu", "Estonia"}


def test_the_map_draws_tartu_s_partners(tartu: str) -> None:
    svg = get(tartu + "/map.svg?lang=en", accept="image/svg+xml").text
    assert "daugavpils" not in svg.lower()
    assert "Turku" in svg and "Uppsala" in svg and "Tartu" in svg
    timeline = get(tartu + "/timeline.svg?lang=en", accept="image/svg+xml").text
    assert "daugavpils" not in timeline.lower() and "Turku" in timeline


def test_a_canned_query_in_the_editor_is_bound_to_tartu(tartu: str) -> None:
    page = get(tartu + "/sparql").text
    assert f"VALUES ?home {{ \\u003c{TARTU}\\u003e }}" in page  # in the tabs' JSON, < and > escaped
    answer = requests.get(
        tartu + "/sparql",
        params={
            "query": "SELECT ?p WHERE { ?a coop:party <" + str(TARTU) + "> , ?p FILTER(?p != <" + str(TARTU) + ">) }"
        },
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()
    assert {b["p"]["value"] for b in answer["results"]["bindings"]} == {
        BASE + "id/municipality/turku",
        BASE + "id/municipality/uppsala",
    }


@pytest.mark.parametrize("path", ["/dataset", "/catalog"])
def test_tartu_s_description_passes_the_official_dcat_ap_3_shapes(tartu: str, path: str) -> None:
    graph = Graph().parse(data=get(tartu + path, accept="text/turtle").text, format="turtle")
    report = validate(graph, catalog_shapes(), inference=True)
    assert report.conforms and not report.results, report.as_text()
    country = "http://publications.europa.eu/resource/authority/country/EST"
    assert recommended_missing(graph) == {
        (str(TARTU), "dcat:bbox"),
        (country, "dcat:bbox"),
        (country, "dcat:centroid"),
        (BASE, "dcterms:type"),
    }
    assert (TARTU, DCAT.centroid, None) in graph
