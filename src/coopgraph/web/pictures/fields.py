"""The top fields of cooperation by how many agreements name each, narrower fields included.

An agreement that names pupil exchange counts for education too; the fields
index beside the chart counts the same way (:func:`field_agreement_counts`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

import pyoxigraph as ox
from babel.numbers import format_decimal
from markupsafe import Markup

from coopgraph.web.links import page_url
from coopgraph.web.pictures.graph import iri_ref, labels, query
from coopgraph.web.pictures.svg import INK, el, heading, num, say, serialise, svg_root, text_width, uid_for


def top_fields(store: ox.Store) -> list[str]:
    """The top concepts of the fields' schemes."""
    rows = query(store, "SELECT DISTINCT ?f WHERE { { ?s skos:hasTopConcept ?f } UNION { ?f skos:topConceptOf ?s } }")
    return sorted(r["f"].value for r in rows)


def field_agreement_counts(store: ox.Store, fields: Iterable[str]) -> dict[str, int]:
    """For each field: how many cooperation agreements name it or a narrower field.

    The fields index counts with this too, so the chart and the table beside it say the same numbers.
    """
    wanted = sorted(set(fields))
    counts = dict.fromkeys(wanted, 0)
    if not wanted:
        return counts
    for r in query(
        store,
        f"""
        SELECT ?top (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          VALUES ?top {{ {" ".join(iri_ref(f) for f in wanted)} }}
          ?f skos:broader* ?top .
          ?a coop:field ?f ; a coop:CooperationAgreement .
        }} GROUP BY ?top""",
    ):
        counts[r["top"].value] = int(r["n"].value)
    return counts


def fields_chart_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str, home: str) -> Markup:
    """Horizontal bars: the top-level fields of cooperation by number of agreements (narrower fields
    included), most first, with the axis saying what it counts. Each bar links to its field."""
    counts = field_agreement_counts(store, top_fields(store))
    names = labels(store, counts, lang)
    bars = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].casefold(), item[0]))
    size, bar_h, gap = 13.0, 22.0, 8.0
    label_w = min(max((text_width(names[f], size) for f, _ in bars), default=100) + 20, 360)
    left, top = label_w, 44.0
    width = 1000.0
    plot_w = width - left - 70
    most = max((n for _, n in bars), default=0) or 1
    height = top + len(bars) * (bar_h + gap) + 46
    uid = uid_for("fields", lang, public_base)
    title = say("fields_title", lang)
    root = svg_root(width, height, "fields-chart", title, say("fields_desc", lang, n=len(bars)), uid)
    heading(root, title, 10.0)
    _draw_axis(root, most, left, plot_w, top, height, lang)
    group = el(root, "g", class_="bars", font_size=num(size), fill=INK)
    for index, (concept, n) in enumerate(bars):
        y = top + index * (bar_h + gap)
        link = el(group, "a", class_="bar", href=page_url(concept, dataset_base, public_base))
        shown = format_decimal(n, locale=lang)
        count = say("agreement_1", lang) if n == 1 else say("agreements_n", lang, n=shown)
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
            shown,
            x=left + n / most * plot_w + 6,
            y=y + bar_h / 2 + 4.5,
            class_="bar-count",
            font_weight="600",
        )
    return serialise(root)


def _draw_axis(root: ET.Element, most: int, left: float, plot_w: float, top: float, height: float, lang: str) -> None:
    """The count's gridlines and numbers (in the reader's format), and under them what is counted."""
    what = say("fields_axis", lang)
    step = 5 if most > 10 else 1 if most <= 5 else 2
    grid = el(root, "g", class_="grid", stroke="#d8dde5", stroke_width="1", font_size="11", fill="#5b6576")
    for value in range(0, most + 1, step):
        gx = left + value / most * plot_w
        el(grid, "line", x1=gx, y1=top - 6, x2=gx, y2=height - 42)
        el(grid, "text", format_decimal(value, locale=lang), x=gx, y=height - 26, text_anchor="middle", stroke="none")
    el(root, "text", what, x=left + plot_w / 2, y=height - 6, text_anchor="middle", class_="axis-title", font_size="12")
