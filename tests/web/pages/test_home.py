"""The home page leads everywhere: indexes, pictures, editor, canned queries, catalogue, dumps."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from tests.web.pages.page_reading import (
    first_column,
    html,
)


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
    query_links = [a for a, _ in page.find("a") if a["href"].startswith("/sparql") and "#coopgraph-" in a["href"]]
    assert len(query_links) >= 10


def test_the_count_of_partner_municipalities_leads_to_those_partners(server: str) -> None:
    page = html(server, "/")
    link, text = next((a, t) for a, t in page.find("a") if "partner municipalities" in t)
    number = int(text.split()[0])
    assert number == 22
    target = html(server, urljoin("/", link["href"]))
    heading = target.texts("h1")[0]
    assert heading.startswith("Partner municipalities")
    assert int(re.search(r"\((\d+)\)", heading).group(1)) == number
    assert len(first_column(server, urljoin("/", link["href"]))) == number
    assert "Daugavpils" not in first_column(server, urljoin("/", link["href"]))


def test_the_latvian_home_page_lists_the_canned_queries_in_latvian(server: str) -> None:
    page = html(server, "/?lang=lv")
    titles = [t for a, t in page.find("a") if "#coopgraph-" in a["href"]]
    assert "Sadarbības līgumu laika ass" in titles
    assert "Timeline of cooperation agreements" not in titles
    assert all(a["href"].startswith("/sparql?lang=lv#") for a, _ in page.find("a") if "#coopgraph-" in a["href"])
