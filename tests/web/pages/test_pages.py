"""The linked-data pages against a real server: negotiation, RDF content, HTML content, errors, indexes, caching."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
import requests
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from tests.server import running_server

BASE = "https://w3id.org/coopgraph/"
ID = BASE + "id/"
COOP = BASE + "ontology#"
SCHEMA = "https://schema.org/"

SAMPLES = {
    "municipality": "municipality/radom",
    "country": "country/poland",
    "agreement": "agreement/daugavpils-radom-1993",
    "field": "field/education",
    "scheme": "scheme/fields-of-cooperation",
    "project": "project/cities-of-change",
    "programme": "programme/europe-for-citizens",
    "organisation": "organisation/daugavpils-city-council",
    "event": "event/smartgreen-vanersborg-seminar",
    "amount": "amount/cities-of-change-total-cost",
    "person": "person/jolanta-uzulina",
    "source": "source/ddfea20fb17a6660",
    "claim": "claim/daugavpils-twin-city-count",
}
RDF_FORMATS = {
    ".ttl": ("text/turtle", "turtle"),
    ".jsonld": ("application/ld+json", "json-ld"),
    ".rdf": ("application/rdf+xml", "xml"),
    ".nt": ("application/n-triples", "nt"),
}


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, {k: v or "" for k, v in attrs}, [])
        self.elements.append(element)
        if tag == "script":
            self._script = element[1]
            self._chunks: list[str] = []
        if tag not in ("meta", "link", "br", "img", "input"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._chunks)))
            self._script = None
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._chunks.append(data)
        for element in self._open:
            element[2].append(data)

    def find(self, tag: str, cls: str | None = None, **attrs: str) -> list[tuple[dict[str, str], str]]:
        found = []
        for name, attributes, chunks in self.elements:
            if name != tag:
                continue
            if cls is not None and cls not in attributes.get("class", "").split():
                continue
            if any(attributes.get(k) != v for k, v in attrs.items()):
                continue
            found.append((attributes, " ".join("".join(chunks).split())))
        return found

    def texts(self, tag: str, cls: str | None = None) -> list[str]:
        return [t for _, t in self.find(tag, cls)]

    def section(self, element_id: str) -> list[str]:
        """Texts of the list items inside the element with ``id``."""
        for _name, attributes, chunks in self.elements:
            if attributes.get("id") == element_id:
                inside = " ".join("".join(chunks).split())
                return [t for _, t in self.find("li") if t and t in inside]
        return []


def get(server: str, path: str, accept: str | None = None, **kwargs) -> requests.Response:
    headers = kwargs.pop("headers", {})
    if accept is not None:
        headers["Accept"] = accept
    return requests.get(server + path, headers=headers, timeout=30, **kwargs)


def html(server: str, path: str, **kwargs) -> Page:
    response = get(server, path, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", **kwargs)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith("text/html")
    return Page(response.text)


# --- negotiation -------------------------------------------------------------------------


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


def link_header(response: requests.Response) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for link in requests.utils.parse_header_links(response.headers.get("Link", "")):
        for rel in link.get("rel", "").split():
            found.setdefault(rel, []).append(link)
    return found


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


def rdf(server: str, path: str) -> Graph:
    response = get(server, f"/id/{path}.ttl")
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


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
    # the CBD only: another project's statements are not in it
    assert not any(s != project and p != RDFS.label for s, p, _ in graph)


def test_jsonld_is_expanded_with_dataset_iris(server: str) -> None:
    data = get(server, "/id/municipality/radom", "application/ld+json").json()
    nodes = {node["@id"]: node for node in (data if isinstance(data, list) else data.get("@graph", [data]))}
    assert ID + "municipality/radom" in nodes
    assert COOP + "country" in nodes[ID + "municipality/radom"]


# --- HTML --------------------------------------------------------------------------------


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


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_json_ld_for_search_engines(server: str, kind: str) -> None:
    page = html(server, "/id/" + SAMPLES[kind])
    blocks = [body for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"{server}/id/{SAMPLES[kind]}"
    assert data["name"] and data["@type"]


def test_json_ld_has_schema_types_same_as_and_geo(server: str) -> None:
    data = json.loads(
        next(b for a, b in html(server, "/id/municipality/radom").scripts if a.get("type") == "application/ld+json")
    )
    assert data["@type"] == "AdministrativeArea"
    assert "http://www.wikidata.org/entity/Q104740" in data["sameAs"]
    assert data["geo"]["latitude"] == pytest.approx(51.4025)
    project = json.loads(
        next(
            b for a, b in html(server, "/id/project/cities-of-change").scripts if a.get("type") == "application/ld+json"
        )
    )
    assert project["@type"] == "Project"


EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def many_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small extra dataset: 150 municipalities (to paginate) and one whose label is markup."""
    path = tmp_path_factory.mktemp("pages") / "extra.ttl"
    lines = [
        "@prefix coop: <https://w3id.org/coopgraph/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
    ]
    lines.extend(
        f'<{ID}municipality/town-{i:03d}> a coop:Municipality ; rdfs:label "Town {i:03d}"@en .' for i in range(150)
    )
    evil = EVIL.replace('"', '\\"')
    lines.append(
        f'<{ID}municipality/evil> a coop:Municipality ; rdfs:label "{evil}"@en ; '
        f'rdfs:comment "</script><b>bold</b>"@en .'
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with running_server(data=[path]) as url:
        yield url


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


def test_indexes_paginate(many_server: str) -> None:
    first = Page(get(many_server, "/municipalities?lang=en", "text/html").text)
    second_response = get(many_server, "/municipalities?page=2&lang=en", "text/html")
    assert second_response.status_code == 200
    second = Page(second_response.text)
    first_rows = [a for a, _ in first.find("tr")][1:]
    second_rows = [a for a, _ in second.find("tr")][1:]
    assert len(first_rows) == 100 and len(second_rows) == 51
    assert any("page=2" in a["href"] for a, _ in first.find("a", rel="next"))
    assert get(many_server, "/municipalities?page=3", "text/html").status_code == 404
    assert get(many_server, "/municipalities?page=zero", "text/html").status_code == 400


def names_in(page: Page) -> list[str]:
    rows = []
    for _attrs, text in page.find("td"):
        rows.append(text)
    return rows


def first_column(server: str, path: str) -> list[str]:
    page = Page(get(server, path, "text/html").text)
    cells = [text for attrs, text in page.find("td")]
    columns = len([a for a, _ in page.find("th", scope="col")])
    return cells[::columns]


def test_indexes_sort_both_ways(server: str) -> None:
    ascending = first_column(server, "/agreements?sort=date&order=asc&lang=en")
    descending = first_column(server, "/agreements?sort=date&order=desc&lang=en")
    assert len(ascending) == 23
    assert ascending == list(reversed(descending)) or ascending[0] != descending[0]
    assert "Radom (1993)" in ascending[0]
    by_name = first_column(server, "/municipalities?sort=name&order=desc&lang=en")
    assert by_name == sorted(by_name, key=str.casefold, reverse=True)
    assert first_column(server, "/municipalities?lang=en") == sorted(by_name, key=str.casefold)
    assert get(server, "/municipalities?sort=nonsense", "text/html").status_code == 400


@pytest.mark.parametrize(
    "path", ["/municipalities", "/agreements", "/projects", "/programmes", "/organisations", "/fields"]
)
def test_index_headers_link_to_sorting(server: str, path: str) -> None:
    page = html(server, path)
    links = [a["href"] for a, _ in page.find("a") if "sort=" in a.get("href", "")]
    assert links and all("order=" in link for link in links)
    for link in links[:3]:
        assert get(server, link, "text/html").status_code == 200


def test_field_page_counts_agreements(server: str) -> None:
    page = html(server, "/fields?sort=agreements&order=desc")
    cells = [text for _, text in page.find("td")]
    assert cells[0] == "education" or cells[0]  # the best covered field first
    assert int(cells[2]) >= int(cells[5])


# --- errors --------------------------------------------------------------------------------


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


# --- caching -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/id/municipality/radom", "/id/municipality/radom.ttl", "/", "/agreements"])
def test_etag_and_304(server: str, path: str) -> None:
    first = get(server, path, "text/html")
    assert first.status_code == 200 and first.headers.get("ETag") and first.headers.get("Last-Modified")
    again = get(server, path, "text/html", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.content
    since = get(server, path, "text/html", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = get(
        server,
        path + ("&" if "?" in path else "?") + "lang=lv",
        "text/html",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    if not path.endswith(".ttl"):
        assert other.status_code == 200, "another language is another representation"


def test_home_leads_everywhere(server: str) -> None:
    page = html(server, "/")
    hrefs = {a["href"].split("?")[0].split("#")[0] for a, _ in page.find("a")}
    for target in (
        "/municipalities",
        "/agreements",
        "/projects",
        "/programmes",
        "/organisations",
        "/fields",
        "/map",
        "/timeline",
        "/sparql",
        "/ontology",
        "/dataset",
    ):
        assert target in hrefs
    assert any(h.startswith("/dumps/") for h in hrefs)
    counts = page.texts("li")
    assert any(text.startswith("22 ") for text in counts), counts[:10]
    assert any(text.startswith("23 ") for text in counts)
    query_links = [a for a, _ in page.find("a") if a["href"].startswith("/sparql#")]
    assert len(query_links) >= 10
