"""Reading a resource page as a DOM: its fact rows, their values and "also" lines, its Referenced-by groups."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from tests.web.pages.page_reading import get


def soup(server: str, path: str, lang: str = "en") -> BeautifulSoup:
    response = get(server, f"{path}?lang={lang}", "text/html")
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.text, "html.parser")


def fact_rows(page: BeautifulSoup) -> dict[str, Tag]:
    """The rows of the page's fact groups (not Referenced by), by predicate IRI."""
    return {str(row["data-predicate"]): row for row in page.select("section.group tr.fact")}


def values(row: Tag) -> list[str]:
    """What a row states, in the reader's language and the others."""
    return [" ".join(li.get_text(" ").replace("†", "").split()) for li in row.select("ul.values > li")]


def also(row: Tag) -> list[str]:
    """The prefixed names on a row's "also in other vocabularies" line."""
    return [code.get_text() for code in row.select("p.also:not(.also-inbound) code")]


def also_inbound(row: Tag) -> dict[str, int]:
    """The properties, with counts, of the same links stated from the other side."""
    found = {}
    for entry in row.select("p.also-inbound .also-as"):
        text = entry.get_text(" ")
        found[entry.code.get_text()] = int(text.rsplit("(", 1)[1].rstrip(") "))
    return found


def inbound_groups(page: BeautifulSoup) -> dict[str, Tag]:
    """The Referenced-by groups, by predicate IRI."""
    return {str(row["data-predicate"]): row for row in page.select("#referenced-by tr.inbound")}
