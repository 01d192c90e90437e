"""A project's period as a bar on a time axis, at the precision the data gives.

Only an end known: the bar runs in from the left, faded, marked "start not
stated" (and the other way round). No date known: no picture.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pyoxigraph as ox
from markupsafe import Markup

from coopgraph.web.pictures.axis import YearScale, draw_axis
from coopgraph.web.pictures.graph import When, iri_ref, labels, query
from coopgraph.web.pictures.svg import INK, el, say, serialise, svg_root, uid_for

WIDTH = 1000.0
BAR_Y, BAR_H, AXIS_Y, HEIGHT = 34.0, 22.0, 66.0, 96.0
COLOUR = "#4f7cac"
FADE_STEPS = 6


def project_period_svg(store: ox.Store, project_iri: str, lang: str) -> Markup | None:
    """A project's period as a bar on a time axis at the precision the data gives, or None when no date is known."""
    start, end = _period(store, project_iri)
    if start is None and end is None:
        return None
    name = labels(store, [project_iri], lang)[project_iri]
    scale = _scale(start, end)
    shown_start = start.show(lang) if start else say("open", lang)
    shown_end = end.show(lang) if end else say("open", lang)
    root = svg_root(
        WIDTH,
        HEIGHT,
        "project-period",
        say("period_title", lang, name=name),
        say("period_desc", lang, a=shown_start, b=shown_end),
        uid_for("period", project_iri, lang),
    )
    x1 = scale.at_date(start.first) if start else scale.left
    x2 = scale.at_date(end.last + timedelta(days=1)) if end else scale.right
    bar = el(
        root,
        "g",
        class_="period",
        data_start=start.iso if start else None,
        data_end=end.iso if end else None,
        data_open="start" if start is None else "end" if end is None else None,
    )
    if start and end:
        el(bar, "rect", class_="period-bar", x=x1, y=BAR_Y, width=max(x2 - x1, 2.0), height=BAR_H, fill=COLOUR, rx="3")
    else:
        _draw_open_bar(bar, x1, x2, start_known=start is not None, lang=lang)
    if start:
        _date_label(bar, start.show(lang), "start-label", x1, "start" if x1 < WIDTH - 200 else "end")
    if end:
        _date_label(bar, end.show(lang), "end-label", x2, "end" if x2 > 200 else "start")
    draw_axis(
        root, scale, AXIS_Y, major=lambda year: True, label_x=lambda year: scale.at_date(date(year, 7, 1)), months=True
    )
    return serialise(root)


def _date_label(bar: ET.Element, text: str, css_class: str, x: float, anchor: str) -> None:
    """A known start or end, written above the bar's end it names."""
    el(bar, "text", text, class_=css_class, x=x, y=BAR_Y - 8, font_size="12.5", fill=INK, text_anchor=anchor)


def _period(store: ox.Store, project_iri: str) -> tuple[When | None, When | None]:
    try:
        ref = iri_ref(project_iri)
    except ValueError:
        return None, None
    rows = query(
        store,
        f"""SELECT ?s ?e WHERE {{ OPTIONAL {{ {ref} schema:startDate ?s }}
                                                 OPTIONAL {{ {ref} schema:endDate ?e }} }} LIMIT 1""",
    )
    if not rows:
        return None, None
    return When.parse(rows[0].get("s")), When.parse(rows[0].get("e"))


def _scale(start: When | None, end: When | None) -> YearScale:
    """The whole years the period covers; two years before an open start or after an open end."""
    if start and end:
        first, last = start.year, max(end.year, start.year)
    elif end:
        first, last = end.year - 2, end.year
    else:
        assert start is not None
        first, last = start.year, start.year + 2
    return YearScale(first, last, 20.0, 980.0, by_days=True)


def _draw_open_bar(bar: ET.Element, x1: float, x2: float, *, start_known: bool, lang: str) -> None:
    """A bar whose unknown end fades out, with a note saying which end is not stated."""
    fade = (x2 - x1) * 0.35
    solid_from, solid_to = (x1, x2 - fade) if start_known else (x1 + fade, x2)
    el(bar, "rect", class_="period-bar", x=solid_from, y=BAR_Y, width=solid_to - solid_from, height=BAR_H, fill=COLOUR)
    for i in range(FADE_STEPS):
        if start_known:
            sx, opacity = solid_to + fade * i / FADE_STEPS, (FADE_STEPS - i) / (FADE_STEPS + 1)
        else:
            sx, opacity = x1 + fade * i / FADE_STEPS, (i + 1) / (FADE_STEPS + 1)
        el(
            bar,
            "rect",
            class_="period-fade",
            x=sx,
            y=BAR_Y,
            width=fade / FADE_STEPS + 0.5,
            height=BAR_H,
            fill=COLOUR,
            fill_opacity=f"{opacity:.2f}",
        )
    note = say("end_unknown", lang) if start_known else say("start_unknown", lang)
    el(
        bar,
        "text",
        note,
        class_="open-note",
        x=x2 - 4 if start_known else x1 + 4,
        y=BAR_Y - 8,
        text_anchor="end" if start_known else "start",
        font_size="12.5",
        font_style="italic",
        fill="#5b6576",
    )
