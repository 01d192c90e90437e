"""The class indexes: paginated, sortable both ways, each header a sorting link."""

from __future__ import annotations

import pytest

from tests.web.pages.page_reading import (
    Page,
    first_column,
    get,
    html,
)


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


def test_only_partners_is_a_filter_of_the_municipalities_alone(server: str) -> None:
    refused = get(server, "/agreements?only=partners", "text/plain")
    assert refused.status_code == 400 and "only=partners" in refused.text
    assert get(server, "/municipalities?only=everyone", "text/plain").status_code == 400
    page = html(server, "/municipalities?only=partners")
    sorted_link = [a["href"] for a, _ in page.find("a") if "sort=" in a["href"]]
    assert sorted_link and all("only=partners" in href for href in sorted_link)
