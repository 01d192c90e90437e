"""Reading pages back: fetch with an Accept header, parse the HTML, parse the Link header and the RDF."""

from __future__ import annotations

from html.parser import HTMLParser

import requests
from rdflib import Graph

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


def link_header(response: requests.Response) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for link in requests.utils.parse_header_links(response.headers.get("Link", "")):
        for rel in link.get("rel", "").split():
            found.setdefault(rel, []).append(link)
    return found


def rdf(server: str, path: str) -> Graph:
    response = get(server, f"/id/{path}.ttl")
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


EVIL = "<script>alert(1)</script>"

HUB_LINKS = 1100
"""Agreements naming the hub of ``hub_server``: more than a group lists (50), and than its RDF carries (1000)."""


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
