"""Country outlines and the map projection: Natural Earth 1:110m, shipped in ``geo/`` (see its README).

The outlines are read once per process. A :class:`Frame` projects a lon/lat
window onto a rectangle of the picture (equirectangular, scaled at the window's
middle latitude), which is all a map of one continent and an inset need.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopgraph.web.pictures.svg import el, num


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=1)
def outlines() -> tuple[Country, ...]:
    """Natural Earth 1:110m country outlines, read once per process from the package."""
    text = resources.files("coopgraph.web.pictures").joinpath("geo/countries-110m.json").read_text(encoding="utf-8")
    countries = []
    for item in json.loads(text)["countries"]:
        rings = tuple(tuple((float(x), float(y)) for x, y in ring) for ring in item["rings"])
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        countries.append(Country(item["name"], rings, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(countries)


@dataclass(frozen=True)
class Frame:
    """An equirectangular projection of a lon/lat window onto a rectangle of the picture."""

    west: float
    south: float
    east: float
    north: float
    x0: float
    y0: float
    width: float

    @property
    def k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return self.width / ((self.east - self.west) * self.k)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def xy(self, lat: float, long: float) -> tuple[float, float]:
        return (self.x0 + (long - self.west) * self.k * self.scale, self.y0 + (self.north - lat) * self.scale)

    def contains(self, lat: float, long: float) -> bool:
        return self.south <= lat <= self.north and self.west <= long <= self.east

    def path(self, country: Country) -> str | None:
        w, s, e, n = country.bbox
        if e < self.west or w > self.east or n < self.south or s > self.north:
            return None
        parts = []
        for ring in country.rings:
            xs = [x for x, _ in ring]
            ys = [y for _, y in ring]
            if max(xs) < self.west or min(xs) > self.east or max(ys) < self.south or min(ys) > self.north:
                continue
            points = []
            last = None
            for lon, lat in ring:
                x, y = self.xy(lat, lon)
                p = (num(x), num(y))
                if p != last:
                    points.append(p)
                    last = p
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
        return "".join(parts) or None


def window(points: list[tuple[float, float]], margin: float, aspect: float) -> tuple[float, float, float, float]:
    """A lon/lat window around ``points`` (lat, long) with ``margin`` degrees, widened to ``aspect`` (w/h)."""
    lats = [p[0] for p in points]
    longs = [p[1] for p in points]
    south, north = min(lats) - margin, max(lats) + margin
    west, east = min(longs) - margin, max(longs) + margin
    k = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * k, north - south
    if width / height < aspect:
        extra = (aspect * height / k - (east - west)) / 2
        west, east = west - extra, east + extra
    else:
        extra = (width / aspect - height) / 2
        south, north = south - extra, north + extra
    return west, south, east, north


def draw_countries(parent: ET.Element, frame: Frame, highlight: set[str]) -> None:
    group = el(
        parent, "g", class_="countries", fill="#f3f0e8", stroke="#b9b2a3", stroke_width="0.6", stroke_linejoin="round"
    )
    for country in outlines():
        d = frame.path(country)
        if d:
            el(group, "path", d=d, fill="#e6dcc6" if country.name in highlight else None)
