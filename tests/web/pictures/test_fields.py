"""The fields chart: top-level fields, sorted, counting agreements with narrower fields included,
the same numbers as the table beside it."""

from __future__ import annotations

import pyoxigraph as ox
import requests

from coopgraph.web.pictures.fields import fields_chart_svg
from tests.web.pages.page_reading import Page
from tests.web.pictures.svg_reading import (
    BASE,
    HOME,
    SVG,
    all_text,
    find_all,
    hygiene,
    parse,
    rows,
)


def test_the_fields_chart_is_sorted_and_counts_agreements_with_narrower_fields(store: ox.Store, server: str) -> None:
    root = parse(str(fields_chart_svg(store, "en", BASE, server + "/", HOME)))
    hygiene(root, server)
    bars = find_all(root, "a", "bar")
    counts = [int(b.find(SVG + "rect").get("data-count")) for b in bars]
    assert len(bars) == 12 and counts == sorted(counts, reverse=True)
    top = bars[0]
    field_iri = BASE + top.get("href")[len(server) + 1 :]
    direct = rows(
        store,
        f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
        ?a a coop:CooperationAgreement ; coop:field ?f . ?f skos:broader* <{field_iri}> }}""",
    )
    assert counts[0] == int(direct[0]["n"].value) > 0
    served = requests.get(server + "/charts/fields.svg", params={"lang": "lv"}, timeout=30)
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("image/svg+xml")
    assert "izglītība" in served.text
    for bar in bars:
        assert requests.get(bar.get("href"), timeout=30).status_code < 500


def test_the_chart_and_the_table_beside_it_say_the_same_numbers(server: str) -> None:
    page = requests.get(server + "/fields", params={"lang": "en"}, headers={"Accept": "text/html"}, timeout=30).text
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    bars = {
        all_text(b.find(SVG + "text[@class='bar-label']")): int(b.find(SVG + "text[@class='bar-count']").text)
        for b in find_all(parse(svg), "a", "bar")
    }
    table = Page(page)
    header = [t for a, t in table.find("th", scope="col")]
    column = next(i for i, t in enumerate(header) if t.startswith("Agreements"))
    assert "narrower fields included" in header[column]
    cells = [t for _, t in table.find("td")]
    by_field = dict(zip(cells[:: len(header)], (int(c) for c in cells[column :: len(header)]), strict=True))
    assert len(bars) == 12 and "education" in bars
    assert {field: by_field[field] for field in bars} == bars
    caption = table.texts("figcaption")[0]
    assert "narrower fields included" in caption
    assert "narrower fields included" in all_text(parse(svg))
