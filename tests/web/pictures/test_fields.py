"""The fields chart: top-level fields, sorted, counting partners."""

from __future__ import annotations

import pyoxigraph as ox
import requests

from coopgraph.web.pictures.fields import fields_chart_svg
from tests.web.pictures.svg_reading import (
    BASE,
    HOME,
    SVG,
    find_all,
    hygiene,
    parse,
    rows,
)


def test_the_fields_chart_is_sorted_and_counts_partners(store: ox.Store, server: str) -> None:
    root = parse(str(fields_chart_svg(store, "en", BASE, server + "/", HOME)))
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
