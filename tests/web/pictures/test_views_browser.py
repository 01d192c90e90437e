"""The map and the timeline as a person sees them: Debian's headless Chromium against ``coopgraph serve``.

Each page is screenshotted into the test's temporary directory (kept by pytest
for the last runs, to look at), and checked for what it must show: the inline
SVG, a link per marker, the legend, the axis. Nothing may be fetched from
anywhere but the server. Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``:
without them the test fails, it is never skipped.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import png_size, requested_urls, wait_for

HOME = "https://w3id.org/coopgraph/id/municipality/daugavpils"


def nothing_from_elsewhere(driver: WebDriver, server: str) -> bool:
    elsewhere = sorted(
        u
        for u in requested_urls(driver)
        if u.startswith(("http:", "https:", "ws:", "wss:")) and not u.startswith(server + "/")
    )
    assert not elsewhere, f"the page fetched {elsewhere}"
    return True


def open_page(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait_for(driver, f"the picture on {url}", lambda d: d.find_elements(By.CSS_SELECTOR, "figure.picture svg"))


def screenshot_of(driver: WebDriver, path: Path) -> Path:
    figure = driver.find_element(By.CSS_SELECTOR, "figure.picture")
    driver.execute_script("arguments[0].scrollIntoView()", figure)
    assert driver.save_screenshot(str(path.with_name(path.stem + "-page.png")))
    assert figure.screenshot(str(path))
    return path


def test_the_map_in_a_browser(browser: WebDriver, server: str, store: ox.Store, tmp_path: Path) -> None:
    located = len(
        list(
            store.query(
                f"""SELECT ?p WHERE {{ ?p <https://w3id.org/coopgraph/ontology#partnerOf> <{HOME}> ;
                              <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat }}""",
                use_default_graph_as_union=True,
            )
        )
    )
    open_page(browser, server + "/map?lang=en")
    svg = browser.find_element(By.CSS_SELECTOR, "figure.picture svg")
    assert svg.size["width"] > 900 and svg.size["height"] > 500
    markers = browser.find_elements(By.CSS_SELECTOR, "svg a.partner")
    assert len(markers) == located == 18  # 22 partners; Raška, the Moscow okrug, Naro-Fominsk, Vagharshapat unlocated
    hrefs = [m.get_dom_attribute("href") for m in markers]
    assert all(href.startswith(server + "/id/municipality/") for href in hrefs), hrefs
    assert all(m.find_element(By.CSS_SELECTOR, "circle").is_displayed() for m in markers)
    legend = browser.find_element(By.CSS_SELECTOR, "svg g.legend")
    assert legend.is_displayed() and "1990s" in legend.text and "2020s" in legend.text
    assert browser.find_element(By.CSS_SELECTOR, "svg g.inset").is_displayed()
    assert "Raška" in browser.find_element(By.CSS_SELECTOR, "p.not-on-map").text
    shot = screenshot_of(browser, tmp_path / "map.png")
    width, height = png_size(shot)
    assert width > 900 and height > 500 and shot.stat().st_size > 50_000
    assert nothing_from_elsewhere(browser, server)

    markers[0].click()
    wait_for(browser, "the partner's page", lambda d: "/id/municipality/" in d.current_url)


def test_the_timeline_in_a_browser(browser: WebDriver, server: str, tmp_path: Path) -> None:
    open_page(browser, server + "/timeline?lang=en")
    marks = browser.find_elements(By.CSS_SELECTOR, "svg a.agreement")
    assert len(marks) == 23
    assert [m.text for m in marks].count("Radom") == 2
    hollow = sorted(m.text for m in browser.find_elements(By.CSS_SELECTOR, "svg a.precision-month"))
    assert hollow == ["Lida", "Magdeburg"]
    axis = browser.find_element(By.CSS_SELECTOR, "svg g.axis")
    assert axis.is_displayed()
    assert [t.text for t in axis.find_elements(By.CSS_SELECTOR, "text.tick-label")] == [
        str(y) for y in range(1990, 2026, 5)
    ]
    assert "month known" in browser.find_element(By.CSS_SELECTOR, "svg g.legend").text
    # no two labels overlap
    boxes = [m.find_element(By.CSS_SELECTOR, "text").rect for m in marks]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
            overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            assert overlap_x <= 1 or overlap_y <= 1, (a, b)
    shot = screenshot_of(browser, tmp_path / "timeline.png")
    width, height = png_size(shot)
    assert width > 900 and height > 150 and shot.stat().st_size > 20_000
    assert nothing_from_elsewhere(browser, server)


BOXES = """
const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; };
const svg = document.querySelector('figure.picture svg.agreement-timeline');
return {
  labels: Array.from(svg.querySelectorAll('g.agreements a text')).map(box),
  marks: Array.from(svg.querySelectorAll('g.agreements a .mark')).map(box),
  stems: Array.from(svg.querySelectorAll('g.stems line')).map(box),
};
"""


def crossing(a: list, b: list) -> bool:
    """Whether two client boxes (left, top, right, bottom) share more than a hairline."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 0 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_no_timeline_label_touches_another_label_a_line_or_a_mark(browser: WebDriver, server: str, lang: str) -> None:
    open_page(browser, server + f"/timeline?lang={lang}")
    found = browser.execute_script(BOXES)
    labels, marks, stems = found["labels"], found["marks"], found["stems"]
    assert len(labels) == len(marks) == len(stems) == 23
    assert all(s[2] - s[0] < 2 and s[3] - s[1] > 10 for s in stems), "stems are vertical lines"
    clashes = [(a[4], b[4]) for i, a in enumerate(labels) for b in labels[i + 1 :] if crossing(a, b)]
    # a line's box is as wide as its stroke (1 unit), around its x
    lines = [[s[0] - 0.5, s[1], s[2] + 0.5, s[3]] for s in stems]
    clashes += [(label[4], "the line of an agreement") for label in labels for line in lines if crossing(label, line)]
    clashes += [
        (label[4], "the mark of " + other[4])
        for label in labels
        for mark, other in zip(marks, labels, strict=True)
        if other is not label and crossing(label, mark)
    ]
    assert not clashes, clashes
