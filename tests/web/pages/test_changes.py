"""A portal and a reader follow what each build changed: the /changes page and its Atom feed, from a real server.

The story: a publisher builds, adds a partner municipality and its agreement,
builds again; ``coopgraph diff`` names the new partner, and so do /changes and
/changes.atom.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from coopgraph.cli import cli
from coopgraph.namespaces import DATA_GRAPH
from tests.browser import wait_for
from tests.conftest import NEW_PARTNER, TwoBuilds, copy_project
from tests.server import running_server
from tests.web.pages.page_reading import get, html

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def changes_server(two_builds: TwoBuilds) -> Iterator[str]:
    settings = {"COOPGRAPH_PROJECT_DIR": str(two_builds.project.root)}
    with running_server(two_builds.out_dir, settings=settings) as url:
        yield url


def test_a_publisher_adds_a_partner_and_every_view_of_the_changes_names_it(sources, tmp_path: Path) -> None:
    project, out, runner = copy_project(sources, tmp_path / "project"), str(tmp_path / "dist"), CliRunner()
    where = ["--project", str(project.root), "--out", out]
    assert runner.invoke(cli, ["build", "-q", *where]).exit_code == 0
    shutil.copy(NEW_PARTNER, project.data_dir / NEW_PARTNER.name)
    assert runner.invoke(cli, ["build", "-q", *where]).exit_code == 0
    told = runner.invoke(cli, ["diff", *where])
    assert told.exit_code == 0, told.output
    assert "Pärnu  <https://w3id.org/coopgraph/id/municipality/parnu>" in told.output.splitlines()
    in_latvian = runner.invoke(cli, ["diff", "--lang", "lv", *where])
    assert "Pērnava  <https://w3id.org/coopgraph/id/municipality/parnu>" in in_latvian.output.splitlines()
    with running_server(Path(out), settings={"COOPGRAPH_PROJECT_DIR": str(project.root)}) as url:
        newest = html(url, "/changes").find("section", "build")[0][1]
        assert "Pärnu" in newest
        feed = ET.fromstring(get(url, "/changes.atom").content)
        related = [link.get("title") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "related"]
        assert "Pärnu" in related


def test_the_page_lists_the_kept_builds_newest_first_with_their_counts(
    changes_server: str, two_builds: TwoBuilds
) -> None:
    page = html(changes_server, "/changes")
    builds = [attrs["id"] for attrs, _ in page.find("section", "build")]
    assert builds == [f"build-{two_builds.after.build_id}", f"build-{two_builds.before.build_id}"]
    written = sum(1 for _ in ox.parse(path=str(NEW_PARTNER), format=ox.RdfFormat.TURTLE))
    counts = page.texts("td", "numeric")  # added, removed: asserted then inferred (the ontology did not change)
    assert counts[:2] == [str(written), "0"]
    assert counts[4:6] == [str(two_builds.before.manifest["graphs"][str(DATA_GRAPH)]), "0"]


def test_the_changed_resources_link_to_their_pages_in_the_readers_language(changes_server: str) -> None:
    page = html(changes_server, "/changes?lang=lv")
    links = {text: attrs["href"] for attrs, text in page.find("a") if "/id/" in attrs["href"]}
    assert links["Pērnava"].endswith("/id/municipality/parnu?lang=lv")
    assert get(changes_server, links["Pērnava"].removeprefix(changes_server)).status_code == 200
    assert page.find("html")[0][0]["lang"] == "lv"


def test_the_home_page_leads_to_the_changes(changes_server: str) -> None:
    hrefs = {attrs["href"].split("?")[0] for attrs, _ in html(changes_server, "/?lang=lv").find("a")}
    assert "/changes" in hrefs


def test_the_page_announces_its_feed(changes_server: str) -> None:
    page = html(changes_server, "/changes")
    feeds = [attrs for attrs, _ in page.find("link", rel="alternate") if attrs.get("type") == "application/atom+xml"]
    assert feeds and feeds[0]["href"].split("?")[0] == "/changes.atom"


def test_the_feed_is_atom_with_what_rfc_4287_requires(changes_server: str, two_builds: TwoBuilds) -> None:
    response = get(changes_server, "/changes.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == "application/atom+xml"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    selfs = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert selfs == [f"{changes_server}/changes.atom"]
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
    assert entries[0].findtext(f"{ATOM}id", "").endswith(two_builds.after.build_id)
    assert feed.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    related = {link.get("href") for link in entries[0].findall(f"{ATOM}link") if link.get("rel") == "related"}
    assert f"{changes_server}/id/municipality/parnu" in related


def test_a_feed_reader_reads_the_feed_without_complaint(changes_server: str, two_builds: TwoBuilds) -> None:
    parsed = feedparser.parse(get(changes_server, "/changes.atom?lang=lv").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.id.rsplit("/", 1)[-1] for e in parsed.entries] == [two_builds.after.build_id, two_builds.before.build_id]
    assert "Pērnava" in parsed.entries[0].summary


def test_the_feed_revalidates_on_its_etag(changes_server: str) -> None:
    first = get(changes_server, "/changes.atom")
    again = get(changes_server, "/changes.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_reader_follows_a_change_to_the_new_partner_in_a_browser(changes_server: str, browser: WebDriver) -> None:
    browser.get(f"{changes_server}/changes?lang=en")
    newest = wait_for(browser, "the newest build", lambda b: b.find_element(By.CSS_SELECTOR, "section.build"))
    assert "Pärnu" in [a.text for a in newest.find_elements(By.CSS_SELECTOR, ".changed-resources a")]
    browser.find_element(By.CSS_SELECTOR, ".language a[hreflang='lv']").click()
    wait_for(browser, "the Latvian page", lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "lv")
    browser.find_element(By.LINK_TEXT, "Pērnava").click()
    wait_for(browser, "the partner's page", lambda b: b.find_element(By.TAG_NAME, "h1").text == "Pērnava")
    assert browser.current_url.startswith(f"{changes_server}/id/municipality/parnu")
