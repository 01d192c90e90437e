"""The pictures: the partners' map, the agreements' timeline, the fields chart and project periods, as SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import requests

from coopgraph.web.pictures.decades import DECADE_COLOURS
from coopgraph.web.pictures.fields import fields_chart_svg
from coopgraph.web.pictures.geography import outlines
from coopgraph.web.pictures.map import map_svg
from coopgraph.web.pictures.periods import project_period_svg
from coopgraph.web.pictures.timeline import timeline_svg

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


def page_of(iri: str, server: str) -> str:
    return server + "/" + iri[len(BASE) :]


# --- the outlines ---------------------------------------------------------------------------------------------


def test_outlines_are_shipped_and_read_once() -> None:
    countries = outlines()
    assert outlines() is countries
    names = {c.name for c in countries}
    assert {"Latvia", "China", "Israel", "Norway", "Serbia"} <= names
    assert len(countries) > 150


# --- the map --------------------------------------------------------------------------------------------------


def test_the_map_has_a_marker_linking_to_each_located_partner(
    map_root: ET.Element, server: str, located: set[str], unlocated: set[str]
) -> None:
    hygiene(map_root, server)
    assert len(located) == 20 and unlocated == {
        HOME.replace("daugavpils", "raska"),
        HOME.replace("daugavpils", "moscow-central-administrative-okrug"),
    }
    markers = find_all(map_root, "a", "partner")
    hrefs = [m.get("href") for m in markers]
    assert sorted(hrefs) == sorted(page_of(p, server) for p in located)
    for partner in unlocated:
        assert page_of(partner, server) not in hrefs
    for marker in markers:
        assert marker.find(SVG + "circle") is not None
        tooltip = marker.find(SVG + "title")
        assert tooltip is not None and tooltip.text
    radom = next(m for m in markers if m.get("href", "").endswith("/id/municipality/radom"))
    assert radom.find(SVG + "title").text.splitlines() == ["Radom, Poland", "17 December 1993", "17 November 2003"]


def test_every_marker_leads_to_a_page_that_is_not_an_error(map_root: ET.Element) -> None:
    statuses = {}
    for marker in find_all(map_root, "a", "partner"):
        statuses[marker.get("href")] = requests.get(
            marker.get("href"), headers={"Accept": "text/html"}, timeout=30
        ).status_code
    assert all(status < 500 for status in statuses.values()), statuses
    missing = {href: s for href, s in statuses.items() if s != 200}
    assert not missing, f"pages of partners not served yet: {missing}"


def test_lines_are_coloured_by_the_decade_of_the_first_agreement(map_root: ET.Element, located: set[str]) -> None:
    lines = {n.get("data-partner"): n for n in find_all(map_root, "path", "link")}
    assert set(lines) == located
    assert lines[BASE + "id/municipality/radom"].get("stroke") == DECADE_COLOURS[1990]  # 1993, then 2003
    assert lines[BASE + "id/municipality/visaginas"].get("stroke") == DECADE_COLOURS[2020]
    assert lines[BASE + "id/municipality/kharkiv"].get("stroke") == DECADE_COLOURS[2000]
    assert lines[BASE + "id/municipality/harbin"].get("stroke") == DECADE_COLOURS[2000]
    assert lines[BASE + "id/municipality/magdeburg"].get("stroke") == DECADE_COLOURS[2010]
    legend = find_all(map_root, "g", "legend")
    assert len(legend) == 1
    text = all_text(legend[0])
    for decade, colour in DECADE_COLOURS.items():
        assert f"{decade}s" in text
        item = find_all(legend[0], "g", f"decade-{decade}")[0]
        assert item.find(SVG + "line").get("stroke") == colour


def test_far_partners_are_in_the_inset(map_root: ET.Element, server: str) -> None:
    inset = find_all(map_root, "g", "inset")
    assert len(inset) == 1
    hrefs = [a.get("href") for a in find_all(inset[0], "a", "partner")]
    assert hrefs == [server + "/id/municipality/harbin"]


def test_the_map_page_embeds_the_svg_and_lists_partners_not_on_the_map(server: str) -> None:
    response = requests.get(server + "/map", params={"lang": "en"}, timeout=30)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/html")
    html = response.text
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'href="/static/pictures.css"' in html or "pictures.css" in html
    not_on_map = html.split('class="not-on-map"', 1)[1].split("</p>", 1)[0]
    assert "Raška" in not_on_map and "Central Administrative Okrug of Moscow" in not_on_map
    assert f'href="{server}/id/municipality/raska"' in not_on_map
    latvian = requests.get(server + "/map", params={"lang": "lv"}, timeout=30).text
    assert "Radoma" in latvian and "Nav kartē" in latvian


def test_map_etag_and_not_modified(server: str) -> None:
    for path in ("/map", "/map.svg", "/timeline", "/timeline.svg", "/charts/fields.svg"):
        first = requests.get(server + path, timeout=30)
        assert first.status_code == 200, path
        etag = first.headers["ETag"]
        again = requests.get(server + path, headers={"If-None-Match": etag}, timeout=30)
        assert again.status_code == 304 and again.content == b"", path
        assert again.headers["ETag"] == etag
    english = requests.get(server + "/map", params={"lang": "en"}, timeout=30).headers["ETag"]
    latvian = requests.get(server + "/map", params={"lang": "lv"}, timeout=30).headers["ETag"]
    assert english != latvian
    assert (
        requests.get(server + "/map", params={"lang": "lv"}, headers={"If-None-Match": english}, timeout=30).status_code
        == 200
    )


# --- the timeline ---------------------------------------------------------------------------------------------


def test_the_timeline_marks_every_agreement(server: str) -> None:
    response = requests.get(server + "/timeline.svg", params={"lang": "en"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("image/svg+xml")
    root = parse(response.text)
    hygiene(root, server)
    marks = find_all(root, "a", "agreement")
    assert len(marks) == 23
    partners = [m.find(SVG + "text").text for m in marks]
    assert partners.count("Radom") == 2
    month = sorted(m.find(SVG + "text").text for m in marks if "precision-month" in classes(m))
    assert month == ["Lida", "Magdeburg"]
    for m in marks:
        mark = next(n for n in m if "mark" in classes(n))
        assert ("month" in classes(mark)) == ("precision-month" in classes(m))
        assert m.get("href").startswith(server + "/id/agreement/daugavpils-")
    ticks = find_all(root, "text", "tick-label")
    assert [t.text for t in ticks] == [str(y) for y in range(1990, 2026, 5)]
    legend = all_text(find_all(root, "g", "legend")[0])
    assert "month known, not the day" in legend and "date known to the day" in legend


def test_the_timeline_page(server: str) -> None:
    response = requests.get(server + "/timeline", params={"lang": "lv"}, timeout=30)
    assert response.status_code == 200, response.text[:500]
    assert "<svg" in response.text and "Radoma" in response.text


# --- the fields chart -----------------------------------------------------------------------------------------


def test_the_fields_chart_is_sorted_and_counts_partners(store: ox.Store, server: str) -> None:
    root = parse(str(fields_chart_svg(store, "en", BASE, server + "/")))
    hygiene(root, server)
    bars = find_all(root, "a", "bar")
    counts = [int(b.find(SVG + "rect").get("data-count")) for b in bars]
    assert len(bars) == 12 and counts == sorted(counts, reverse=True)
    top = bars[0]
    field_iri = BASE + top.get("href")[len(server) + 1 :]
    direct = rows(
        store,
        f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{
        ?a a coop:CooperationAgreement ; coop:party <{HOME}> , ?p ; coop:field ?f .
        ?f skos:broader* <{field_iri}> . FILTER(?p != <{HOME}>) }}""",
    )
    assert counts[0] == int(direct[0]["n"].value) > 0
    served = requests.get(server + "/charts/fields.svg", params={"lang": "lv"}, timeout=30)
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("image/svg+xml")
    assert "izglītība" in served.text
    for bar in bars:
        assert requests.get(bar.get("href"), timeout=30).status_code < 500


# --- project periods ------------------------------------------------------------------------------------------


def test_a_project_period_with_both_dates(store: ox.Store) -> None:
    markup = project_period_svg(store, PROJECT + "our-cities-pairing-on-environment-issues", "en")
    assert markup is not None
    root = parse(str(markup))
    hygiene(root)
    period = find_all(root, "g", "period")[0]
    assert (period.get("data-start"), period.get("data-end")) == ("2019-01-15", "2020-01-15")
    assert period.get("data-open") is None
    bar = find_all(period, "rect", "period-bar")[0]
    width = float(root.get("viewBox").split()[2])
    assert 0 < float(bar.get("x")) < float(bar.get("x")) + float(bar.get("width")) < width
    assert "15 January 2019" in all_text(root) and "15 January 2020" in all_text(root)


def test_a_project_with_only_an_end_has_an_open_start(store: ox.Store) -> None:
    root = parse(str(project_period_svg(store, PROJECT + "cities-of-change", "en")))
    period = find_all(root, "g", "period")[0]
    assert period.get("data-open") == "start" and period.get("data-end") == "2015-05-31"
    assert period.get("data-start") is None
    assert "start not stated" in all_text(root)
    latvian = parse(str(project_period_svg(store, PROJECT + "cities-of-change", "lv")))
    assert "sākums nav norādīts" in all_text(latvian)


def test_a_project_without_dates_has_no_period(store: ox.Store) -> None:
    assert project_period_svg(store, PROJECT + "green-energy-for-smart-cities", "en") is None
    assert project_period_svg(store, PROJECT + "no-such-project", "en") is None
    assert project_period_svg(store, "not an iri> } DROP ALL {", "en") is None


# --- escaping -------------------------------------------------------------------------------------------------

NASTY = "Ab<script>&amp;\"'</x>"


@pytest.fixture
def nasty_store() -> ox.Store:
    """A tiny graph whose labels are full of markup."""
    store = ox.Store()
    store.load(
        f"""
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <{BASE}id/> .
<{HOME}> rdfs:label "Daugavpils & <co>"@en ; geo:lat 55.88 ; geo:long 26.54 ;
    coop:partnerOf <{BASE}id/municipality/x> .
<{BASE}id/municipality/x> rdfs:label {json_string(NASTY)}@en ; geo:lat 52.0 ; geo:long 21.0 ;
    coop:partnerOf <{HOME}> ; coop:country <{BASE}id/country/x> .
<{BASE}id/municipality/y> rdfs:label "Far <&> away"@en ; geo:lat 45.0 ; geo:long 126.0 ;
    coop:partnerOf <{HOME}> .
<{BASE}id/country/x> rdfs:label "Land <&>"@en .
<{BASE}id/agreement/a> a coop:CooperationAgreement ; rdfs:label "Agreement <&>"@en ;
    coop:party <{HOME}> , <{BASE}id/municipality/x> ; coop:concluded "2001-05"^^xsd:gYearMonth ;
    coop:field <{BASE}id/field/f> .
<{BASE}id/agreement/b> a coop:CooperationAgreement ; rdfs:label "B"@en ;
    coop:party <{HOME}> , <{BASE}id/municipality/y> ; coop:concluded "1995"^^xsd:gYear .
<{BASE}id/scheme/s> skos:hasTopConcept <{BASE}id/field/f> .
<{BASE}id/field/f> skos:prefLabel "Field <b>&</b>"@en .
<{BASE}id/project/p> rdfs:label "Project <&>"@en ; schema:startDate "2019"^^xsd:gYear .
""",
        format=ox.RdfFormat.TURTLE,
    )
    return store


def json_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_labels_from_the_data_are_escaped(nasty_store: ox.Store) -> None:
    public = "http://example.test/"
    svg, unplaced = map_svg(nasty_store, "en", BASE, public)
    assert unplaced == []
    root = parse(str(svg))
    hygiene(root)
    assert "<script>" not in str(svg) and not list(root.iter(SVG + "script"))
    texts = [n.text for n in root.iter(SVG + "text")]
    assert NASTY in texts and "Daugavpils & <co>" in texts
    titles = [n.text for n in root.iter(SVG + "title")]
    assert f"{NASTY}, Land <&>\nMay 2001" in titles
    assert len(find_all(root, "a", "partner")) == 2

    timeline = parse(str(timeline_svg(nasty_store, "en", BASE, public)))
    marks = find_all(timeline, "a", "agreement")
    assert [m.find(SVG + "text").text for m in marks] == ["Far <&> away", NASTY]
    assert ["precision-year" in classes(m) for m in marks] == [True, False]

    chart = parse(str(fields_chart_svg(nasty_store, "en", BASE, public)))
    assert "Field <b>&</b>" in [n.text for n in chart.iter(SVG + "text")]

    period = parse(str(project_period_svg(nasty_store, BASE + "id/project/p", "en")))
    assert period.find(SVG + "title").text == "Period of Project <&>"
    assert find_all(period, "g", "period")[0].get("data-open") == "end"
