"""The dataset as served: every form parses and passes the DCAT-AP shapes; its links answer; its page."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, PROV, RDF

from coopgraph.build.validate import validate
from coopgraph.web.catalog.base import CATALOG_SHAPES, catalog_shapes
from tests.web.catalog.catalog_reading import (
    DATASET,
    DCTERMS_FORMAT,
    VOID,
    media,
    parse,
    recommended_missing,
)


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/dataset", "text/turtle", "text/turtle"),
        ("/dataset", "application/ld+json", "application/ld+json"),
        ("/dataset.jsonld", None, "application/ld+json"),
        ("/dataset.rdf", None, "application/rdf+xml"),
        ("/catalog", "text/turtle", "text/turtle"),
        ("/catalog.jsonld", None, "application/ld+json"),
        ("/.well-known/void", None, "text/turtle"),
        ("/.well-known/void", "*/*", "text/turtle"),
        ("/.well-known/void", "application/ld+json", "application/ld+json"),
    ],
)
def test_descriptions_parse_and_validate(server: str, path: str, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server + path, headers=headers, timeout=30)
    assert response.status_code == 200 and media(response) == expected
    graph = parse(response)
    report = validate(graph, catalog_shapes(), inference=True)
    assert report.conforms, report.as_text()
    assert not report.violations() and not report.warnings(), report.as_text()  # deprecated terms warn
    assert (URIRef("https://w3id.org/coopgraph/catalog"), RDF.type, DCAT.Catalog) in graph
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (DATASET, RDF.type, DCAT.Dataset) in graph


REFERENCE = Path(os.environ.get("COOPGRAPH_REFERENCE", "/work/shared/reference")) / "dcat-ap-3"


@pytest.mark.parametrize("name", ["dcat-ap-SHACL.ttl", "range.ttl", "shapes_recommended.ttl", "deprecateduris.ttl"])
def test_the_shapes_are_the_official_dcat_ap_3_files_unchanged(name: str) -> None:
    assert (CATALOG_SHAPES / "dcat-ap-3" / name).read_bytes() == (REFERENCE / name).read_bytes()


HOME = "https://w3id.org/coopgraph/id/municipality/daugavpils"
COUNTRY = "http://publications.europa.eu/resource/authority/country/LVA"
CANNOT_GIVE = {
    (HOME, "dcat:bbox"),  # the data holds the municipality's point, not its extent
    (COUNTRY, "dcat:bbox"),  # nor the country's extent
    (COUNTRY, "dcat:centroid"),  # nor the country's point
    ("https://w3id.org/coopgraph/", "dcterms:type"),  # no ADMS publisher type fits a software project
}
"""The recommended properties the data cannot give, each with why."""


@pytest.mark.parametrize("path", ["/dataset", "/catalog"])
def test_the_description_gives_every_recommended_property_the_data_allows(server: str, path: str) -> None:
    response = requests.get(server + path, headers={"Accept": "text/turtle"}, timeout=30)
    assert recommended_missing(parse(response)) == CANNOT_GIVE


def test_void_gives_a_browser_the_dataset_page(server: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = requests.get(f"{server}/.well-known/void", headers={"Accept": browser}, timeout=10)
    assert page.status_code == 200 and media(page) == "text/html"
    dataset = requests.get(f"{server}/dataset", headers={"Accept": browser}, timeout=10)
    assert page.text == dataset.text


def test_downloads_and_dumps_resolve_with_the_declared_media_type(server: str, description: Graph) -> None:
    downloads = {}
    for distribution in description.objects(DATASET, DCAT.distribution):
        url = str(description.value(distribution, DCAT.downloadURL))
        assert str(description.value(distribution, DCAT.accessURL)) == url
        declared = str(description.value(distribution, DCAT.mediaType))
        downloads[url] = declared.removeprefix("http://www.iana.org/assignments/media-types/")
        assert str(description.value(distribution, DCTERMS_FORMAT)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
    dumps = {str(url) for url in description.objects(DATASET, VOID.dataDump)}
    assert len(downloads) == 5 and set(downloads) == dumps
    for url, declared in downloads.items():
        assert url.startswith(server + "/dumps/")
        response = requests.get(url, timeout=30)  # requests accepts gzip
        assert response.status_code == 200, url
        assert media(response) == declared, url
        size = int(description.value(next(description.subjects(DCAT.downloadURL, URIRef(url))), DCAT.byteSize))
        assert int(response.headers["Content-Length"]) == size


def test_sparql_endpoint_of_the_description_answers(description: Graph, server: str) -> None:
    endpoint = str(description.value(DATASET, VOID.sparqlEndpoint))
    assert endpoint == f"{server}/sparql"
    service = next(description.subjects(RDF.type, DCAT.DataService))
    assert str(description.value(service, DCAT.endpointURL)) == endpoint
    assert (service, DCAT.servesDataset, DATASET) in description
    answer = requests.get(
        endpoint,
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_dataset_page_shows_the_description(server: str, description: Graph) -> None:
    response = requests.get(f"{server}/dataset", params={"lang": "lv"}, headers={"Accept": "text/html"}, timeout=10)
    assert response.status_code == 200 and media(response) == "text/html"
    text = html.unescape(response.text)
    assert "Daugavpils starptautiskā sadarbība" in text
    assert str(int(description.value(DATASET, VOID.triples))) in text
    assert "1993-12-17" in text and 'href="/dumps/coopgraph.nt.gz"' in text and 'href="/sparql"' in text


def test_dataset_page_lists_the_documents_the_data_is_derived_from(server: str, description: Graph) -> None:
    documents = set(description.objects(DATASET, PROV.wasDerivedFrom))
    assert len(documents) == 5
    page = requests.get(f"{server}/dataset", params={"lang": "lv"}, headers={"Accept": "text/html"}, timeout=10)
    found = re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a></li>', page.text.split('class="sources"')[1].split("</ul>")[0]
    )
    assert {server + href if href.startswith("/") else href for href, _ in found} == {
        str(d).replace("https://w3id.org/coopgraph", server) for d in documents
    }
    assert "Starptautiskā sadarbība" in {html.unescape(name) for _, name in found}  # 001's Latvian label
    assert "Iegūts no" in page.text


def test_home_navigation_endpoints_exist(server: str) -> None:
    response = requests.get(f"{server}/dataset", headers={"Accept": "text/html"}, timeout=10)
    assert re.search(r'href="/ontology\?lang=en"', response.text)
    assert re.search(r'href="/dataset\?lang=en"', response.text)
