"""What the page tests share: a server with an extra dataset to paginate and to escape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server import running_server
from tests.web.pages.page_reading import (
    EVIL,
    ID,
)


@pytest.fixture(scope="module")
def many_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small extra dataset: 150 municipalities (to paginate) and one whose label is markup."""
    path = tmp_path_factory.mktemp("pages") / "extra.ttl"
    lines = [
        "@prefix coop: <https://w3id.org/coopgraph/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
    ]
    lines.extend(
        f'<{ID}municipality/town-{i:03d}> a coop:Municipality ; rdfs:label "Town {i:03d}"@en .' for i in range(150)
    )
    evil = EVIL.replace('"', '\\"')
    lines.append(
        f'<{ID}municipality/evil> a coop:Municipality ; rdfs:label "{evil}"@en ; '
        f'rdfs:comment "</script><b>bold</b>"@en .'
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with running_server(data=[path]) as url:
        yield url
