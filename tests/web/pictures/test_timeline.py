"""The timeline: every agreement marked at the precision of its date."""

from __future__ import annotations

import requests

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
