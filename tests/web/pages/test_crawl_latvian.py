"""A Latvian-speaking official walks the whole site in Latvian and meets no English interface word.

The crawl starts at the home page with ``Accept-Language: lv`` and follows every
internal link (pages, the SVG pictures, the editor). On each page every visible
piece of text is compared with the English forms of the words tables
(``i18n.WORDS`` and the pages' ``TEXTS``) that have a different Latvian form: a
match is a word left untranslated. Text marked as another language
(``lang="en"``), code and scripts are the data's or the machine's, not the
interface's, and are not read.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

from coopgraph.i18n import WORDS
from coopgraph.web.pages.words import TEXTS

MAX_PAGES = 4000
NUMERIC = {"n", "d", "a", "b", "added", "removed"}
NUMBERS = r"[\d\s.,\u00a0]+"
SKIPPED = {"script", "style", "code", "pre", "textarea", "template"}
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}


def english_forms() -> dict[str, re.Pattern[str]]:
    """Each English interface text that Latvian says differently, as a pattern (``{n}`` a number,
    ``{name}`` any text)."""
    forms = {key: (entry["en"], entry.get("lv", "")) for key, entry in WORDS.items()}
    forms.update({f"pages:{key}": pair for key, pair in TEXTS.items()})
    patterns = {}
    for key, (en, lv) in forms.items():
        if not en or en == lv:
            continue
        pieces = re.split(r"\{([a-z_]*)\}", en)
        regex = "".join(
            (NUMBERS if piece in NUMERIC else r".+?") if odd else re.escape(piece)
            for odd, piece in ((i % 2 == 1, piece) for i, piece in enumerate(pieces))
        )
        patterns[key] = re.compile(regex.strip(), re.IGNORECASE)
    return patterns


class VisibleText(HTMLParser):
    """The text nodes a reader sees (and the links), outside code, scripts and other-language parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        for name in ("href", "src", "data"):
            if attributes.get(name) and tag in ("a", "link", "img", "object", "iframe", "image"):
                self.links.append(attributes[name])
        if attributes.get("xlink:href") and tag == "a":
            self.links.append(attributes["xlink:href"])
        for name in ("title", "aria-label", "placeholder", "alt"):
            if attributes.get(name) and not self._hidden():
                self.texts.append(attributes[name])
        if tag in VOID:
            return
        other_language = attributes.get("lang", "lv").split("-")[0] not in ("lv", "")
        self._stack.append((tag, tag in SKIPPED or other_language or attributes.get("hreflang") == "en"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split()).strip(" :·,.()")
        if text and not self._hidden():
            self.texts.append(text)


def english_on(texts: list[str], patterns: dict[str, re.Pattern[str]]) -> list[str]:
    return [f"{text!r} ({key})" for text in texts for key, pattern in patterns.items() if pattern.fullmatch(text)]


def test_the_english_forms_are_found_in_an_english_text() -> None:
    patterns = english_forms()
    assert english_on(["Referenced by", "22 partners"], patterns)
    assert not english_on(["Uz to atsaucas", "22 partneri"], patterns)


def test_every_page_of_the_site_in_latvian_has_no_english_interface_word(server: str) -> None:
    patterns = english_forms()
    host = urlsplit(server).netloc
    session = requests.Session()
    session.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    session.headers["Accept-Language"] = "lv"
    start = server + "/?lang=lv"
    queue: deque[str] = deque([start])
    seen = {start}
    english: list[str] = []
    kinds: set[str] = set()
    while queue:
        url = queue.popleft()
        assert len(seen) <= MAX_PAGES, "the crawl did not end: a link generator loops"
        response = session.get(url, timeout=30)
        kind = response.headers.get("Content-Type", "").split(";")[0]
        if kind not in ("text/html", "image/svg+xml"):
            continue
        kinds.add(kind)
        page = VisibleText()
        page.feed(response.text)
        where = f"{urlsplit(url).path}?{urlsplit(url).query}"
        english.extend(f"{where}: {found}" for found in english_on(page.texts, patterns))
        for href in page.links:
            target = urldefrag(urljoin(url, href))[0]
            if urlsplit(target).netloc != host or "lang=en" in urlsplit(target).query or "/dumps/" in target:
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert kinds == {"text/html", "image/svg+xml"}
    assert len(seen) > 150
    assert not english, f"{len(english)} English interface words on Latvian pages:\n" + "\n".join(
        sorted(set(english))[:80]
    )
