"""What a person sees on a resource page, in a real headless Chromium, with a screenshot to look at."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import png_size, wait_for


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
