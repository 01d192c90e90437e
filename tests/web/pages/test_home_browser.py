"""The home page as a person sees it in Chromium: in Latvian, and on a phone 390 px wide.

Screenshots go to the test's temporary directory (pytest keeps the last runs).
Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``: without them the test
fails, it is never skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.numbers import format_decimal
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from coopgraph.sources.project import REPOSITORY
from tests.browser import png_size, wait_for

PHONE = 390

MENU = """
const width = document.documentElement.clientWidth;
return Array.from(document.querySelectorAll('header.site nav a, header.site .language a')).map(a => {
  const r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {text: a.textContent.trim(), left: r.left, right: r.right, width: r.width, height: r.height,
          reachable: hit !== null && (hit === a || a.contains(hit)), inside: r.left >= 0 && r.right <= width};
});
"""


def open_home(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait_for(driver, "the home page", lambda d: d.find_elements(By.CSS_SELECTOR, "ul.counts li"))


def test_the_menu_fits_a_phone(browser: WebDriver, server: str, tmp_path: Path) -> None:
    browser.set_window_size(PHONE, 844)
    for path in ("/?lang=lv", "/?lang=en", "/municipalities?lang=lv", "/timeline?lang=lv"):
        browser.get(server + path)
        wait_for(browser, f"the menu of {path}", lambda d: d.find_elements(By.CSS_SELECTOR, "header.site nav a"))
        viewport = browser.execute_script("return document.documentElement.clientWidth")
        assert viewport <= PHONE
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= viewport, f"{path} scrolls sideways on a phone: {scroll} px in {viewport}"
        items = browser.execute_script(MENU)
        assert len(items) >= 13
        hidden = [i["text"] for i in items if not (i["inside"] and i["reachable"] and i["width"] > 0)]
        assert not hidden, f"menu items out of reach on {path}: {hidden}"
        # WCAG 2.2, 2.5.8 Target Size (Minimum): 24 by 24 CSS pixels
        small = [i["text"] for i in items if i["height"] < 24 or i["width"] < 24]
        assert not small, f"menu items too small to tap on {path}: {small}"
    browser.get(server + "/?lang=lv")
    shot = tmp_path / "home-phone.png"
    assert browser.save_screenshot(str(shot))
    width, _ = png_size(shot)
    assert width <= PHONE * 3  # device pixels; the page itself is checked above


def test_the_latvian_home_page(browser: WebDriver, server: str, tmp_path: Path) -> None:
    browser.set_window_size(1280, 1000)
    open_home(browser, server + "/")
    english_counts = browser.find_element(By.CSS_SELECTOR, "ul.counts").text
    browser.get(server + "/?lang=lv")
    wait_for(
        browser, "the Latvian home page", lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv"
    )
    body = browser.find_element(By.TAG_NAME, "main").text
    for latvian in ("partnerpašvaldības", "sadarbības līgumi", "Pārlūkot", "Datu vaicājumi", "Avota dokumenti"):
        assert latvian in body, latvian
    menu = browser.find_element(By.CSS_SELECTOR, "header.site nav").text
    assert "Pašvaldības" in menu and "Municipalities" not in menu
    assert "Sadarbības līgumu laika ass" in body and "Timeline of cooperation agreements" not in body
    counts = [" ".join(li.text.split()) for li in browser.find_elements(By.CSS_SELECTOR, "ul.counts li")]
    english = [int(re.sub(r"\D", "", line)) for line in english_counts.splitlines() if line[:1].isdigit()]
    assert [text.split()[0] for text in counts] == [format_decimal(n, locale="lv") for n in english]
    assert counts[0] == "22 partnerpašvaldības"
    shot = tmp_path / "home-lv.png"
    assert browser.save_screenshot(str(shot))
    width, height = png_size(shot)
    assert width >= 1200 and height >= 800 and shot.stat().st_size > 30_000


def test_the_readme_shows_the_website_in_a_small_screenshot() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "## The website" in readme and "](docs/website.png)" in readme
    for words in ("/municipalities", "/map", "/timeline", "/fields", "/ontology", "/dataset", "/dumps/", "Accept"):
        assert words in readme.split("## The website")[1].split("\n## ")[0], words
    shot = REPOSITORY / "docs" / "website.png"
    width, height = png_size(shot)
    assert width >= 1000 and height >= 600 and shot.stat().st_size < 300_000
