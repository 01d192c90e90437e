"""The drawing kit escapes what the data says: labels full of markup stay text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from coopgraph.web.pictures.fields import fields_chart_svg
from coopgraph.web.pictures.map import map_svg
from coopgraph.web.pictures.periods import project_period_svg
from coopgraph.web.pictures.svg import Labels
from coopgraph.web.pictures.timeline import timeline_svg
from tests.web.pictures.svg_reading import (
    BASE,
    HOME,
    SVG,
    classes,
    find_all,
    hygiene,
    parse,
)

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
    svg, unplaced = map_svg(nasty_store, "en", BASE, public, HOME)
    assert unplaced == []
    root = parse(str(svg))
    hygiene(root)
    assert "<script>" not in str(svg) and not list(root.iter(SVG + "script"))
    texts = [n.text for n in root.iter(SVG + "text")]
    assert NASTY in texts and "Daugavpils & <co>" in texts
    titles = [n.text for n in root.iter(SVG + "title")]
    assert f"{NASTY}, Land <&>\nMay 2001" in titles
    assert len(find_all(root, "a", "partner")) == 2

    timeline = parse(str(timeline_svg(nasty_store, "en", BASE, public, HOME)))
    marks = find_all(timeline, "a", "agreement")
    assert [m.find(SVG + "text").text for m in marks] == ["Far <&> away", NASTY]
    assert ["precision-year" in classes(m) for m in marks] == [True, False]

    chart = parse(str(fields_chart_svg(nasty_store, "en", BASE, public, HOME)))
    assert "Field <b>&</b>" in [n.text for n in chart.iter(SVG + "text")]

    period = parse(str(project_period_svg(nasty_store, BASE + "id/project/p", "en")))
    assert period.find(SVG + "title").text == "Period of Project <&>"
    assert find_all(period, "g", "period")[0].get("data-open") == "end"


def test_a_piece_avoids_only_the_kinds_it_must() -> None:
    taken = Labels()
    taken.reserve((0, 0, 10, 10), "label")
    taken.reserve((20, 0, 30, 10), "mark")
    line = ((25, 5, 26, 50), "line", ("label",))
    assert taken.first_fit([[((5, 5, 8, 8), "label", None)], [line]]) == 1, "a line may pass behind a mark"
    assert taken.kinds[-1] == "line"
    through = ((5, 5, 6, 50), "line", ("label",))
    assert taken.first_fit([[through]]) is None and len(taken.taken) == 3, "never through a label"
