"""The home page leads everywhere: indexes, pictures, editor, canned queries, catalogue, dumps."""

from __future__ import annotations

from tests.web.pages.page_reading import (
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
    query_links = [a for a, _ in page.find("a") if a["href"].startswith("/sparql#")]
    assert len(query_links) >= 10
