"""Money on the pages: a project's budget reads "138 000 EUR", the co-financing beside it; the amount's page too."""

from __future__ import annotations

from tests.web.pages.facts_reading import fact_rows, soup, values
from tests.web.pages.page_reading import COOP, SCHEMA

PROJECT = "/id/project/our-cities-pairing-on-environment-issues"
NBSP = "\u00a0"


def plain(texts: list[str]) -> list[str]:
    return [t.replace(NBSP, " ").replace("\u202f", " ") for t in texts]


def test_a_project_shows_its_budget_and_co_financing_as_sums(server: str) -> None:
    page = soup(server, PROJECT, "lv")
    rows = fact_rows(page)
    assert plain(values(rows[COOP + "budget"])) == ["138 000 EUR"]
    assert plain(values(rows[COOP + "coFinancing"])) == ["4 673 EUR (Daugavpils pilsētas dome)"]
    assert not rows[COOP + "budget"].select("ul.values a"), "a sum to read, not a link to an amount resource"
    figures = page.select_one("section#figures")
    assert figures is not None
    order = [str(tr["data-predicate"]) for tr in figures.select("tr.fact")]
    assert order[:2] == [COOP + "budget", COOP + "coFinancing"], "the co-financing beside the budget"
    english = fact_rows(soup(server, PROJECT, "en"))
    assert plain(values(english[COOP + "budget"])) == ["138,000 EUR"]


def test_the_amounts_own_page_reads_the_same(server: str) -> None:
    rows = fact_rows(soup(server, "/id/amount/our-cities-pairing-on-environment-issues-total-cost", "lv"))
    assert plain(values(rows[SCHEMA + "value"])) == ["138 000 EUR"]


def test_the_projects_index_shows_the_same_sum(server: str) -> None:
    page = soup(server, "/projects", "lv")
    cells = plain([td.get_text(" ").strip() for td in page.select("td")])
    assert "138 000 EUR" in cells
