"""Time axes: a linear scale from years (or days) to x, and the axis line with its ticks and labels.

The timeline and a project's period share them: both place dates on a year
axis, the timeline over decades with a label every five years, a period over a
few years with month ticks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from coopgraph.web.pictures.svg import INK, el


@dataclass(frozen=True)
class YearScale:
    """Whole years ``first``..``last`` (inclusive) spread over ``left``..``right``."""

    first: int
    last: int
    left: float
    right: float
    by_days: bool = False
    """Count in days (a period of a few years) rather than in years (decades of agreements)."""

    @property
    def start(self) -> date:
        return date(self.first, 1, 1)

    @property
    def end(self) -> date:
        return date(self.last + 1, 1, 1)

    def at_year(self, year: float) -> float:
        """x of a (fractional) year: 1990.5 is the middle of 1990."""
        return self.left + (year - self.first) / (self.last + 1 - self.first) * (self.right - self.left)

    def at_date(self, day: date) -> float:
        """x of a day, counted in days, so a month's tick falls on its first day."""
        total = (self.end - self.start).days
        return self.left + (day - self.start).days / total * (self.right - self.left)

    def at_new_year(self, year: int) -> float:
        return self.at_date(date(year, 1, 1)) if self.by_days else self.at_year(year)


def draw_axis(
    parent: ET.Element,
    scale: YearScale,
    y: float,
    *,
    major: Callable[[int], bool],
    label_x: Callable[[int], float],
    months: bool = False,
) -> ET.Element:
    """The axis line at ``y`` with a tick at each new year (long where ``major``), a label under each
    major year at ``label_x(year)``, and with ``months`` a short tick at each month."""
    axis = el(parent, "g", class_="axis", fill=INK, font_size="12")
    el(axis, "line", class_="axis-line", x1=scale.left, y1=y, x2=scale.right, y2=y, stroke=INK, stroke_width="1.2")
    for year in range(scale.first, scale.last + 2):
        x = scale.at_new_year(year)
        long = major(year)
        el(
            axis,
            "line",
            class_="tick major" if long else "tick",
            x1=x,
            y1=y,
            x2=x,
            y2=y + (8 if long else 4),
            stroke=INK,
            stroke_width="1",
        )
        if long and year <= scale.last:
            el(axis, "text", str(year), class_="tick-label", x=label_x(year), y=y + 22, text_anchor="middle")
        if months and year <= scale.last:
            for month in range(2, 13):
                mx = scale.at_date(date(year, month, 1))
                el(axis, "line", class_="tick", x1=mx, y1=y, x2=mx, y2=y + 3.5, stroke="#8a94a3")
    return axis
