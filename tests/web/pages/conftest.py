"""What the page tests share: servers of small extra datasets (to paginate, to escape, a hub)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server import running_server
from tests.web.pages.page_reading import EVIL, HUB_LINKS, ID

PREFIXES = [
    "@prefix coop: <https://w3id.org/coopgraph/ontology#> .",
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
]


def serve_turtle(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> Iterator[str]:
    """A server of a small dataset written for the test: coop: and rdfs: declared, one statement a line."""
    path = tmp_path_factory.mktemp("pages") / "extra.ttl"
    path.write_text("\n".join(PREFIXES + lines) + "\n", encoding="utf-8")
    with running_server(data=[path]) as url:
        yield url


@pytest.fixture(scope="module")
def many_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small extra dataset: 150 municipalities (to paginate) and one whose label is markup."""
    lines = [
        f'<{ID}municipality/town-{i:03d}> a coop:Municipality ; rdfs:label "Town {i:03d}"@en .' for i in range(150)
    ]
    evil = EVIL.replace('"', '\\"')
    lines.append(
        f'<{ID}municipality/evil> a coop:Municipality ; rdfs:label "{evil}"@en ; '
        f'rdfs:comment "</script><b>bold</b>"@en .'
    )
    yield from serve_turtle(tmp_path_factory, lines)


@pytest.fixture(scope="module")
def hub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A municipality that many agreements name as their party."""
    lines = [f'<{ID}municipality/hub> a coop:Municipality ; rdfs:label "Hub"@en .']
    lines.extend(
        f'<{ID}agreement/hub-{i:03d}> coop:party <{ID}municipality/hub> ; rdfs:label "Hub agreement {i:03d}"@en .'
        for i in range(HUB_LINKS)
    )
    yield from serve_turtle(tmp_path_factory, lines)
