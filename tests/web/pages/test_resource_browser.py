"""What a person sees on a resource page, in a real headless Chromium, with a screenshot to look at."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from tests.browser import png_size, wait_for
from tests.web.pages.page_reading import COOP, SCHEMA

WDT = "http://www.wikidata.org/prop/direct/"


def test_municipality_page_in_a_browser(server: str, browser: WebDriver, tmp_path: Path) -> None:
    browser.get(f"{server}/id/municipality/radom?lang=en")
    heading = wait_for(browser, "the page heading", lambda b: b.find_element(By.TAG_NAME, "h1"))
    assert heading.text == "Radom"
    country = [a for a in browser.find_elements(By.CSS_SELECTOR, "table.facts a") if a.text == "Poland"]
    assert country and country[0].get_attribute("href").startswith(f"{server}/id/country/poland")
    referenced = browser.find_elements(By.CSS_SELECTOR, "#referenced-by li a")
    assert any(a.text == "Cooperation agreement between Daugavpils and Radom (1993)" for a in referenced)
    assert browser.find_elements(By.CSS_SELECTOR, "#sources li a")
    assert "https://w3id.org/coopgraph/id/" not in " ".join(a.text for a in browser.find_elements(By.TAG_NAME, "a"))
    switch = browser.find_element(By.CSS_SELECTOR, ".language a[hreflang='lv']")
    shot = tmp_path / "radom-en.png"
    assert browser.save_screenshot(str(shot))
    width, height = png_size(shot)
    assert width >= 800 and height >= 600 and shot.stat().st_size > 20_000

    switch.click()
    wait_for(browser, "the Latvian page", lambda b: b.find_element(By.TAG_NAME, "h1").text == "Radoma")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv"
    assert any(a.text == "Polija" for a in browser.find_elements(By.CSS_SELECTOR, "table.facts a"))
    shot_lv = tmp_path / "radom-lv.png"
    assert browser.save_screenshot(str(shot_lv)) and shot_lv.stat().st_size > 20_000


def whole_page_screenshot(browser: WebDriver, path: Path) -> tuple[int, int]:
    """The whole page, not only the window: the window is made as tall as the page first."""
    height = int(browser.execute_script("return document.documentElement.scrollHeight"))
    browser.set_window_size(1400, min(height + 120, 8000))
    assert browser.save_screenshot(str(path))
    return png_size(path)


def row(browser: WebDriver, predicate: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, f'section.group tr.fact[data-predicate="{predicate}"]')


def test_daugavpils_page_shows_grouped_facts_in_a_browser(server: str, browser: WebDriver, tmp_path: Path) -> None:
    browser.get(f"{server}/id/municipality/daugavpils?lang=en")
    wait_for(browser, "the page heading", lambda b: b.find_element(By.TAG_NAME, "h1").text == "Daugavpils")
    chips = [a.text.replace("†", "").strip() for a in browser.find_elements(By.CSS_SELECTOR, "p.types a.type")]
    assert chips == ["coop:Municipality", "schema:AdministrativeArea"]
    partners = row(browser, COOP + "partnerOf").find_elements(By.CSS_SELECTOR, "ul.values > li")
    assert len(partners) == 22 and len({p.text for p in partners}) == 22
    also = row(browser, COOP + "partnerOf").find_element(By.CSS_SELECTOR, "p.also").text
    assert "also in other vocabularies" in also and "wdt:P190" in also
    assert not browser.find_elements(By.CSS_SELECTOR, f'tr.fact[data-predicate="{WDT}P190"]')
    party = browser.find_element(By.CSS_SELECTOR, f'#referenced-by tr.inbound[data-predicate="{COOP}party"]')
    assert "(24)" in party.find_element(By.TAG_NAME, "th").text
    assert "prov:wasAttributedTo" in party.find_element(By.CSS_SELECTOR, "p.also").text
    assert party.find_element(By.CSS_SELECTOR, "ul.values").is_displayed()
    width, height = whole_page_screenshot(browser, tmp_path / "daugavpils-en.png")
    assert width >= 1000 and height >= 1000 and (tmp_path / "daugavpils-en.png").stat().st_size > 50_000


def test_a_project_page_shows_its_budget_and_dates_in_a_browser(
    server: str, browser: WebDriver, tmp_path: Path
) -> None:
    browser.get(f"{server}/id/project/our-cities-pairing-on-environment-issues?lang=lv")
    wait_for(browser, "the Latvian heading", lambda b: "Pilsētu sadarbība" in b.find_element(By.TAG_NAME, "h1").text)
    budget = row(browser, COOP + "budget")
    assert budget.find_element(By.CSS_SELECTOR, "ul.values").text.replace("\u00a0", " ") == "138 000 EUR"
    assert not budget.find_elements(By.CSS_SELECTOR, "ul.values a")
    co_financing = row(browser, COOP + "coFinancing").find_element(By.CSS_SELECTOR, "ul.values").text
    assert co_financing.replace("\u00a0", " ").startswith("4 673 EUR")
    assert row(browser, SCHEMA + "startDate").find_element(By.TAG_NAME, "time").text == "2019. gada 15. janvāris"
    assert row(browser, SCHEMA + "duration").find_element(By.CSS_SELECTOR, "ul.values").text == "12 mēneši"
    partner_also = row(browser, COOP + "partner").find_element(By.CSS_SELECTOR, "p.also").text
    assert "arī citās vārdnīcās" in partner_also and "schema:member" in partner_also
    assert not browser.find_elements(By.CSS_SELECTOR, f'tr.fact[data-predicate="{COOP}participant"]')
    chips = [a.text.replace("†", "").strip() for a in browser.find_elements(By.CSS_SELECTOR, "p.types a.type")]
    assert chips[0] == "coop:Project" and {"schema:Project", "foaf:Project"} <= set(chips)
    width, height = whole_page_screenshot(browser, tmp_path / "project-lv.png")
    assert width >= 1000 and height >= 1000 and (tmp_path / "project-lv.png").stat().st_size > 50_000
