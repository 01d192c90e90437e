"""A person opens /api/, picks a country in a form, runs it and reads the rows; the editor link opens the query.

In Debian's headless Chromium against ``coopgraph serve`` (tests/browser.py):
the page loads nothing from elsewhere and logs no error.
"""

from __future__ import annotations

import json

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from coopgraph.engine.canned import canned_queries
from coopgraph.sources.project import Sources
from tests.browser import page_errors, requested_urls, wait_for

BELARUS = "https://w3id.org/coopgraph/id/country/belarus"
FORM = "form[data-operation={}]"


def test_the_page_lists_every_operation_with_a_form(server: str) -> None:
    page = requests.get(f"{server}/api/", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for name, query in canned_queries(Sources()).items():
        assert f'action="/api/queries/{name}"' in page.text
        assert query.title.replace("'", "&#39;") in page.text
    latvian = requests.get(f"{server}/api/", params={"lang": "lv"}, timeout=30)
    assert "Atvērt SPARQL redaktorā" in latvian.text and "Open in the SPARQL editor" not in latvian.text
    assert "klases coop:Country IRI" in latvian.text and "an IRI of coop:Country" in page.text


def test_a_person_runs_a_form_and_sees_the_rows(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/api/")
    form = wait_for(
        browser, "the form", lambda d: d.find_element(By.CSS_SELECTOR, "form[data-operation=partners-in-country]")
    )
    Select(form.find_element(By.NAME, "country")).select_by_value(BELARUS)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, "the answer", lambda d: "/api/queries/partners-in-country" in d.current_url)
    assert browser.current_url.startswith(f"{server}/api/queries/partners-in-country?")
    assert "home=" in browser.current_url  # the home municipality's field is filled in
    told = json.loads(browser.find_element(By.TAG_NAME, "body").text)
    assert told["rows"] and {row["country"] for row in told["rows"]} == {BELARUS}
    assert "https://w3id.org/coopgraph/id/municipality/vitebsk" in {row["partner"] for row in told["rows"]}

    # an optional field left empty is left out, not sent empty (which is not an IRI)
    browser.back()
    form = wait_for(
        browser,
        "the form again",
        lambda d: d.find_element(By.CSS_SELECTOR, "form[data-operation=agreements-with-field]"),
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, "the answer", lambda d: "/api/queries/agreements-with-field" in d.current_url)
    assert "field=" not in browser.current_url
    assert json.loads(browser.find_element(By.TAG_NAME, "body").text)["rows"]
    assert {url for url in requested_urls(browser) if url.startswith("http") and not url.startswith(server)} == set()
    assert page_errors(browser.get_log("browser")) == []


def test_the_editor_link_opens_the_query_in_the_editor(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/api/")
    link = wait_for(
        browser,
        "the editor link",
        lambda d: d.find_element(By.CSS_SELECTOR, "#partners-by-country a[href^='/sparql?query=']"),
    )
    link.click()
    wait_for(browser, "the editor", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    assert browser.title == "coopgraph SPARQL query editor"
    text = browser.execute_script("return document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "Partner municipalities by country" in text and "VALUES ?home" in text
