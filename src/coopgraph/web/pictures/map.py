"""The map of the home municipality's partners: lines from home, coloured by decade of first agreement.

Europe is drawn on the main map; partners further east or west go to an inset,
with dashed lines pointing at it. Markers that would hide each other are pushed
apart, each keeping a leader line to its true place, and every label goes where
it overlaps least (:class:`~coopgraph.web.pictures.svg.Labels`). Partners with
no coordinates are returned, for the page to list below the map.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pyoxigraph as ox
from markupsafe import Markup

from coopgraph.web.links import page_url
from coopgraph.web.pictures.decades import HOME_COLOUR, decade_colour, decade_name, decade_of
from coopgraph.web.pictures.geography import Frame, draw_countries, window
from coopgraph.web.pictures.graph import Partner, labels, located_home, partners_of
from coopgraph.web.pictures.svg import INK, Labels, el, num, say, serialise, svg_root, text_width, uid_for

MAP_WIDTH = 1000.0
EUROPE = (-30.0, 70.0)  # the main map's longitudes; partners further away go to the inset
MARKER_R = 6.5
LABEL_SIZE = 13.0
INSET_WIDTH = 300.0
LEGEND_WIDTH = 190.0


@dataclass
class Placed:
    """A marker on the main map: where it is drawn, and where the partner really is."""

    partner: Partner
    x: float
    y: float
    true_x: float
    true_y: float


@dataclass
class Scene:
    """What the map shows, read from the graph and laid out, before anything is drawn."""

    lang: str
    dataset_base: str
    public_base: str
    uid: str
    home: str
    home_label: str
    home_place: tuple[float, float] | None
    partners: list[Partner]
    near: list[Partner]
    far: list[Partner]
    main: Frame
    inset: Frame | None

    @property
    def height(self) -> float:
        return self.main.height

    @property
    def home_xy(self) -> tuple[float, float]:
        return self.main.xy(*self.home_place) if self.home_place else (MAP_WIDTH / 2, self.height / 2)

    @property
    def highlight(self) -> set[str]:
        return {p.country_en for p in self.partners} | {"Latvia"}

    def url(self, iri: str) -> str:
        return page_url(iri, self.dataset_base, self.public_base)


def map_svg(store: ox.Store, lang: str, dataset_base: str, public_base: str, home: str) -> tuple[Markup, list[Partner]]:
    """The map of the partners of the home municipality, and the partners that could not be placed on it."""
    scene = _scene(store, lang, dataset_base, public_base, home)
    located = scene.near + scene.far
    root = svg_root(
        MAP_WIDTH,
        scene.height,
        "partner-map",
        say("map_title", lang, home=scene.home_label),
        say("map_desc", lang, n=len(located), home=scene.home_label),
        scene.uid,
    )
    body = _draw_background(root, scene)
    decades = sorted({decade_of(p.first) for p in located if p.first is not None})  # type: ignore[type-var]
    legend_h = 34 + 22 * (len(decades) + 1)
    legend_at = (12.0, scene.height - legend_h - 12)
    labels_ = _reserved(scene, legend_at, legend_h)
    placed = _placed(scene)
    lines = el(body, "g", class_="links", fill="none", stroke_width="2.2", stroke_linecap="round", opacity="0.85")
    _draw_links(lines, scene, placed)
    pointers = _draw_lines_to_inset(lines, scene)
    _draw_markers(root, scene, placed, pointers, labels_)
    if scene.inset is not None:
        _draw_inset(root, scene, scene.inset)
    _draw_legend(root, legend_at, legend_h, decades, scene.home_label, lang)
    el(root, "rect", x=0.5, y=0.5, width=MAP_WIDTH - 1, height=scene.height - 1, fill="none", stroke="#b9c4cf")
    return serialise(root), [p for p in scene.partners if not p.located]


def _scene(store: ox.Store, lang: str, dataset_base: str, public_base: str, home: str) -> Scene:
    home_place = located_home(store, home)
    partners = partners_of(store, home, lang)
    located = [p for p in partners if p.located]
    near = [p for p in located if EUROPE[0] <= p.long <= EUROPE[1]]  # type: ignore[operator]
    far = [p for p in located if p not in near]
    home_points = [home_place] if home_place else []
    points = [(p.lat, p.long) for p in near] + home_points
    west, south, east, north = window(points or [(55.0, 25.0)], 3.0, 1.3)  # type: ignore[arg-type]
    inset = None
    if far:
        iw, is_, ie, in_ = window([(p.lat, p.long) for p in far] + home_points, 9.0, 2.3)  # type: ignore[arg-type]
        inset = Frame(iw, is_, ie, in_, MAP_WIDTH - INSET_WIDTH - 12, 12.0 + 18, INSET_WIDTH)
    return Scene(
        lang,
        dataset_base,
        public_base,
        uid_for("map", lang, public_base),
        home,
        labels(store, [home], lang)[home],
        home_place,
        partners,
        near,
        far,
        Frame(west, south, east, north, 0.0, 0.0, MAP_WIDTH),
        inset,
    )


def _draw_background(root: ET.Element, scene: Scene) -> ET.Element:
    """The sea and the countries, clipped to the frame; returns the clipped group the lines go in."""
    defs = el(root, "defs")
    clip = el(defs, "clipPath", id=f"{scene.uid}-main")
    el(clip, "rect", x=0.0, y=0.0, width=MAP_WIDTH, height=scene.height)
    el(root, "rect", class_="sea", x=0.0, y=0.0, width=MAP_WIDTH, height=scene.height, fill="#e8f0f6")
    body = el(root, "g", clip_path=f"url(#{scene.uid}-main)")
    draw_countries(body, scene.main, scene.highlight)
    return body


def _reserved(scene: Scene, legend_at: tuple[float, float], legend_h: float) -> Labels:
    """The label boxes, with the inset and the legend already taken."""
    taken = Labels((2.0, 2.0, MAP_WIDTH - 2, scene.height - 2))
    if scene.inset is not None:
        inset = scene.inset
        taken.reserve((inset.x0 - 6, inset.y0 - 24, inset.x0 + inset.width + 6, inset.y0 + inset.height + 6))
    lx, ly = legend_at
    taken.reserve((lx - 4, ly - 4, lx + LEGEND_WIDTH + 4, ly + legend_h + 4))
    return taken


def _placed(scene: Scene) -> list[Placed]:
    placed = []
    for partner in scene.near:
        x, y = scene.main.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        placed.append(Placed(partner, x, y, x, y))
    _dodge(placed, [scene.home_xy], gap=2 * MARKER_R + 3)
    return placed


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


def _arc(x1: float, y1: float, x2: float, y2: float, bend: float = 0.12) -> str:
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    cx, cy = mx - dy * bend, my + dx * bend
    return f"M{num(x1)} {num(y1)}Q{num(cx)} {num(cy)} {num(x2)} {num(y2)}"


def _tooltip(partner: Partner, lang: str) -> str:
    lines = [f"{partner.label}, {partner.country}" if partner.country else partner.label]
    lines.extend(a.when.show(lang) if a.when else say("no_date", lang) for a in partner.agreements)
    return "\n".join(lines)


def _draw_links(lines: ET.Element, scene: Scene, placed: list[Placed]) -> None:
    hx, hy = scene.home_xy
    for mark in placed:
        decade = decade_of(mark.partner.first)
        el(
            lines,
            "path",
            class_=f"link decade-{decade}",
            d=_arc(hx, hy, mark.x, mark.y),
            stroke=decade_colour(decade),
            data_partner=mark.partner.iri,
        )


def _draw_lines_to_inset(lines: ET.Element, scene: Scene) -> list[tuple[Partner, float, float]]:
    """A dashed line towards each far partner, to the map's edge; returns where each line leaves the frame."""
    hx, hy = scene.home_xy
    exits = []
    for partner in scene.far:
        tx, ty = scene.main.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        decade = decade_of(partner.first)
        el(
            lines,
            "path",
            class_=f"link decade-{decade} to-inset",
            d=f"M{num(hx)} {num(hy)}L{num(tx)} {num(ty)}",
            stroke=decade_colour(decade),
            stroke_dasharray="7 5",
            data_partner=partner.iri,
        )
        t = 1.0
        for edge_t in (
            (MAP_WIDTH - 4 - hx) / (tx - hx) if tx != hx else math.inf,
            (4 - hx) / (tx - hx) if tx != hx else math.inf,
            (scene.height - 4 - hy) / (ty - hy) if ty != hy else math.inf,
            (4 - hy) / (ty - hy) if ty != hy else math.inf,
        ):
            if 0 < edge_t < t:
                t = edge_t
        exits.append((partner, hx + (tx - hx) * t, hy + (ty - hy) * t))
    return exits


def _draw_markers(
    root: ET.Element, scene: Scene, placed: list[Placed], pointers: list[tuple[Partner, float, float]], taken: Labels
) -> None:
    """Home first, then the partners nearest home first, each a link to its page, each with its label."""
    markers = el(root, "g", class_="markers")
    _draw_leaders(markers, placed)
    hx, hy = scene.home_xy
    if scene.home_place:
        home_link = el(markers, "a", class_="home", href=scene.url(scene.home))
        el(home_link, "title", scene.home_label)
        _home_mark(home_link, hx, hy, 7.5, stroke_width="2")
        taken.reserve((hx - 9, hy - 9, hx + 9, hy + 9))
    for mark in placed:
        taken.reserve((mark.x - MARKER_R, mark.y - MARKER_R, mark.x + MARKER_R, mark.y + MARKER_R))
    label_group = el(
        root,
        "g",
        class_="labels",
        font_size=num(LABEL_SIZE),
        fill=INK,
        stroke="#fff",
        stroke_width="3.5",
        stroke_linejoin="round",
        paint_order="stroke",
    )
    if scene.home_place:
        tx, ty, anchor = taken.place(hx, hy, scene.home_label, LABEL_SIZE + 2, 9)
        el(
            label_group,
            "text",
            scene.home_label,
            x=tx,
            y=ty,
            text_anchor=anchor,
            font_weight="700",
            font_size=num(LABEL_SIZE + 2),
            fill=HOME_COLOUR,
            class_="home-label",
        )
    for mark in sorted(placed, key=lambda m: math.hypot(m.x - hx, m.y - hy)):
        partner = mark.partner
        decade = decade_of(partner.first)
        link = el(markers, "a", class_=f"partner decade-{decade}", href=scene.url(partner.iri))
        el(link, "title", _tooltip(partner, scene.lang))
        el(
            link,
            "circle",
            cx=mark.x,
            cy=mark.y,
            r=MARKER_R,
            fill=decade_colour(decade),
            stroke="#fff",
            stroke_width="1.8",
        )
        tx, ty, anchor = taken.place(mark.x, mark.y, partner.label, LABEL_SIZE, MARKER_R)
        el(label_group, "text", partner.label, x=tx, y=ty, text_anchor=anchor)
    _draw_pointers(label_group, pointers, scene.lang, taken)


def _draw_leaders(markers: ET.Element, placed: list[Placed]) -> None:
    leaders = el(markers, "g", class_="leaders", stroke="#333", stroke_width="1")
    for mark in placed:
        if math.hypot(mark.x - mark.true_x, mark.y - mark.true_y) > 2:
            el(leaders, "line", x1=mark.true_x, y1=mark.true_y, x2=mark.x, y2=mark.y)
            el(leaders, "circle", cx=mark.true_x, cy=mark.true_y, r="1.8", fill="#333", stroke="none")


def _draw_pointers(group: ET.Element, pointers: list[tuple[Partner, float, float]], lang: str, taken: Labels) -> None:
    """ "→ to the inset: NAME" where each dashed line leaves the map."""
    for partner, ex, ey in pointers:
        text = "→ " + say("inset_to", lang, name=partner.label)
        w = text_width(text, 12.0)
        tx, ty, anchor = min(ex - 6, MAP_WIDTH - 6), ey - 12, "end"
        if ey - 12 < 16:
            ty = ey + 20
        taken.reserve((tx - w, ty - 12, tx, ty + 3))
        el(
            group,
            "text",
            text,
            x=tx,
            y=ty,
            text_anchor=anchor,
            font_size="12",
            font_style="italic",
            class_="inset-pointer",
        )


def _draw_inset(root: ET.Element, scene: Scene, inset: Frame) -> None:
    """The far partners on their own small map, linked from home as on the main one."""
    group, body = _draw_inset_frame(root, scene, inset)
    ihx, ihy = inset.xy(*scene.home_place) if scene.home_place else (inset.x0, inset.y0 + inset.height / 2)
    for partner in scene.far:
        px, py = inset.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        decade = decade_of(partner.first)
        el(
            body,
            "path",
            class_=f"link decade-{decade}",
            d=_arc(ihx, ihy, px, py, 0.08),
            fill="none",
            stroke=decade_colour(decade),
            stroke_width="2",
            opacity="0.85",
            data_partner=partner.iri,
        )
    if scene.home_place:
        _home_mark(body, ihx, ihy, 4)
    _draw_inset_markers(group, scene, inset)


def _draw_inset_frame(root: ET.Element, scene: Scene, inset: Frame) -> tuple[ET.Element, ET.Element]:
    """The inset's box, title, sea and countries, and the main map's extent for orientation;
    returns the inset's group and its clipped body."""
    group = el(root, "g", class_="inset")
    el(
        group,
        "rect",
        x=inset.x0 - 1,
        y=inset.y0 - 20,
        width=inset.width + 2,
        height=inset.height + 21,
        fill="#fff",
        stroke="#7b8794",
        stroke_width="1",
    )
    el(
        group,
        "text",
        say("far_away", scene.lang),
        x=inset.x0 + 6,
        y=inset.y0 - 6,
        font_size="12",
        font_weight="600",
        fill=INK,
    )
    clip = el(group, "clipPath", id=f"{scene.uid}-inset")
    el(clip, "rect", x=inset.x0, y=inset.y0, width=inset.width, height=inset.height)
    body = el(group, "g", clip_path=f"url(#{scene.uid}-inset)")
    el(body, "rect", x=inset.x0, y=inset.y0, width=inset.width, height=inset.height, fill="#e8f0f6")
    draw_countries(body, inset, scene.highlight)
    main = scene.main  # the main map's extent, for orientation
    x1, y1 = inset.xy(main.north, main.west)
    x2, y2 = inset.xy(main.south, main.east)
    el(
        body,
        "rect",
        x=x1,
        y=y1,
        width=x2 - x1,
        height=y2 - y1,
        fill="none",
        stroke="#7a1f2b",
        stroke_width="1",
        stroke_dasharray="3 2",
        class_="main-extent",
    )
    return group, body


def _draw_inset_markers(group: ET.Element, scene: Scene, inset: Frame) -> None:
    for partner in scene.far:
        px, py = inset.xy(partner.lat, partner.long)  # type: ignore[arg-type]
        decade = decade_of(partner.first)
        link = el(group, "a", class_=f"partner decade-{decade}", href=scene.url(partner.iri))
        el(link, "title", _tooltip(partner, scene.lang))
        el(link, "circle", cx=px, cy=py, r=MARKER_R, fill=decade_colour(decade), stroke="#fff", stroke_width="1.8")
        anchor = "end" if px > inset.x0 + inset.width * 0.7 else "start"
        el(
            group,
            "text",
            partner.label,
            x=px + (-9 if anchor == "end" else 9),
            y=py - 8,
            text_anchor=anchor,
            font_size="12",
            fill=INK,
            stroke="#fff",
            stroke_width="3",
            paint_order="stroke",
        )


def _home_mark(
    parent: ET.Element, x: float, y: float, half: float, stroke: str | None = "#fff", stroke_width: str | None = None
) -> None:
    """The home municipality's mark: a diamond (a square turned 45°) centred on (x, y)."""
    el(
        parent,
        "rect",
        x=x - half,
        y=y - half,
        width=num(2 * half),
        height=num(2 * half),
        fill=HOME_COLOUR,
        stroke=stroke,
        stroke_width=stroke_width,
        transform=f"rotate(45 {num(x)} {num(y)})",
    )


def _draw_legend(
    root: ET.Element, at: tuple[float, float], h: float, decades: list[int | None], home_label: str, lang: str
) -> None:
    x, y = at
    legend = el(root, "g", class_="legend", font_size="13", fill=INK)
    el(
        legend,
        "rect",
        x=x,
        y=y,
        width=LEGEND_WIDTH,
        height=h,
        fill="#fff",
        fill_opacity="0.92",
        stroke="#b9c4cf",
        rx="4",
    )
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
    _home_mark(item, x + 38, row - 4, 5, stroke=None)
    el(item, "text", home_label, x=x + 52, y=row)
