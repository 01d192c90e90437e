"""A crawl of the site from its home page: no broken internal link, every resource reachable."""

from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pyoxigraph as ox
import requests

from tests.web.pages.page_reading import Page

MAX_PAGES = 4000
DATASET_ID = "https://w3id.org/coopgraph/id/"


def test_crawl_finds_no_broken_link_and_reaches_every_resource(server: str, store: ox.Store) -> None:
    host = urlsplit(server).netloc
    session = requests.Session()
    session.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    queue: deque[tuple[str, str]] = deque([(server + "/", "(start)")])
    seen: set[str] = {server + "/"}
    checked: dict[str, int] = {}
    broken: list[str] = []
    pages = 0
    while queue:
        url, found_on = queue.popleft()
        pages += 1
        assert pages <= MAX_PAGES, "the crawl did not end: a link generator loops"
        response = session.get(url, timeout=30)
        checked[url] = response.status_code
        if response.status_code >= 400:
            broken.append(f"{url} ({response.status_code}) linked from {found_on}")
            continue
        for link in requests.utils.parse_header_links(response.headers.get("Link", "")):
            target = urljoin(url, link["url"])
            if urlsplit(target).netloc == host and target not in checked and target not in seen:
                status = session.get(target, headers={"Accept": link.get("type", "*/*")}, timeout=30).status_code
                checked[target] = status
                if status >= 400:
                    broken.append(f"{target} ({status}) in the Link header of {url}")
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        page = Page(response.text)
        hrefs = [a.get("href", "") for a, _ in page.find("a")] + [a.get("href", "") for a, _ in page.find("link")]
        for href in hrefs:
            if not href or href.startswith(("mailto:", "javascript:")):
                continue
            target = urldefrag(urljoin(url, href))[0]
            if urlsplit(target).netloc != host or target in seen:
                continue
            seen.add(target)
            queue.append((target, url))
    assert not broken, "broken links:\n" + "\n".join(sorted(set(broken))[:50])

    reached = {urlsplit(url).path for url, status in checked.items() if status < 400}
    subjects = {
        q.subject.value
        for q in store.quads_for_pattern(None, None, None, None)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(DATASET_ID)
    }
    missing = sorted(iri for iri in subjects if "/" + iri[len("https://w3id.org/coopgraph/") :] not in reached)
    assert len(subjects) > 150
    assert not missing, f"{len(missing)} resources are not reachable from the home page: {missing[:20]}"
