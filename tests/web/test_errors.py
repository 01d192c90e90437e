"""A reader who follows a dead link gets the site's own page, in their language; a program gets text."""

from __future__ import annotations

import pytest
import requests

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


def test_a_program_still_gets_the_404_as_plain_text(server: str) -> None:
    response = requests.get(server + "/nothing-here", headers={"Accept": "*/*"}, timeout=30)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/plain") and "/nothing-here" in response.text
