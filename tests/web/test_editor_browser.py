"""The query editor in a real browser: Debian's Chromium, driven by Selenium, against ``coopgraph serve``.

A person opens ``/sparql``, sees the canned queries as tabs, runs the first one,
gets the table, and its links lead to this server's pages. The page must load
nothing from the internet and log no error. Needs ``/usr/bin/chromium`` and
``/usr/bin/chromedriver`` (Debian packages ``chromium`` and ``chromium-driver``):
without them the test fails, it is never skipped.
"""

from __future__ import annotations

import struct
from pathlib import Path
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from coopgraph.engine.canned import load_canned_queries
from coopgraph.sources.project import REPOSITORY
from tests.browser import page_errors, requested_urls, wait_for


def outside(urls: set[str], server: str) -> set[str]:
    """The URLs of the web (not chrome://, data: …) that are not this server's."""
    return {
        url for url in urls if url.startswith(("http:", "https:", "ws:", "wss:")) and not url.startswith(server + "/")
    }


def tab_names(driver: WebDriver) -> list[str]:
    return [
        t.get_attribute("textContent").replace("✖", "").strip()
        for t in driver.find_elements(By.CSS_SELECTOR, ".yasgui .tabsList .tab a[role=tab]")
    ]


def table_rows(driver: WebDriver) -> list[list[str]]:
    return [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in driver.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr")
    ]


def test_the_editor_runs_a_query_and_links_results_to_this_server(server: str, browser: WebDriver, tmp_path: Path):
    titles = [q.title for q in load_canned_queries(REPOSITORY / "queries").values()]
    assert titles, "no canned queries to show as tabs"

    browser.get(f"{server}/sparql")  # a browser navigation: Accept: text/html
    assert browser.title == "coopgraph SPARQL query editor"
    wait_for(browser, "the YASGUI editor", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))

    # The header names the dataset and leads home.
    home = browser.find_element(By.CSS_SELECTOR, "header h1 a")
    assert home.text == "coopgraph"
    assert home.get_attribute("href") == f"{server}/"

    # A default tab, then one tab per canned query, by title.
    tabs = tab_names(browser)
    assert tabs[0] == "Agreements by country"
    assert tabs[1:] == titles
    active = browser.find_element(By.CSS_SELECTOR, ".yasgui .tabsList .tab.active a[role=tab]")
    assert "Agreements by country" in active.text

    # The editor knows the endpoint and the prefixes it declares.
    state = browser.execute_script(
        "const tab = window.coopgraphEditor.yasgui.getTab();"
        "return {endpoint: tab.getEndpoint(), query: tab.getYasqe().getValue(),"
        "        prefixes: tab.getYasqe().getPrefixesFromQuery()};"
    )
    assert state["endpoint"] == f"{server}/sparql"
    assert state["prefixes"]["coop"] == "https://w3id.org/coopgraph/ontology#"
    assert state["query"].startswith("# title: Agreements by country")

    # Run it as a person would, and wait for the table.
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait_for(browser, "the results table", lambda d: any("Belarus" in " ".join(row) for row in table_rows(d)))
    rows = {row[2].split("@")[0].strip('"'): row for row in table_rows(browser) if len(row) >= 4}
    assert rows["Belarus"][3].startswith('"3"'), rows["Belarus"]
    assert rows["Latvia"][3].startswith('"23"'), rows["Latvia"]

    # The dataset's IRIs link to their page on this server; others to themselves.
    links = {
        a.get_attribute("data-iri") or a.get_attribute("href"): a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable a.iri")
    }
    assert links["https://w3id.org/coopgraph/id/country/belarus"] == f"{server}/id/country/belarus"
    assert links["http://www.w3.org/2001/XMLSchema#integer"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert not any(href.startswith("https://w3id.org/") for href in links.values())

    screenshot = tmp_path / "editor.png"
    assert browser.save_screenshot(str(screenshot))
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) >= (800, 600) and len(data) > 30_000, (width, height, len(data))

    # Nothing was asked of any other host, and the console holds no error from the page.
    assert outside(requested_urls(browser), server) == set()
    assert page_errors(browser.get_log("browser")) == []


def test_later_visits_keep_the_users_tabs_and_the_editor_completes_from_this_server(server: str, browser: WebDriver):
    browser.get(f"{server}/sparql")
    wait_for(browser, "the YASGUI editor", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    first = tab_names(browser)
    assert "Countries at a glance" in first

    # The user closes a canned tab and comes back: it stays closed, nothing is added twice.
    browser.execute_script("window.coopgraphEditor.yasgui.getTab('coopgraph-countries-overview').close();")
    browser.get(f"{server}/sparql")
    wait_for(browser, "the editor again", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    assert tab_names(browser) == [name for name in first if name != "Countries at a glance"]

    # A new tab asks this endpoint; typing a known prefix writes its PREFIX line, and
    # classes are completed from the endpoint's own vocabulary (not from the web).
    browser.find_element(By.CSS_SELECTOR, ".yasgui button.addTab").click()
    assert browser.execute_script("return window.coopgraphEditor.yasgui.getTab().getEndpoint();") == f"{server}/sparql"
    browser.execute_script(
        "const yasqe = window.coopgraphEditor.yasgui.getTab().getYasqe();"
        "yasqe.setValue('SELECT * WHERE {\\n  ?x a '); yasqe.focus(); yasqe.setCursor(yasqe.lineCount(), 0);"
    )
    editor = browser.switch_to.active_element
    for key in "coop:Mun":
        editor.send_keys(key)
    wait_for(
        browser,
        "the PREFIX line",
        lambda d: d.execute_script("return window.coopgraphEditor.yasgui.getTab().getYasqe().getValue();").startswith(
            "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
        ),
    )
    editor.send_keys(Keys.CONTROL, " ")
    wait_for(
        browser,
        "the class completion",
        lambda d: "coop:Municipality" in [li.text for li in d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")],
    )

    assert outside(requested_urls(browser), server) == set()
    assert page_errors(browser.get_log("browser")) == []


def active_tab(driver: WebDriver) -> str:
    return driver.execute_script("return window.coopgraphEditor.yasgui.getTab().getId();")


def test_a_query_link_opens_the_editor_with_that_query_run(server: str, browser: WebDriver) -> None:
    query = "SELECT ?m WHERE { ?m a coop:Municipality } ORDER BY ?m LIMIT 3"
    browser.get(f"{server}/sparql?query={quote(query)}")  # a link followed, as with Fuseki's and YASGUI's
    wait_for(browser, "the YASGUI editor", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    assert active_tab(browser) == "coopgraph-linked"
    assert browser.execute_script("return window.coopgraphEditor.yasgui.getTab().getYasqe().getValue();") == query
    shown = "return window.coopgraphEditor.yasgui.getTab().getYasr().results?.getBindings().length ?? -1;"
    wait_for(browser, "the linked query's results", lambda d: d.execute_script(shown) == 3)
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr") if r.is_displayed()]
    assert len(visible) == 3 and all("municipality/" in row.text for row in visible)
    assert page_errors(browser.get_log("browser")) == []


def test_a_home_page_link_to_a_canned_query_opens_its_tab(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/")
    link = next(
        a
        for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='/sparql'][href*='#coopgraph-']")
        if a.get_attribute("href")
    )
    wanted = link.get_attribute("href").split("#", 1)[1]
    assert wanted != "coopgraph-default"
    link.click()
    wait_for(browser, "the YASGUI editor", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    assert active_tab(browser) == wanted
    # the same link once the user closed that tab offers it again
    browser.execute_script(f"window.coopgraphEditor.yasgui.getTab('{wanted}').close();")
    browser.get(f"{server}/")
    browser.get(f"{server}/sparql#{wanted}")
    wait_for(browser, "the editor again", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton"))
    assert active_tab(browser) == wanted


def test_the_editor_shows_a_syntax_error_in_words_with_the_caret(server: str, browser: WebDriver) -> None:
    query = "SELECT ?x WHERE { ?x a foo:Bar }"
    browser.get(f"{server}/sparql?query={quote(query)}")
    shown = wait_for(browser, "the error", lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr .errorResult pre"))
    first, quoted, caret = shown[0].get_attribute("textContent").splitlines()[:3]
    assert "the prefix foo: is not declared" in first and "expected one of" not in first
    assert quoted == "  " + query
    assert quoted[caret.index("^") :].startswith("foo:Bar")
