"""The timeline: every agreement marked at the precision of its date."""

from __future__ import annotations

import random

import requests

from coopgraph.web.pictures.graph import Agreement, When
from coopgraph.web.pictures.svg import overlap, text_width
from coopgraph.web.pictures.timeline import LABEL_SIZE, LANE_HEIGHT, _lanes, _scale
from tests.web.pictures.svg_reading import (
    SVG,
    all_text,
    classes,
    find_all,
    hygiene,
    parse,
)


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


def test_dense_agreements_with_long_names_get_lanes_where_no_label_touches_a_line_or_a_mark() -> None:
    chooser = random.Random(9)
    agreements = [
        Agreement(f"a{i}", f"p{i}", When(chooser.randint(2010, 2025), chooser.randint(1, 12), 1, "month"))
        for i in range(40)
    ]
    names = {a.partner: "Partner " + "x" * chooser.randint(2, 30) for a in agreements}
    rows, lanes = _lanes(agreements, names, _scale(agreements))
    assert len(rows) == 40 and lanes == max(r.lane for r in rows) + 1
    texts, marks, lines = [], [], []
    for row in rows:
        y = -(14 + row.lane * LANE_HEIGHT)
        texts.append((row.x + 10, y - 7, row.x + 10 + text_width(row.label, LABEL_SIZE), y + 7))
        marks.append((row.x - 6, y - 6, row.x + 6, y + 6))
        lines.append((row.x - 0.5, y, row.x + 0.5, 0.0))
    clashes = [
        (rows[i].label, what)
        for i, text in enumerate(texts)
        for j in range(len(rows))
        if i != j
        for what, box in (("label", texts[j]), ("mark", marks[j]), ("line", lines[j]))
        if overlap(text, box) > 0
    ]
    assert not clashes
