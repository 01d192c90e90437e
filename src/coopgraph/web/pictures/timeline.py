"""The home municipality's agreements on a year axis, each at the precision its date is known.

A day is a filled circle, a month a hollow one, a year a hollow diamond. Marks
are stacked in lanes so that no label touches another label, a mark or a line
(:meth:`~coopgraph.web.pictures.svg.Labels.first_fit`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from markupsafe import Markup

from coopgraph.web.links import page_url
from coopgraph.web.pictures.axis import YearScale, draw_axis
from coopgraph.web.pictures.decades import decade_colour, decade_name, decade_of
from coopgraph.web.pictures.graph import Agreement, When, agreements_of, labels
from coopgraph.web.pictures.svg import (
    INK,
    Labels,
    Piece,
    el,
    heading,
    num,
    say,
    serialise,
    svg_root,
    text_width,
    uid_for,
)

TIMELINE_WIDTH = 1000.0
TIMELINE_YEARS = (1990, 2025)
LANE_HEIGHT = 23.0
LABEL_SIZE = 12.5
TOP = 46.0


@dataclass
class Row:
    """One agreement's mark: its x, its lane (0 nearest the axis) and its label (read to its right)."""

    agreement: Agreement
    when: When
    x: float
    lane: int
    label: str


def timeline_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str, home: str) -> Markup:
    """The home municipality's agreements on a year axis, stacked where they would overlap."""
    home_label = labels(store, [home], lang)[home]
    agreements = agreements_of(store, home)
    names = labels(store, [a.partner for a in agreements] + [a.iri for a in agreements], lang)
    scale = _scale(agreements)
    rows, lanes = _lanes(agreements, names, scale)
    axis_y = TOP + max(lanes, 1) * LANE_HEIGHT + 10
    legend_y = axis_y + 52
    title = say("timeline_title", lang, home=home_label)
    # a label near the right end widens the picture rather than turn back across the lines
    width = max([TIMELINE_WIDTH] + [row.x + 14 + _label_width(row.label) for row in rows])
    root = svg_root(
        width,
        legend_y + 22,
        "agreement-timeline",
        title,
        say("timeline_desc", lang, a=scale.first, b=scale.last, n=len(rows), home=home_label),
        uid_for("timeline", lang, public_base),
    )
    heading(root, title, scale.left)
    _draw_decade_bands(root, scale, axis_y)
    draw_axis(root, scale, axis_y, major=lambda year: year % 5 == 0, label_x=scale.at_year)
    _draw_gridlines(root, scale, axis_y)
    _draw_marks(root, rows, names, axis_y, lang, lambda iri: page_url(iri, dataset_base, public_base))
    _draw_legend(root, rows, scale.left, legend_y, lang)
    return serialise(root)


def _scale(agreements: list[Agreement]) -> YearScale:
    first, last = TIMELINE_YEARS
    years = [a.when.year for a in agreements if a.when]
    if years:
        first, last = min(first, min(years)), max(last, max(years))
    return YearScale(first, last, 24.0, TIMELINE_WIDTH - 24)


def _lanes(agreements: list[Agreement], names: dict[str, str], scale: YearScale) -> tuple[list[Row], int]:
    """Each dated agreement in the lowest lane where its label, its mark and its line fit; and how many
    lanes that takes.

    A label must not touch another label, a mark or the line of a mark above it; a line may pass behind
    marks, never through a label. Every label reads to the right of its mark and the marks are placed
    from right to left, so a line placed later (further left) never reaches a label placed before it:
    the lowest free lane is always one where nothing collides.
    """
    taken = Labels()
    rows = []
    dated = sorted((a for a in agreements if a.when), key=lambda a: (-a.when.first.toordinal(), names[a.partner]))  # type: ignore[union-attr]
    for agreement in dated:
        when = agreement.when
        assert when is not None
        x = scale.at_year(when.year + 0.5)
        label = names[agreement.partner]
        lane = taken.first_fit(_pieces(x, _label_width(label), n) for n in range(len(dated) + 1))
        assert lane is not None, "the lane above every other is free"
        rows.append(Row(agreement, when, x, lane, label))
    rows.reverse()
    return rows, max((row.lane + 1 for row in rows), default=0)


def _label_width(label: str) -> float:
    return text_width(label, LABEL_SIZE) + 4


def _pieces(x: float, width: float, lane: int) -> list[Piece]:
    """What a mark in ``lane`` takes, upwards from the axis at 0: its label, its mark and its line."""
    y = -(14 + lane * LANE_HEIGHT)
    return [
        ((x + 8, y - 8, x + 10 + width, y + 8), "label", None),
        ((x - 7, y - 7, x + 7, y + 7), "mark", ("label", "mark")),
        ((x - 1, y, x + 1, 0.0), "line", ("label",)),
    ]


def _draw_decade_bands(root: ET.Element, scale: YearScale, axis_y: float) -> None:
    """Faint decade bands, behind everything."""
    bands = el(root, "g", class_="decades")
    for decade in range(scale.first // 10 * 10, scale.last + 1, 10):
        a, b = max(decade, scale.first), min(decade + 10, scale.last + 1)
        el(
            bands,
            "rect",
            x=scale.at_year(a),
            y=TOP - 8,
            width=scale.at_year(b) - scale.at_year(a),
            height=axis_y - TOP + 8,
            fill=decade_colour(decade),
            fill_opacity="0.06",
        )


def _draw_gridlines(root: ET.Element, scale: YearScale, axis_y: float) -> None:
    grid = el(root, "g", class_="gridlines")
    for year in range(scale.first + 1, scale.last + 1):
        if year % 5 == 0:
            el(
                grid,
                "line",
                x1=scale.at_year(year),
                y1=TOP - 8,
                x2=scale.at_year(year),
                y2=axis_y,
                stroke="#d8dde5",
                stroke_width="1",
                stroke_dasharray="2 3",
            )


def _mark(parent: ET.Element, precision: str, x: float, y: float, colour: str, r: float = 6.0) -> ET.Element:
    """A filled circle for a day, a hollow circle for a month, a hollow diamond for a year."""
    if precision == "day":
        return el(parent, "circle", class_="mark day", cx=x, cy=y, r=r, fill=colour, stroke="#fff", stroke_width="1.5")
    if precision == "month":
        return el(
            parent, "circle", class_="mark month", cx=x, cy=y, r=r - 0.8, fill="#fff", stroke=colour, stroke_width="2.6"
        )
    s = r * 0.85
    return el(
        parent,
        "path",
        class_="mark year",
        d=f"M{num(x)} {num(y - s - 1.5)}l{num(s + 1.5)} {num(s + 1.5)}"
        f"l{num(-s - 1.5)} {num(s + 1.5)}l{num(-s - 1.5)} {num(-s - 1.5)}Z",
        fill="#fff",
        stroke=colour,
        stroke_width="2.4",
    )


def _draw_marks(
    root: ET.Element, rows: list[Row], names: dict[str, str], axis_y: float, lang: str, url: Callable[[str], str]
) -> None:
    stems = el(root, "g", class_="stems", stroke="#9aa5b1", stroke_width="1")
    marks = el(root, "g", class_="agreements", font_size=num(LABEL_SIZE), fill=INK)
    for row in rows:
        el(stems, "line", x1=row.x, y1=axis_y, x2=row.x, y2=axis_y - 14 - row.lane * LANE_HEIGHT)
    for row in rows:
        y = axis_y - 14 - row.lane * LANE_HEIGHT
        link = el(marks, "a", class_=f"agreement precision-{row.when.precision}", href=url(row.agreement.iri))
        el(link, "title", f"{names[row.agreement.iri]}\n{row.when.show(lang)}")
        _mark(link, row.when.precision, row.x, y, decade_colour(decade_of(row.when)))
        el(
            link,
            "text",
            row.label,
            x=row.x + 10,
            y=y + 4.3,
            text_anchor="start",
            stroke="#fff",
            stroke_width="3",
            paint_order="stroke",
            stroke_linejoin="round",
        )


def _draw_legend(root: ET.Element, rows: list[Row], x: float, y: float, lang: str) -> None:
    """The three precisions' marks, then the decades' colours."""
    legend = el(root, "g", class_="legend", font_size="12.5", fill=INK)
    for precision in ("day", "month", "year"):
        _mark(legend, precision, x + 6, y - 4, "#444")
        text = say(f"precision_{precision}", lang)
        el(legend, "text", text, x=x + 18, y=y)
        x += 30 + text_width(text, 12.5) + 12
    x += 10
    for decade in sorted({decade_of(row.when) for row in rows}):  # type: ignore[type-var]
        el(legend, "rect", x=x, y=y - 11, width="12", height="12", fill=decade_colour(decade), rx="2")
        text = decade_name(decade, lang)  # type: ignore[arg-type]
        el(legend, "text", text, x=x + 17, y=y)
        x += 30 + text_width(text, 12.5)
