"""A clerk follows the home page's link to the validation report, in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from coopgraph.build.pipeline import build
from coopgraph.sources.project import Sources
from tests.browser import page_errors, wait_for
from tests.server import running_server
from tests.web.pages.test_validation import ODD, add_warning


def test_the_home_page_leads_to_the_report_and_the_report_shows_its_results(
    project: Sources, tmp_path: Path, browser: WebDriver
) -> None:
    add_warning(project)
    out = tmp_path / "dist"
    build(project, out)
    with running_server(out, settings={"COOPGRAPH_PROJECT_DIR": str(project.root)}) as url:
        browser.get(f"{url}/?lang=lv")
        link = wait_for(
            browser,
            "the link to the report",
            lambda b: b.find_element(By.CSS_SELECTOR, "a[href^='/validation']"),
        )
        assert link.text == "Validācijas pārskats"
        link.click()
        wait_for(browser, "the report", lambda b: b.find_elements(By.CSS_SELECTOR, "table.validation-results tbody tr"))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Validācijas pārskats"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv"
        (row,) = browser.find_elements(By.CSS_SELECTOR, "table.validation-results tbody tr")
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        assert cells[:3] == ["Brīdinājums", "data/extra.ttl:1", ODD]
        assert row.find_element(By.CSS_SELECTOR, "td.severity").value_of_css_property("font-weight") == "600"
        assert not page_errors(browser.get_log("browser"))
