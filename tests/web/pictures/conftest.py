"""What the picture tests share: the partners located and not, and the map as served."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import requests

from tests.web.pictures.svg_reading import HOME, parse, rows


@pytest.fixture(scope="module")
def located(store: ox.Store) -> set[str]:
    """The partners of Daugavpils with coordinates, by SPARQL."""
    return {
        r["p"].value
        for r in rows(store, f"SELECT ?p WHERE {{ ?p coop:partnerOf <{HOME}> ; geo:lat ?la ; geo:long ?lo }}")
    }


@pytest.fixture(scope="module")
def unlocated(store: ox.Store) -> set[str]:
    return {
        r["p"].value
        for r in rows(
            store,
            f"""SELECT ?p WHERE {{ ?p coop:partnerOf <{HOME}>
                                                  FILTER NOT EXISTS {{ ?p geo:lat ?la }} }}""",
        )
    }


@pytest.fixture(scope="module")
def map_root(server: str) -> ET.Element:
    response = requests.get(server + "/map.svg", params={"lang": "en"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    return parse(response.text)
