"""What every page view shares: an ETag tied to the build, and 304 on revalidation."""

from __future__ import annotations

import pytest
import requests

from tests.web.pages.page_reading import (
    get,
)


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


@pytest.mark.parametrize(
    "path", ["/", "/agreements", "/municipalities", "/fields", "/id/municipality/radom", "/dataset", "/dumps/"]
)
def test_pages_chosen_by_accept_language_say_so_in_vary(server: str, path: str) -> None:
    def get(language: str) -> requests.Response:
        headers = {"Accept": "text/html", "Accept-Language": language}
        return requests.get(server + path, headers=headers, timeout=30)

    english, latvian = get("en"), get("lv")
    assert english.status_code == latvian.status_code == 200
    assert english.text != latvian.text  # the content does depend on it
    for response in (english, latvian):
        assert "accept-language" in {v.strip().lower() for v in response.headers["Vary"].split(",")}
