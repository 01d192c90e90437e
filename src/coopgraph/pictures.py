"""Pictures drawn from SPARQL over the graph as SVG: the partners' map, the agreements' timeline, charts.

Everything is drawn on the server at request time from the published store, as
plain SVG: no JavaScript, no tiles, no external references, readable offline.
The SVG is built as an element tree (:mod:`xml.etree.ElementTree`), so every
label that comes from the data is escaped by the serialiser, never pasted into
markup. The country outlines are Natural Earth 1:110m, shipped in
``coopgraph/geo`` (see its README) and read once per process.

Functions other views embed:

* :func:`fields_chart_svg` — the fields of cooperation by number of partners;
* :func:`project_period_svg` — a project's period on a time axis.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from markupsafe import Markup

from .endpoint import conditional, etag_for, not_modified
from .i18n import reader_language, word
from .links import page_url, with_slash
from .published import Published
from .published import current as published

blueprint = Blueprint("pictures", __name__)

SVG_NS = "http://www.w3.org/2000/svg"
COOP = "https://w3id.org/coopgraph/ontology#"
PREFIXES = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
HOME_PATH = "id/municipality/daugavpils"
"""The municipality whose cooperation is drawn, under the dataset base."""

# Okabe–Ito colours: told apart with the common colour-vision deficiencies.
DECADE_COLOURS = {1990: "#0072B2", 2000: "#E69F00", 2010: "#009E73", 2020: "#CC79A7"}
OTHER_DECADE_COLOUR = "#666666"
HOME_COLOUR = "#7a1f2b"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


MONTHS = {
    "en": [calendar.month_name[i] for i in range(1, 13)],
    "lv": ["janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris",
           "oktobris", "novembris", "decembris"],
}


def say(key: str, lang: str, **values: object) -> str:
    """An interface phrase in ``lang`` with ``values`` filled in."""
    return word(key, lang).format(**values)


# --------------------------------------------------------------------------------------------------------------
# SVG building: an element tree, so the serialiser escapes every text and attribute
# --------------------------------------------------------------------------------------------------------------


def num(value: float) -> str:
    """A coordinate, short: one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    """A child element; attribute names use ``_`` for ``-`` (``font_size``) and a trailing ``_`` for keywords."""
    clean = {}
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        clean[name] = num(value) if isinstance(value, float) else str(value)
    node = ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)
    if text is not None:
        node.text = text
    return node


def svg_root(width: float, height: float, css_class: str, title: str, desc: str, uid: str) -> ET.Element:
    """An ``<svg>`` that scales to its container, with an accessible name and description."""
    root = el(None, "svg", xmlns=SVG_NS, viewBox=f"0 0 {num(width)} {num(height)}", width="100%",
              role="img", class_=f"coopgraph-picture {css_class}", aria_labelledby=f"{uid}-title {uid}-desc",
              font_family=FONT, preserveAspectRatio="xMidYMid meet")
    el(root, "title", title, id=f"{uid}-title")
    el(root, "desc", desc, id=f"{uid}-desc")
    return root


def serialise(root: ET.Element) -> Markup:
    return Markup(ET.tostring(root, encoding="unicode", short_empty_elements=True))


def text_width(text: str, size: float) -> float:
    """An estimate of the width of ``text`` in a sans-serif face (no font metrics on the server)."""
    wide = sum(1 for c in text if c.isupper() or c in "mwMW")
    return size * (0.55 * len(text) + 0.12 * wide)


def uid_for(*parts: str) -> str:
    """An id prefix unique to one picture, so several inline SVGs on a page never share ids."""
    return "cg" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:8]


# --------------------------------------------------------------------------------------------------------------
# Reading the graph
# --------------------------------------------------------------------------------------------------------------


def query(store: ox.Store, text: str) -> list[dict[str, ox.Term]]:
    rows = store.query(PREFIXES + text, use_default_graph_as_union=True)
    variables = [v.value for v in rows.variables]
    return [{name: row[name] for name in variables if row[name] is not None} for row in rows]


SAFE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def iri_ref(iri: str) -> str:
    if not SAFE_IRI.match(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def labels(store: ox.Store, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label of each IRI in ``lang`` (else English, else any), from skos:prefLabel or rdfs:label."""
    iris = sorted(set(iris))
    if not iris:
        return {}
    values = " ".join(iri_ref(i) for i in iris)
    found: dict[str, dict[str, str]] = {}
    for row in query(store, f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                            f"{{ ?s skos:prefLabel ?l }} UNION {{ ?s rdfs:label ?l }} }}"):
        literal = row["l"]
        found.setdefault(row["s"].value, {}).setdefault(literal.language or "", literal.value)
    out = {}
    for iri in iris:
        forms = found.get(iri, {})
        out[iri] = forms.get(lang) or forms.get("en") or forms.get("") or next(iter(forms.values()), None) \
            or iri.rstrip("/").rsplit("/", 1)[-1]
    return out


@dataclass(frozen=True, order=True)
class When:
    """A date at the precision the data gives: ``day``, ``month`` or ``year``."""

    year: int
    month: int = 1
    day: int = 1
    precision: str = "day"

    @classmethod
    def parse(cls, literal: ox.Term | None) -> When | None:
        if not isinstance(literal, ox.Literal):
            return None
        match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", literal.value)
        if not match:
            return None
        year, month, day = match.groups()
        kind = literal.datatype.value.rsplit("#", 1)[-1]
        if day and kind in ("date", "dateTime", "dateTimeStamp"):
            return cls(int(year), int(month), int(day), "day")
        if month and kind == "gYearMonth":
            return cls(int(year), int(month), 1, "month")
        if kind == "gYear" or not month:
            return cls(int(year), 1, 1, "year")
        return cls(int(year), int(month), 1, "month")

    @property
    def first(self) -> date:
        """The first day this covers."""
        return date(self.year, self.month, self.day)

    @property
    def last(self) -> date:
        """The last day this covers."""
        if self.precision == "day":
            return date(self.year, self.month, self.day)
        if self.precision == "month":
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def show(self, lang: str) -> str:
        month = MONTHS.get(lang, MONTHS["en"])[self.month - 1]
        if lang == "lv":
            if self.precision == "day":
                return f"{self.year}. gada {self.day}. {month}"
            if self.precision == "month":
                return f"{self.year}. gada {month}"
            return f"{self.year}. gads"
        if self.precision == "day":
            return f"{self.day} {month} {self.year}"
        if self.precision == "month":
            return f"{month} {self.year}"
        return str(self.year)


def decade_of(when: When | None) -> int | None:
    return None if when is None else when.year // 10 * 10


def decade_colour(decade: int | None) -> str:
    return DECADE_COLOURS.get(decade, OTHER_DECADE_COLOUR) if decade is not None else OTHER_DECADE_COLOUR


def decade_name(decade: int, lang: str) -> str:
    return say("decade", lang, d=decade)


@dataclass
class Agreement:
    iri: str
    partner: str
    when: When | None
    label: str = ""


@dataclass
class Partner:
    iri: str
    label: str
    country: str
    country_en: str
    lat: float | None
    long: float | None
    agreements: list[Agreement] = field(default_factory=list)

    @property
    def first(self) -> When | None:
        dates = [a.when for a in self.agreements if a.when is not None]
        return min(dates, key=lambda w: (w.first, w.last)) if dates else None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.long is not None


def home_iri(dataset_base: str) -> str:
    return with_slash(dataset_base) + HOME_PATH


def agreements_of(store: ox.Store, home: str) -> list[Agreement]:
    """Every cooperation agreement ``home`` is a party of, with the other party and the date concluded."""
    rows = query(store, f"""
        SELECT DISTINCT ?a ?p ?d WHERE {{
          ?a a coop:CooperationAgreement ; coop:party {iri_ref(home)} , ?p .
          FILTER(?p != {iri_ref(home)})
          OPTIONAL {{ ?a coop:concluded ?d }}
        }}""")
    return [Agreement(r["a"].value, r["p"].value, When.parse(r.get("d"))) for r in rows]


def partners_of(store: ox.Store, home: str, lang: str) -> list[Partner]:
    """The partners of ``home`` (``coop:partnerOf``), their place, country and agreements, sorted by label."""
    rows = query(store, f"""
        SELECT ?p (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?long) (SAMPLE(?c) AS ?country) WHERE {{
          ?p coop:partnerOf {iri_ref(home)} .
          OPTIONAL {{ ?p geo:lat ?la ; geo:long ?lo }}
          OPTIONAL {{ ?p coop:country ?c }}
        }} GROUP BY ?p""")
    countries = {r["country"].value for r in rows if "country" in r}
    names = labels(store, [r["p"].value for r in rows] + list(countries), lang)
    english = labels(store, countries, "en")
    partners: dict[str, Partner] = {}
    for r in rows:
        iri = r["p"].value
        country = r["country"].value if "country" in r else None
        partners[iri] = Partner(
            iri, names[iri], names[country] if country else "", english[country] if country else "",
            float(r["lat"].value) if "lat" in r else None, float(r["long"].value) if "long" in r else None,
        )
    for agreement in agreements_of(store, home):
        if agreement.partner in partners:
            partners[agreement.partner].agreements.append(agreement)
    for partner in partners.values():
        partner.agreements.sort(key=lambda a: (a.when is None, a.when.first if a.when else date.min, a.iri))
    return sorted(partners.values(), key=lambda p: (p.label.casefold(), p.iri))


def located_home(store: ox.Store, home: str) -> tuple[float, float] | None:
    rows = query(store, f"SELECT ?la ?lo WHERE {{ {iri_ref(home)} geo:lat ?la ; geo:long ?lo }} LIMIT 1")
    return (float(rows[0]["la"].value), float(rows[0]["lo"].value)) if rows else None


# --------------------------------------------------------------------------------------------------------------
# Country outlines
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=1)
def outlines() -> tuple[Country, ...]:
    """Natural Earth 1:110m country outlines, read once per process from the package."""
    text = resources.files("coopgraph").joinpath("geo/countries-110m.json").read_text(encoding="utf-8")
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
    group = el(parent, "g", class_="countries", fill="#f3f0e8", stroke="#b9b2a3", stroke_width="0.6",
               stroke_linejoin="round")
    for country in outlines():
        d = frame.path(country)
        if d:
            el(group, "path", d=d, fill="#e6dcc6" if country.name in highlight else None)


# --------------------------------------------------------------------------------------------------------------
# The map
# --------------------------------------------------------------------------------------------------------------

MAP_WIDTH = 1000.0
EUROPE = (-30.0, 70.0)  # the main map's longitudes; partners further away go to the inset
MARKER_R = 6.5
LABEL_SIZE = 13.0


@dataclass
class Placed:
    partner: Partner
    x: float
    y: float
    true_x: float
    true_y: float


def _dodge(markers: list[Placed], fixed: list[tuple[float, float]], gap: float) -> None:
    """Push markers apart that would hide each other; each keeps a leader line to its true place."""
    for _ in range(80):
        moved = False
        for i, a in enumerate(markers):
            others = [(b.x, b.y) for j, b in enumerate(markers) if j != i] + fixed
            for ox_, oy in others:
                dx, dy = a.x - ox_, a.y - oy
                dist = math.hypot(dx, dy)
                if dist < gap:
                    if dist < 1e-6:
                        dx, dy, dist = 1.0, -1.0, math.sqrt(2)
                    push = (gap - dist) / 2 + 0.3
                    a.x += dx / dist * push
                    a.y += dy / dist * push
                    moved = True
        if not moved:
            break


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_label(x: float, y: float, text: str, size: float, taken: list[tuple[float, float, float, float]],
                 bounds: tuple[float, float, float, float], r: float) -> tuple[float, float, str]:
    """Where to write a marker's label: the first candidate around it that overlaps nothing, else the least bad."""
    w, h = text_width(text, size), size
    pad = r + 3
    candidates = [
        (x + pad, y + h * 0.35, "start"), (x - pad, y + h * 0.35, "end"),
        (x + pad * 0.7, y - pad * 0.7, "start"), (x + pad * 0.7, y + pad * 0.7 + h * 0.7, "start"),
        (x - pad * 0.7, y - pad * 0.7, "end"), (x - pad * 0.7, y + pad * 0.7 + h * 0.7, "end"),
        (x, y - pad - 1, "middle"), (x, y + pad + h * 0.8, "middle"),
        (x + pad, y - h * 0.9, "start"), (x + pad, y + h * 1.6, "start"),
        (x - pad, y - h * 0.9, "end"), (x - pad, y + h * 1.6, "end"),
    ]
    best, best_cost = None, math.inf
    for order, (tx, ty, anchor) in enumerate(candidates):
        left = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
        box = (left - 1, ty - h * 0.8, left + w + 1, ty + h * 0.25)
        cost = sum(_overlap(box, t) for t in taken) + order * 0.01
        if box[0] < bounds[0] or box[2] > bounds[2] or box[1] < bounds[1] or box[3] > bounds[3]:
            cost += 10_000
        if cost < best_cost:
            best, best_cost = (tx, ty, anchor, box), cost
        if cost < 1:
            break
    assert best is not None
    taken.append(best[3])
    return best[0], best[1], best[2]


def _arc(x1: float, y1: float, x2: float, y2: float, bend: float = 0.12) -> str:
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    cx, cy = mx - dy * bend, my + dx * bend
    return f"M{num(x1)} {num(y1)}Q{num(cx)} {num(cy)} {num(x2)} {num(y2)}"


def _tooltip(partner: Partner, lang: str) -> str:
    lines = [f"{partner.label}, {partner.country}" if partner.country else partner.label]
    for agreement in partner.agreements:
        lines.append(agreement.when.show(lang) if agreement.when else say("no_date", lang))
    return "\n".join(lines)


def map_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str) -> tuple[Markup, list[Partner]]:
    """The map of the partners of the home municipality, and the partners that could not be placed on it."""
    home = home_iri(dataset_base)
    home_label = labels(store, [home], lang)[home]
    home_place = located_home(store, home)
    partners = partners_of(store, home, lang)
    located = [p for p in partners if p.located]
    unplaced = [p for p in partners if not p.located]
    uid = uid_for("map", lang, public_base)

    near = [p for p in located if EUROPE[0] <= p.long <= EUROPE[1]]  # type: ignore[operator]
    far = [p for p in located if p not in near]
    points = [(p.lat, p.long) for p in near] + ([home_place] if home_place else [])
    points = points or [(55.0, 25.0)]
    west, south, east, north = window(points, 3.0, 1.3)  # type: ignore[arg-type]
    main = Frame(west, south, east, north, 0.0, 0.0, MAP_WIDTH)
    height = main.height

    root = svg_root(MAP_WIDTH, height, "partner-map", say("map_title", lang, home=home_label),
                    say("map_desc", lang, n=len(located), home=home_label), uid)
    defs = el(root, "defs")
    clip = el(defs, "clipPath", id=f"{uid}-main")
    el(clip, "rect", x=0.0, y=0.0, width=MAP_WIDTH, height=height)
    el(root, "rect", class_="sea", x=0.0, y=0.0, width=MAP_WIDTH, height=height, fill="#e8f0f6")
    highlight = {p.country_en for p in partners} | {"Latvia"}
    body = el(root, "g", clip_path=f"url(#{uid}-main)")
    draw_countries(body, main, highlight)

    # the inset, for partners too far for the main map
    inset = None
    if far:
        far_points = [(p.lat, p.long) for p in far] + ([home_place] if home_place else [])
        iw, is_, ie, in_ = window(far_points, 9.0, 2.3)  # type: ignore[arg-type]
        inset_width = 300.0
        inset = Frame(iw, is_, ie, in_, MAP_WIDTH - inset_width - 12, 12.0 + 18, inset_width)

    taken: list[tuple[float, float, float, float]] = []
    if inset is not None:
        taken.append((inset.x0 - 6, inset.y0 - 24, inset.x0 + inset.width + 6, inset.y0 + inset.height + 6))

    # the legend, bottom left
    decades = sorted({decade_of(p.first) for p in located if p.first is not None})
    legend_h = 34 + 22 * (len(decades) + 1)
    legend_w = 190.0
    lx, ly = 12.0, height - legend_h - 12
    taken.append((lx - 4, ly - 4, lx + legend_w + 4, ly + legend_h + 4))

    hx, hy = main.xy(*home_place) if home_place else (MAP_WIDTH / 2, height / 2)
    placed = []
    for partner in near:
        x, y = main.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        placed.append(Placed(partner, x, y, x, y))
    _dodge(placed, [(hx, hy)], gap=2 * MARKER_R + 3)

    lines = el(body, "g", class_="links", fill="none", stroke_width="2.2", stroke_linecap="round", opacity="0.85")
    for mark in placed:
        decade = decade_of(mark.partner.first)
        el(lines, "path", class_=f"link decade-{decade}", d=_arc(hx, hy, mark.x, mark.y),
           stroke=decade_colour(decade), data_partner=mark.partner.iri)
    far_labels = []
    for partner in far:
        # towards the far partner, until the map's edge; the inset shows the rest
        tx, ty = main.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        decade = decade_of(partner.first)
        el(lines, "path", class_=f"link decade-{decade} to-inset", d=f"M{num(hx)} {num(hy)}L{num(tx)} {num(ty)}",
           stroke=decade_colour(decade), stroke_dasharray="7 5", data_partner=partner.iri)
        # where the line leaves the frame
        t = 1.0
        for edge_t in ((MAP_WIDTH - 4 - hx) / (tx - hx) if tx != hx else math.inf,
                       (4 - hx) / (tx - hx) if tx != hx else math.inf,
                       (height - 4 - hy) / (ty - hy) if ty != hy else math.inf,
                       (4 - hy) / (ty - hy) if ty != hy else math.inf):
            if 0 < edge_t < t:
                t = edge_t
        far_labels.append((partner, hx + (tx - hx) * t, hy + (ty - hy) * t))

    # markers: home first, then partners, each a link to its page
    markers = el(root, "g", class_="markers")
    leaders = el(markers, "g", class_="leaders", stroke="#333", stroke_width="1")
    for mark in placed:
        if math.hypot(mark.x - mark.true_x, mark.y - mark.true_y) > 2:
            el(leaders, "line", x1=mark.true_x, y1=mark.true_y, x2=mark.x, y2=mark.y)
            el(leaders, "circle", cx=mark.true_x, cy=mark.true_y, r="1.8", fill="#333", stroke="none")
    bounds = (2.0, 2.0, MAP_WIDTH - 2, height - 2)
    if home_place:
        home_link = el(markers, "a", class_="home", href=page_url(home, dataset_base, public_base))
        el(home_link, "title", home_label)
        el(home_link, "rect", x=hx - 7.5, y=hy - 7.5, width="15", height="15", fill=HOME_COLOUR, stroke="#fff",
           stroke_width="2", transform=f"rotate(45 {num(hx)} {num(hy)})")
        taken.append((hx - 9, hy - 9, hx + 9, hy + 9))
    for mark in placed:
        taken.append((mark.x - MARKER_R, mark.y - MARKER_R, mark.x + MARKER_R, mark.y + MARKER_R))
    label_group = el(root, "g", class_="labels", font_size=num(LABEL_SIZE), fill="#1d2430", stroke="#fff",
                     stroke_width="3.5", stroke_linejoin="round", paint_order="stroke")
    if home_place:
        tx, ty, anchor = _place_label(hx, hy, home_label, LABEL_SIZE + 2, taken, bounds, 9)
        el(label_group, "text", home_label, x=tx, y=ty, text_anchor=anchor, font_weight="700",
           font_size=num(LABEL_SIZE + 2), fill=HOME_COLOUR, class_="home-label")
    for mark in sorted(placed, key=lambda m: math.hypot(m.x - hx, m.y - hy)):
        partner = mark.partner
        decade = decade_of(partner.first)
        link = el(markers, "a", class_=f"partner decade-{decade}", href=page_url(partner.iri, dataset_base, public_base))
        el(link, "title", _tooltip(partner, lang))
        el(link, "circle", cx=mark.x, cy=mark.y, r=MARKER_R, fill=decade_colour(decade), stroke="#fff",
           stroke_width="1.8")
        tx, ty, anchor = _place_label(mark.x, mark.y, partner.label, LABEL_SIZE, taken, bounds, MARKER_R)
        el(label_group, "text", partner.label, x=tx, y=ty, text_anchor=anchor)
    for partner, ex, ey in far_labels:
        text = "→ " + say("inset_to", lang, name=partner.label)
        w = text_width(text, 12.0)
        tx, ty, anchor = min(ex - 6, MAP_WIDTH - 6), ey - 12, "end"
        if ey - 12 < 16:
            ty = ey + 20
        taken.append((tx - w, ty - 12, tx, ty + 3))
        el(label_group, "text", text, x=tx, y=ty, text_anchor=anchor, font_size="12", font_style="italic",
           class_="inset-pointer")

    if inset is not None:
        _draw_inset(root, inset, far, home_place, hx, hy, home_label, lang, dataset_base, public_base, uid,
                    highlight, main)

    _draw_legend(root, lx, ly, legend_w, legend_h, decades, home_label, lang)
    el(root, "rect", x=0.5, y=0.5, width=MAP_WIDTH - 1, height=height - 1, fill="none", stroke="#b9c4cf")
    return serialise(root), unplaced


def _draw_inset(root: ET.Element, inset: Frame, far: list[Partner], home_place: tuple[float, float] | None,
                hx: float, hy: float, home_label: str, lang: str, dataset_base: str, public_base: str, uid: str,
                highlight: set[str], main: Frame) -> None:
    group = el(root, "g", class_="inset")
    el(group, "rect", x=inset.x0 - 1, y=inset.y0 - 20, width=inset.width + 2, height=inset.height + 21,
       fill="#fff", stroke="#7b8794", stroke_width="1")
    el(group, "text", say("far_away", lang), x=inset.x0 + 6, y=inset.y0 - 6, font_size="12", font_weight="600",
       fill="#1d2430")
    clip = el(group, "clipPath", id=f"{uid}-inset")
    el(clip, "rect", x=inset.x0, y=inset.y0, width=inset.width, height=inset.height)
    body = el(group, "g", clip_path=f"url(#{uid}-inset)")
    el(body, "rect", x=inset.x0, y=inset.y0, width=inset.width, height=inset.height, fill="#e8f0f6")
    draw_countries(body, inset, highlight)
    # the main map's extent, for orientation
    x1, y1 = inset.xy(main.north, main.west)
    x2, y2 = inset.xy(main.south, main.east)
    el(body, "rect", x=x1, y=y1, width=x2 - x1, height=y2 - y1, fill="none", stroke="#7a1f2b",
       stroke_width="1", stroke_dasharray="3 2", class_="main-extent")
    if home_place:
        ihx, ihy = inset.xy(*home_place)
    else:
        ihx, ihy = inset.x0, inset.y0 + inset.height / 2
    for partner in far:
        px, py = inset.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        decade = decade_of(partner.first)
        el(body, "path", class_=f"link decade-{decade}", d=_arc(ihx, ihy, px, py, 0.08), fill="none",
           stroke=decade_colour(decade), stroke_width="2", opacity="0.85", data_partner=partner.iri)
    if home_place:
        el(body, "rect", x=ihx - 4, y=ihy - 4, width="8", height="8", fill=HOME_COLOUR, stroke="#fff",
           transform=f"rotate(45 {num(ihx)} {num(ihy)})")
    for partner in far:
        px, py = inset.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        decade = decade_of(partner.first)
        link = el(group, "a", class_=f"partner decade-{decade}", href=page_url(partner.iri, dataset_base, public_base))
        el(link, "title", _tooltip(partner, lang))
        el(link, "circle", cx=px, cy=py, r=MARKER_R, fill=decade_colour(decade), stroke="#fff", stroke_width="1.8")
        anchor = "end" if px > inset.x0 + inset.width * 0.7 else "start"
        el(group, "text", partner.label, x=px + (-9 if anchor == "end" else 9), y=py - 8, text_anchor=anchor,
           font_size="12", fill="#1d2430", stroke="#fff", stroke_width="3", paint_order="stroke")


def _draw_legend(root: ET.Element, x: float, y: float, w: float, h: float, decades: list[int | None],
                 home_label: str, lang: str) -> None:
    legend = el(root, "g", class_="legend", font_size="13", fill="#1d2430")
    el(legend, "rect", x=x, y=y, width=w, height=h, fill="#fff", fill_opacity="0.92", stroke="#b9c4cf", rx="4")
    el(legend, "text", say("first_agreement", lang), x=x + 10, y=y + 20, font_weight="700")
    row = y + 40
    for decade in decades:
        colour = decade_colour(decade)
        item = el(legend, "g", class_=f"legend-item decade-{decade}")
        el(item, "line", x1=x + 10, y1=row - 4, x2=x + 38, y2=row - 4, stroke=colour, stroke_width="2.5")
        el(item, "circle", cx=x + 38, cy=row - 4, r="5.5", fill=colour, stroke="#fff", stroke_width="1.5")
        el(item, "text", decade_name(decade, lang) if decade is not None else say("no_date", lang), x=x + 52, y=row)
        row += 22
    item = el(legend, "g", class_="legend-item home")
    el(item, "rect", x=x + 33, y=row - 9, width="10", height="10", fill=HOME_COLOUR,
       transform=f"rotate(45 {num(x + 38)} {num(row - 4)})")
    el(item, "text", home_label, x=x + 52, y=row)


# --------------------------------------------------------------------------------------------------------------
# The timeline
# --------------------------------------------------------------------------------------------------------------

TIMELINE_WIDTH = 1000.0
TIMELINE_YEARS = (1990, 2025)


def _mark(parent: ET.Element, precision: str, x: float, y: float, colour: str, r: float = 6.0) -> ET.Element:
    """A filled circle for a day, a hollow circle for a month, a hollow diamond for a year."""
    if precision == "day":
        return el(parent, "circle", class_="mark day", cx=x, cy=y, r=r, fill=colour, stroke="#fff",
                  stroke_width="1.5")
    if precision == "month":
        return el(parent, "circle", class_="mark month", cx=x, cy=y, r=r - 0.8, fill="#fff", stroke=colour,
                  stroke_width="2.6")
    s = r * 0.85
    return el(parent, "path", class_="mark year", d=f"M{num(x)} {num(y - s - 1.5)}l{num(s + 1.5)} {num(s + 1.5)}"
              f"l{num(-s - 1.5)} {num(s + 1.5)}l{num(-s - 1.5)} {num(-s - 1.5)}Z", fill="#fff", stroke=colour,
              stroke_width="2.4")


def timeline_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str) -> Markup:
    """The home municipality's agreements on a year axis, stacked where they would overlap."""
    home = home_iri(dataset_base)
    home_label = labels(store, [home], lang)[home]
    agreements = agreements_of(store, home)
    names = labels(store, [a.partner for a in agreements] + [a.iri for a in agreements], lang)
    first_year, last_year = TIMELINE_YEARS
    years = [a.when.year for a in agreements if a.when]
    if years:
        first_year, last_year = min(first_year, min(years)), max(last_year, max(years))
    left, right = 24.0, TIMELINE_WIDTH - 24
    span = last_year + 1 - first_year

    def x_of(year: float) -> float:
        return left + (year - first_year) / span * (right - left)

    # lanes: each agreement in the lowest lane where its mark and label fit
    lane_h, size = 23.0, 12.5
    lanes: list[list[tuple[float, float]]] = []
    rows = []
    dated = sorted((a for a in agreements if a.when), key=lambda a: (a.when.first, names[a.partner]))  # type: ignore[union-attr]
    for agreement in dated:
        x = x_of(agreement.when.year + 0.5)  # type: ignore[union-attr]
        label = names[agreement.partner]
        w = text_width(label, size)
        anchor = "start"
        interval = (x - 7, x + 10 + w)
        if interval[1] > TIMELINE_WIDTH - 4:
            anchor, interval = "end", (x - 10 - w, x + 7)
        for index, lane in enumerate(lanes):
            if all(interval[1] + 4 <= a or interval[0] >= b + 4 for a, b in lane):
                lane.append(interval)
                break
        else:
            lanes.append([interval])
            index = len(lanes) - 1
        rows.append((agreement, x, index, anchor, label))

    top = 46.0
    axis_y = top + max(len(lanes), 1) * lane_h + 10
    legend_y = axis_y + 52
    height = legend_y + 22
    uid = uid_for("timeline", lang, public_base)
    root = svg_root(TIMELINE_WIDTH, height, "agreement-timeline", say("timeline_title", lang, home=home_label),
                    say("timeline_desc", lang, a=first_year, b=last_year, n=len(dated), home=home_label), uid)
    el(root, "text", say("timeline_title", lang, home=home_label), x=left, y=22.0, font_size="15",
       font_weight="700", fill="#1d2430")

    # decade bands, faint, behind everything
    bands = el(root, "g", class_="decades")
    for decade in range(first_year // 10 * 10, last_year + 1, 10):
        a, b = max(decade, first_year), min(decade + 10, last_year + 1)
        el(bands, "rect", x=x_of(a), y=top - 8, width=x_of(b) - x_of(a), height=axis_y - top + 8,
           fill=decade_colour(decade), fill_opacity="0.06")

    axis = el(root, "g", class_="axis", fill="#1d2430", font_size="12")
    el(axis, "line", class_="axis-line", x1=left, y1=axis_y, x2=right, y2=axis_y, stroke="#1d2430",
       stroke_width="1.2")
    for year in range(first_year, last_year + 2):
        major = year % 5 == 0
        el(axis, "line", class_="tick major" if major else "tick", x1=x_of(year), y1=axis_y,
           x2=x_of(year), y2=axis_y + (8 if major else 4), stroke="#1d2430", stroke_width="1")
        if major and year <= last_year:
            el(axis, "text", str(year), class_="tick-label", x=x_of(year), y=axis_y + 22, text_anchor="middle")
        if major and first_year < year <= last_year:
            el(axis, "line", x1=x_of(year), y1=top - 8, x2=x_of(year), y2=axis_y, stroke="#d8dde5",
               stroke_width="1", stroke_dasharray="2 3")

    stems = el(root, "g", class_="stems", stroke="#9aa5b1", stroke_width="1")
    marks = el(root, "g", class_="agreements", font_size=num(size), fill="#1d2430")
    for agreement, x, lane, anchor, label in rows:
        y = axis_y - 14 - lane * lane_h
        el(stems, "line", x1=x, y1=axis_y, x2=x, y2=y)
    for agreement, x, lane, anchor, label in rows:
        when = agreement.when
        assert when is not None
        y = axis_y - 14 - lane * lane_h
        decade = decade_of(when)
        link = el(marks, "a", class_=f"agreement precision-{when.precision}",
                  href=page_url(agreement.iri, dataset_base, public_base))
        el(link, "title", f"{names[agreement.iri]}\n{when.show(lang)}")
        _mark(link, when.precision, x, y, decade_colour(decade))
        el(link, "text", label, x=x + (10 if anchor == "start" else -10), y=y + 4.3, text_anchor=anchor,
           stroke="#fff", stroke_width="3", paint_order="stroke", stroke_linejoin="round")

    legend = el(root, "g", class_="legend", font_size="12.5", fill="#1d2430")
    lx = left
    for precision in ("day", "month", "year"):
        _mark(legend, precision, lx + 6, legend_y - 4, "#444")
        text = say(f"precision_{precision}", lang)
        el(legend, "text", text, x=lx + 18, y=legend_y)
        lx += 30 + text_width(text, 12.5) + 12
    lx += 10
    for decade in sorted({decade_of(a.when) for a in dated}):  # type: ignore[type-var]
        el(legend, "rect", x=lx, y=legend_y - 11, width="12", height="12", fill=decade_colour(decade), rx="2")
        text = decade_name(decade, lang)  # type: ignore[arg-type]
        el(legend, "text", text, x=lx + 17, y=legend_y)
        lx += 30 + text_width(text, 12.5)
    return serialise(root)


# --------------------------------------------------------------------------------------------------------------
# Charts for other pages
# --------------------------------------------------------------------------------------------------------------


def field_partner_counts(store: ox.Store, home: str) -> dict[str, int]:
    """For each top concept of the fields: how many partners of ``home`` have an agreement naming it or a narrower field."""
    tops = {r["f"].value for r in query(store, """
        SELECT DISTINCT ?f WHERE { { ?s skos:hasTopConcept ?f } UNION { ?f skos:topConceptOf ?s } }""")}
    counts = {f: 0 for f in tops}
    for r in query(store, f"""
        SELECT ?top (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          {{ SELECT DISTINCT ?top WHERE {{ {{ ?s skos:hasTopConcept ?top }} UNION {{ ?top skos:topConceptOf ?s }} }} }}
          ?a a coop:CooperationAgreement ; coop:party {iri_ref(home)} , ?p ; coop:field ?f .
          FILTER(?p != {iri_ref(home)})
          ?f skos:broader* ?top .
        }} GROUP BY ?top"""):
        counts[r["top"].value] = int(r["n"].value)
    return counts


def fields_chart_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str) -> Markup:
    """Horizontal bars: the top-level fields of cooperation by number of partners, most first; each bar links to its field."""
    home = home_iri(dataset_base)
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
    el(root, "text", title, x=10.0, y=22.0, font_size="15", font_weight="700", fill="#1d2430")
    step = 5 if most > 10 else 1 if most <= 5 else 2
    grid = el(root, "g", class_="grid", stroke="#d8dde5", stroke_width="1", font_size="11", fill="#5b6576")
    for value in range(0, most + 1, step):
        gx = left + value / most * plot_w
        el(grid, "line", x1=gx, y1=top - 6, x2=gx, y2=height - 24)
        el(grid, "text", str(value), x=gx, y=height - 8, text_anchor="middle", stroke="none")
    group = el(root, "g", class_="bars", font_size=num(size), fill="#1d2430")
    for index, (concept, n) in enumerate(bars):
        y = top + index * (bar_h + gap)
        link = el(group, "a", class_="bar", href=page_url(concept, dataset_base, public_base))
        count = say("partner_1", lang) if n == 1 else say("partners_n", lang, n=n)
        el(link, "title", f"{names[concept]}: {count}")
        el(link, "text", names[concept], x=left - 10, y=y + bar_h / 2 + 4.5, text_anchor="end", class_="bar-label")
        el(link, "rect", x=left, y=y, width=max(n / most * plot_w, 1.5), height=bar_h, fill="#4f7cac", rx="2",
           class_="bar-rect", data_count=str(n))
        el(link, "text", str(n), x=left + n / most * plot_w + 6, y=y + bar_h / 2 + 4.5, class_="bar-count",
           font_weight="600")
    return serialise(root)


def project_period_svg(store: ox.Store, project_iri: str, lang: str) -> Markup | None:
    """A project's period as a bar on a time axis at the precision the data gives, or None when no date is known.

    Only an end known: the bar runs in from the left, faded, marked "start not stated" (and the other way round).
    """
    try:
        ref = iri_ref(project_iri)
    except ValueError:
        return None
    rows = query(store, f"""SELECT ?s ?e WHERE {{ OPTIONAL {{ {ref} schema:startDate ?s }}
                                                 OPTIONAL {{ {ref} schema:endDate ?e }} }} LIMIT 1""")
    start = When.parse(rows[0].get("s")) if rows else None
    end = When.parse(rows[0].get("e")) if rows else None
    if start is None and end is None:
        return None
    name = labels(store, [project_iri], lang)[project_iri]
    if start and end:
        first_year, last_year = start.year, max(end.year, start.year)
    elif end:
        first_year, last_year = end.year - 2, end.year
    else:
        assert start is not None
        first_year, last_year = start.year, start.year + 2
    axis_from, axis_to = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    width, left, right = 1000.0, 20.0, 980.0
    total = (axis_to - axis_from).days

    def x_of(day: date) -> float:
        return left + (day - axis_from).days / total * (right - left)

    bar_y, bar_h, axis_y, height = 34.0, 22.0, 66.0, 96.0
    shown_start = start.show(lang) if start else say("open", lang)
    shown_end = end.show(lang) if end else say("open", lang)
    uid = uid_for("period", project_iri, lang)
    root = svg_root(width, height, "project-period", say("period_title", lang, name=name),
                    say("period_desc", lang, a=shown_start, b=shown_end), uid)
    colour = "#4f7cac"
    x1 = x_of(start.first) if start else left
    x2 = x_of(end.last + timedelta(days=1)) if end else right
    bar = el(root, "g", class_="period", data_start=start.iso if start else None, data_end=end.iso if end else None,
             data_open="start" if start is None else "end" if end is None else None)
    if start and end:
        el(bar, "rect", class_="period-bar", x=x1, y=bar_y, width=max(x2 - x1, 2.0), height=bar_h, fill=colour, rx="3")
    else:
        fade = (x2 - x1) * 0.35
        solid_from, solid_to = (x1 + fade, x2) if start is None else (x1, x2 - fade)
        el(bar, "rect", class_="period-bar", x=solid_from, y=bar_y, width=solid_to - solid_from, height=bar_h,
           fill=colour)
        steps = 6
        for i in range(steps):
            if start is None:
                sx = x1 + fade * i / steps
                opacity = (i + 1) / (steps + 1)
            else:
                sx = solid_to + fade * i / steps
                opacity = (steps - i) / (steps + 1)
            el(bar, "rect", class_="period-fade", x=sx, y=bar_y, width=fade / steps + 0.5, height=bar_h, fill=colour,
               fill_opacity=f"{opacity:.2f}")
        note = say("start_unknown", lang) if start is None else say("end_unknown", lang)
        el(bar, "text", note, class_="open-note", x=x1 + 4 if start is None else x2 - 4, y=bar_y - 8,
           text_anchor="start" if start is None else "end", font_size="12.5", font_style="italic", fill="#5b6576")
    if start:
        el(bar, "text", start.show(lang), class_="start-label", x=x1, y=bar_y - 8, font_size="12.5", fill="#1d2430",
           text_anchor="start" if x1 < width - 200 else "end")
    if end:
        el(bar, "text", end.show(lang), class_="end-label", x=x2, y=bar_y - 8, font_size="12.5", fill="#1d2430",
           text_anchor="end" if x2 > 200 else "start")
    axis = el(root, "g", class_="axis", font_size="12", fill="#1d2430")
    el(axis, "line", x1=left, y1=axis_y, x2=right, y2=axis_y, stroke="#1d2430", stroke_width="1")
    for year in range(first_year, last_year + 2):
        x = x_of(date(year, 1, 1))
        el(axis, "line", class_="tick major", x1=x, y1=axis_y, x2=x, y2=axis_y + 8, stroke="#1d2430")
        if year <= last_year:
            mid = x_of(date(year, 7, 1))
            el(axis, "text", str(year), x=mid, y=axis_y + 22, text_anchor="middle")
            for month in range(2, 13):
                mx = x_of(date(year, month, 1))
                el(axis, "line", class_="tick", x1=mx, y1=axis_y, x2=mx, y2=axis_y + 3.5, stroke="#8a94a3")
    return serialise(root)


# --------------------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------------------



def _answer(kind: str, make) -> Response:  # type: ignore[no-untyped-def]
    """A picture view's answer: 304 when the client has it, else ``make(site, lang, public_base)``."""
    site = published()
    lang = reader_language()
    public = site.public_base(request.host_url)
    etag = etag_for(site.build_id, "pictures", kind, lang, public)
    mimetype = "image/svg+xml" if kind.endswith(".svg") else "text/html"
    if not_modified(etag):
        response = conditional(Response(status=304), etag)
    else:
        # the picture only changes with the build: keep the drawn answer in the process's response cache
        answer = site.cache.fetch("picture:" + etag, etag, mimetype, lambda: make(site, lang, public).get_data())
        response = conditional(Response(answer.body, mimetype=mimetype), etag)
    response.vary.add("Accept-Language")
    return response


def _svg_response(markup: Markup) -> Response:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(markup)
    return Response(body, mimetype="image/svg+xml")


@blueprint.route("/map", endpoint="map")
def map_page() -> Response:
    def make(site: Published, lang: str, public: str) -> Response:
        svg, unplaced = map_svg(site.store, lang, site.settings.dataset_base, public)
        missing = [(p.label, p.country, page_url(p.iri, site.settings.dataset_base, public)) for p in unplaced]
        return Response(render_template("map.html", svg=svg, unplaced=missing, heading=say("map_title", lang,
                        home=labels(site.store, [home_iri(site.settings.dataset_base)], lang)[
                            home_iri(site.settings.dataset_base)]), not_on_map=say("not_on_map", lang)),
                        mimetype="text/html")
    return _answer("map.html", make)


@blueprint.route("/map.svg")
def map_image() -> Response:
    return _answer("map.svg", lambda site, lang, public: _svg_response(
        map_svg(site.store, lang, site.settings.dataset_base, public)[0]))


@blueprint.route("/timeline")
def timeline() -> Response:
    def make(site: Published, lang: str, public: str) -> Response:
        home = home_iri(site.settings.dataset_base)
        svg = timeline_svg(site.store, lang, site.settings.dataset_base, public)
        return Response(render_template("timeline.html", svg=svg,
                                        heading=say("timeline_title", lang, home=labels(site.store, [home], lang)[home])),
                        mimetype="text/html")
    return _answer("timeline.html", make)


@blueprint.route("/timeline.svg")
def timeline_image() -> Response:
    return _answer("timeline.svg", lambda site, lang, public: _svg_response(
        timeline_svg(site.store, lang, site.settings.dataset_base, public)))


@blueprint.route("/charts/fields.svg")
def fields_chart_image() -> Response:
    return _answer("fields.svg", lambda site, lang, public: _svg_response(
        fields_chart_svg(site.store, lang, site.settings.dataset_base, public)))
