"""A person types a town's name into the header's search box, in a real headless Chromium, and gets to its page."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import page_errors, wait_for


def test_the_header_search_box_finds_a_town(server: str, browser: WebDriver) -> None:
    browser.get(f"{server}/agreements?lang=lv")
    box = wait_for(
        browser, "the search box", lambda b: b.find_element(By.CSS_SELECTOR, "header form[role=search] input[name=q]")
    )
    assert box.get_attribute("placeholder") == "Meklēt"
    box.send_keys("panevez", Keys.ENTER)
    wait_for(browser, "the results page", lambda b: "/search" in b.current_url)
    results = browser.find_elements(By.CSS_SELECTOR, "ol.search-results li a")
    assert results and results[0].text == "Panevēža"  # the Latvian label, the reader reads Latvian
    assert (
        browser.find_element(By.CSS_SELECTOR, "header form[role=search] input[name=q]").get_attribute("value")
        == "panevez"
    )
    results[0].click()
    wait_for(browser, "the town's page", lambda b: b.find_element(By.TAG_NAME, "h1").text == "Panevēža")
    assert browser.current_url.startswith(f"{server}/id/municipality/panevezys")
    assert page_errors(browser.get_log("browser")) == []
