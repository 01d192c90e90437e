"""A resource's page: negotiated forms, Link headers, the RDF, what the HTML shows, escaping, errors."""

from __future__ import annotations

import json

import pytest
import requests
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from tests.web.pages.page_reading import (
    COOP,
    EVIL,
    ID,
    RDF_FORMATS,
    SAMPLES,
    SCHEMA,
    Page,
    get,
    html,
    link_header,
    rdf,
)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/html", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples", "application/n-triples"),
        ("text/html;q=0.5, text/turtle", "text/turtle"),
        ("text/turtle;q=0.2, application/ld+json;q=0.9", "application/ld+json"),
        ("application/rdf+xml;q=1, text/html;q=0.1", "application/rdf+xml"),
        ("text/*;q=0.9, application/n-triples", "application/n-triples"),
        ("*/*", "text/html"),
    ],
)
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_accept_chooses_the_media_type(server: str, kind: str, accept: str, media: str) -> None:
    response = get(server, "/id/" + SAMPLES[kind], accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_nothing_acceptable_is_406(server: str, kind: str) -> None:
    response = get(server, "/id/" + SAMPLES[kind], "image/png, text/csv;q=0.5")
    assert response.status_code == 406
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_link_headers_name_every_other_form(server: str, kind: str) -> None:
    page = get(server, "/id/" + SAMPLES[kind], "text/html")
    links = link_header(page)
    assert links["canonical"][0]["url"] == f"{server}/id/{SAMPLES[kind]}"
    alternates = {link["type"]: link["url"] for link in links["alternate"]}
    for suffix, (media, _) in RDF_FORMATS.items():
        assert alternates[media] == f"{server}/id/{SAMPLES[kind]}{suffix}"
    turtle = get(server, f"/id/{SAMPLES[kind]}.ttl")
    alternates = {link["type"]: link["url"] for link in link_header(turtle)["alternate"]}
    assert alternates["text/html"] == f"{server}/id/{SAMPLES[kind]}"
    assert "text/turtle" not in alternates and "application/ld+json" in alternates


@pytest.mark.parametrize("suffix", sorted(RDF_FORMATS))
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_rdf_form_parses_and_describes_the_resource(server: str, kind: str, suffix: str) -> None:
    media, rdflib_format = RDF_FORMATS[suffix]
    for response in (
        get(server, f"/id/{SAMPLES[kind]}{suffix}", "text/html"),
        get(server, f"/id/{SAMPLES[kind]}", media),
    ):
        assert response.status_code == 200
        assert response.headers["Content-Type"].split(";")[0] == media
        graph = Graph().parse(data=response.content, format=rdflib_format)
        subject = URIRef(ID + SAMPLES[kind])
        assert (subject, RDF.type, None) in graph
        assert (subject, RDFS.label, None) in graph
        assert not any(server in str(term) for triple in graph for term in triple), "the RDF keeps dataset IRIs"


def test_rdf_holds_the_cbd_the_labels_of_linked_resources_and_inferred_facts(server: str) -> None:
    radom = URIRef(ID + "municipality/radom")
    graph = rdf(server, "municipality/radom")
    assert (radom, URIRef(COOP + "country"), URIRef(ID + "country/poland")) in graph
    assert (URIRef(ID + "country/poland"), RDFS.label, Literal("Poland", lang="en")) in graph
    assert (radom, URIRef(COOP + "partnerOf"), URIRef(ID + "municipality/daugavpils")) in graph  # inferred
    agreement = URIRef(ID + "agreement/daugavpils-radom-1993")
    graph = rdf(server, "agreement/daugavpils-radom-1993")
    assert set(graph.objects(agreement, URIRef(COOP + "party"))) == {
        URIRef(ID + "municipality/radom"),
        URIRef(ID + "municipality/daugavpils"),
    }
    assert (URIRef(ID + "municipality/radom"), RDFS.label, Literal("Radoma", lang="lv")) in graph
    assert (URIRef(ID + "field/education"), RDFS.label, None) in graph
    project = URIRef(ID + "project/cities-of-change")
    graph = rdf(server, "project/cities-of-change")
    assert (project, RDF.type, URIRef(SCHEMA + "Project")) in graph
    assert (project, RDF.type, URIRef(COOP + "Project")) in graph
    # the CBD, and what points at the project: another resource's other statements are not in it
    assert not any(s != project and p != RDFS.label and o != project for s, p, o in graph)


def test_jsonld_keeps_dataset_iris(server: str) -> None:
    data = get(server, "/id/municipality/radom", "application/ld+json").json()
    nodes = {node["@id"]: node for node in (data if isinstance(data, list) else data.get("@graph", [data]))}
    assert ID + "municipality/radom" in nodes
    assert nodes[ID + "municipality/radom"]["coop:country"] == {"@id": ID + "country/poland"}


def test_page_shows_labels_in_the_readers_language(server: str) -> None:
    english = html(server, "/id/municipality/radom")
    assert english.texts("h1") == ["Radom"]
    assert "Poland" in english.texts("a")
    latvian = html(server, "/id/municipality/radom?lang=lv")
    assert latvian.texts("h1") == ["Radoma"]
    assert "Polija" in latvian.texts("a")
    by_header = html(server, "/id/municipality/radom", headers={"Accept-Language": "lv,en;q=0.5"})
    assert by_header.texts("h1") == ["Radoma"]
    # internal links keep the language
    internal = [
        a["href"]
        for a, _ in latvian.find("a")
        if a.get("href", "").startswith(server + "/id/") and not a["href"].endswith(tuple(RDF_FORMATS))
    ]  # the data itself does not depend on the language
    assert internal and all("lang=lv" in href for href in internal)


def test_page_links_map_the_dataset_base_to_this_server(server: str) -> None:
    page = html(server, "/id/municipality/radom")
    hrefs = [a.get("href", "") for a, _ in page.find("a")]
    assert not any(h.startswith(ID) for h in hrefs), "links go to this server, not to w3id.org"
    assert any(h.startswith(server + "/id/country/poland") for h in hrefs)
    external = [a for a, _ in page.find("a", "external")]
    assert any(a["href"] == "http://www.wikidata.org/entity/Q104740" for a in external)


def test_referenced_by_lists_the_agreements_with_their_labels(server: str) -> None:
    page = html(server, "/id/municipality/radom")
    referenced = page.section("referenced-by")
    assert any("Cooperation agreement between Daugavpils and Radom (1993)" in item for item in referenced)
    assert not any("https://w3id.org" in item for item in referenced)


def test_sources_are_cited_with_title_and_file_name(server: str) -> None:
    page = html(server, "/id/agreement/daugavpils-radom-1993")
    cited = page.section("sources")
    assert any("International cooperation" in item and "001_ddfea20fb17a6660.txt" in item for item in cited)
    hrefs = [a["href"] for a, _ in page.find("a")]
    assert any(h.startswith(server + "/id/source/ddfea20fb17a6660") for h in hrefs)


def test_inferred_facts_are_marked(server: str) -> None:
    page = html(server, "/id/project/cities-of-change")
    inferred = page.texts("a", "inferred") + page.texts("tr", "inferred")
    assert any("Project" in text for text in page.texts("a", "type"))
    assert inferred, "inferred facts carry the class 'inferred'"
    assert page.find("p", "legend")
    radom = html(server, "/id/municipality/radom")
    assert any("Daugavpils" in text for text in radom.texts("a", "inferred"))  # coop:partnerOf is inferred


def test_html_escapes_what_it_shows(many_server: str) -> None:
    response = get(many_server, "/id/municipality/evil", "text/html")
    assert response.status_code == 200
    page = Page(response.text)
    assert page.texts("h1") == [EVIL]  # shown as text, so it was escaped
    assert not page.find("b")
    scripts = [(a, body) for a, body in page.scripts]
    assert all(a.get("type") == "application/ld+json" for a, _ in scripts)
    data = json.loads(scripts[0][1])
    assert data["name"] == EVIL
    assert "</script" not in scripts[0][1]


def test_unknown_resource_is_404(server: str) -> None:
    browser = get(server, "/id/municipality/atlantis", "text/html,*/*;q=0.8")
    assert browser.status_code == 404 and browser.headers["Content-Type"].startswith("text/html")
    assert Page(browser.text).find("h1")
    plain = get(server, "/id/municipality/atlantis", "*/*")
    assert plain.status_code == 404 and plain.headers["Content-Type"].startswith("text/plain")
    assert get(server, "/id/municipality/atlantis.ttl").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/id/",
        "/id/%00",
        "/id/../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/" + "x" * 3000,
        "/id/a b",
        "/id/<script>",
        "/id/.ttl",
        "/id/%ff%fe",
        "/id/municipality/radom/",
        "/id/municipality//radom",
        "/id/" + "é" * 100,
    ],
)
def test_odd_paths_are_never_500(server: str, path: str) -> None:
    for accept in ("text/html", "*/*", "text/turtle"):
        response = requests.get(server + path, headers={"Accept": accept}, timeout=30)
        assert 400 <= response.status_code < 500, (path, response.status_code)
