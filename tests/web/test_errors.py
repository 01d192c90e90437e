"""A reader who follows a dead link gets the site's own page, in their language; a program gets text."""

from __future__ import annotations

import pytest
import requests
from bs4 import BeautifulSoup

from tests.web.pages.page_reading import Page

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/nothing-here", "/charts/nothing.svg", "/id/municipality/atlantis"])
def test_a_missing_page_is_the_styled_page_in_latvian(server: str, path: str) -> None:
    response = requests.get(server + path, headers={"Accept": BROWSER, "Accept-Language": "lv"}, timeout=30)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    page = Page(response.text)
    assert page.find("html", lang="lv")
    assert page.texts("h1") == ["404 · Nav atrasts"]
    assert "Not found" not in response.text
    assert page.find("link", rel="stylesheet") and page.find("nav", **{"aria-label": "Galvenā izvēlne"})
    assert path in page.texts("code")


def test_a_missing_page_in_english_says_where_nothing_is(server: str) -> None:
    response = requests.get(server + "/nothing-here?lang=en", headers={"Accept": BROWSER}, timeout=30)
    page = Page(response.text)
    assert response.status_code == 404 and page.texts("h1") == ["404 · Not found"]
    assert "There is no page at /nothing-here." in " ".join(page.texts("p"))


@pytest.mark.parametrize(
    "path", ["/nope", "/municipalities/nope/deeper", "/static/nope.css", "/id/municipality/atlantis"]
)
def test_a_dead_link_anywhere_gets_the_styled_page(server: str, path: str) -> None:
    response = requests.get(server + path, headers={"Accept": BROWSER}, timeout=30)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1 is not None and "404" in page.h1.get_text()
    assert page.select('link[rel="stylesheet"][href*="pages.css"]'), "the site's own styles"
    assert page.select("nav a"), "the site's menu, to go on from"
    assert path in page.get_text()


def test_a_program_asking_for_text_or_json_gets_text_or_json(server: str) -> None:
    plain = requests.get(server + "/nope", headers={"Accept": "*/*"}, timeout=30)
    assert plain.status_code == 404 and plain.headers["Content-Type"].startswith("text/plain")
    assert "/nope" in plain.text
    data = requests.get(server + "/nope", headers={"Accept": "application/json"}, timeout=30)
    assert data.status_code == 404 and data.json()["status"] == 404
