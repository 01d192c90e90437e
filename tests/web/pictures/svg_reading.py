"""Reading the pictures back: parse an SVG, find its elements by class, check its hygiene."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyoxigraph as ox

SVG = "{http://www.w3.org/2000/svg}"
BASE = "https://w3id.org/coopgraph/"
HOME = BASE + "id/municipality/daugavpils"
PROJECT = BASE + "id/project/"
PREFIXES = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == SVG + "svg"
    return root


def classes(node: ET.Element) -> set[str]:
    return set(node.get("class", "").split())


def find_all(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [n for n in root.iter(SVG + tag) if cls in classes(n)]


def all_text(node: ET.Element) -> str:
    return "".join(node.itertext())


def hygiene(root: ET.Element, server: str | None = None) -> None:
    """viewBox, full width, an accessible name, no script, no reference outside the picture or the server."""
    assert root.get("viewBox") and root.get("width") == "100%"
    assert root.get("role") == "img"
    assert root.find(SVG + "title") is not None and root.find(SVG + "desc") is not None
    assert not list(root.iter(SVG + "script")) and not list(root.iter(SVG + "foreignObject"))
    for node in root.iter():
        for name, value in node.attrib.items():
            assert not name.startswith("on"), name
            if name in ("href", "{http://www.w3.org/1999/xlink}href") and server is not None:
                assert value.startswith(server + "/"), value
            assert "url(http" not in value and "javascript:" not in value


def rows(store: ox.Store, query: str) -> list:
    return list(store.query(PREFIXES + query, use_default_graph_as_union=True))


def page_of(iri: str, server: str) -> str:
    return server + "/" + iri[len(BASE) :]
