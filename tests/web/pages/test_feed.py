"""The Atom feed as a harvester reads it: entries in order, each build's resources as related links, text kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser

from coopgraph.web.pages.feed import Entry, atom_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def entry(n: int, summary: str = "Resources changed: Riga") -> Entry:
    return Entry(
        entry_id=f"https://example.org/changes/{n}",
        title=f"Build {n}",
        updated=f"2026-12-0{n}T10:00:00+00:00",
        summary=summary,
        page=f"https://example.org/changes#build-{n}",
        resources=((f"https://example.org/id/town-{n}", f"Town {n}"),),
    )


def feed(*entries: Entry) -> bytes:
    return atom_feed(
        feed_id="https://example.org/changes",
        title="Changes",
        self_url="https://example.org/changes.atom",
        page_url="https://example.org/changes",
        lang="en",
        author="A city",
        entries=entries,
    )


def test_entries_keep_their_order_and_the_feed_is_as_new_as_the_newest() -> None:
    root = ET.fromstring(feed(entry(2), entry(1)))
    assert [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")] == [
        "https://example.org/changes/2",
        "https://example.org/changes/1",
    ]
    assert root.findtext(f"{ATOM}updated") == "2026-12-02T10:00:00+00:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "A city"


def test_each_changed_resource_is_a_related_link_with_its_name() -> None:
    root = ET.fromstring(feed(entry(1)))
    links = {(link.get("rel"), link.get("href"), link.get("title")) for link in root.iter(f"{ATOM}link")}
    assert ("related", "https://example.org/id/town-1", "Town 1") in links
    assert ("alternate", "https://example.org/changes#build-1", None) in links


def test_a_summary_with_markup_characters_reads_back_as_the_same_text() -> None:
    parsed = feedparser.parse(feed(entry(1, summary='Changed: "A & B" <Town>')))
    assert not parsed.bozo
    assert parsed.entries[0].summary == 'Changed: "A &amp; B" &lt;Town&gt;'  # escaped HTML, as type="html" says
    assert parsed.entries[0].summary_detail.type == "text/html"
