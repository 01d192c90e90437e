"""The fields of cooperation by how many partners have an agreement in each (narrower fields rolled up)."""

from __future__ import annotations

import pyoxigraph as ox
from markupsafe import Markup

from coopgraph.web.links import page_url
from coopgraph.web.pictures.graph import iri_ref, labels, query
from coopgraph.web.pictures.svg import INK, el, heading, num, say, serialise, svg_root, text_width, uid_for


def field_partner_counts(store: ox.Store, home: str) -> dict[str, int]:
    """For each top concept of the fields: how many partners of ``home`` have an agreement naming it
    or a narrower field."""
    tops = {
        r["f"].value
        for r in query(
            store,
            """
        SELECT DISTINCT ?f WHERE { { ?s skos:hasTopConcept ?f } UNION { ?f skos:topConceptOf ?s } }""",
        )
    }
    counts = dict.fromkeys(tops, 0)
    for r in query(
        store,
        f"""
        SELECT ?top (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          {{ SELECT DISTINCT ?top WHERE {{ {{ ?s skos:hasTopConcept ?top }} UNION {{ ?top skos:topConceptOf ?s }} }} }}
          ?a a coop:CooperationAgreement ; coop:party {iri_ref(home)} , ?p ; coop:field ?f .
          FILTER(?p != {iri_ref(home)})
          ?f skos:broader* ?top .
        }} GROUP BY ?top""",
    ):
        counts[r["top"].value] = int(r["n"].value)
    return counts


def fields_chart_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str, home: str) -> Markup:
    """Horizontal bars: the top-level fields of cooperation by number of partners, most first.

    Each bar links to its field.
    """
    counts = field_partner_counts(store, home)
    names = labels(store, counts, lang)
    bars = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].casefold(), item[0]))
    size, bar_h, gap = 13.0, 22.0, 8.0
    label_w = min(max((text_width(names[f], size) for f, _ in bars), default=100) + 20, 360)
    left, top = label_w, 44.0
    width = 1000.0
    plot_w = width - left - 70
    most = max((n for _, n in bars), default=0) or 1
    height = top + len(bars) * (bar_h + gap) + 28
    uid = uid_for("fields", lang, public_base)
    title = say("fields_title", lang)
    root = svg_root(width, height, "fields-chart", title, say("fields_desc", lang, n=len(bars)), uid)
    heading(root, title, 10.0)
    step = 5 if most > 10 else 1 if most <= 5 else 2
    grid = el(root, "g", class_="grid", stroke="#d8dde5", stroke_width="1", font_size="11", fill="#5b6576")
    for value in range(0, most + 1, step):
        gx = left + value / most * plot_w
        el(grid, "line", x1=gx, y1=top - 6, x2=gx, y2=height - 24)
        el(grid, "text", str(value), x=gx, y=height - 8, text_anchor="middle", stroke="none")
    group = el(root, "g", class_="bars", font_size=num(size), fill=INK)
    for index, (concept, n) in enumerate(bars):
        y = top + index * (bar_h + gap)
        link = el(group, "a", class_="bar", href=page_url(concept, dataset_base, public_base))
        count = say("partner_1", lang) if n == 1 else say("partners_n", lang, n=n)
        el(link, "title", f"{names[concept]}: {count}")
        el(link, "text", names[concept], x=left - 10, y=y + bar_h / 2 + 4.5, text_anchor="end", class_="bar-label")
        el(
            link,
            "rect",
            x=left,
            y=y,
            width=max(n / most * plot_w, 1.5),
            height=bar_h,
            fill="#4f7cac",
            rx="2",
            class_="bar-rect",
            data_count=str(n),
        )
        el(
            link,
            "text",
            str(n),
            x=left + n / most * plot_w + 6,
            y=y + bar_h / 2 + 4.5,
            class_="bar-count",
            font_weight="600",
        )
    return serialise(root)
