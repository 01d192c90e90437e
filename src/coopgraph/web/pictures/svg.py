"""The drawing kit every picture shares: SVG elements, sizes of text, and where labels go.

The SVG is built as an element tree (:mod:`xml.etree.ElementTree`), so every
label that comes from the data is escaped by the serialiser, never pasted into
markup. Label placement works on boxes: a picture reserves the boxes its marks,
legends and insets take, and each label goes where it overlaps the least, or, on
the timeline, in the first lane where its label, its mark and its line all fit.
"""

from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from markupsafe import Markup

from coopgraph.i18n import word

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1d2430"

Box = tuple[float, float, float, float]
"""left, top, right, bottom in picture units."""

Piece = tuple[Box, str, Collection[str] | None]
"""A box a mark would take, its kind (``label``, ``mark``, ``line``…) and the kinds it must not
overlap (None: every kind). A line may pass behind a mark but not through a label."""


def say(key: str, lang: str, **values: object) -> str:
    """An interface phrase in ``lang`` with ``values`` filled in."""
    return word(key, lang).format(**values)


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
    root = el(
        None,
        "svg",
        xmlns=SVG_NS,
        viewBox=f"0 0 {num(width)} {num(height)}",
        width="100%",
        role="img",
        class_=f"coopgraph-picture {css_class}",
        aria_labelledby=f"{uid}-title {uid}-desc",
        font_family=FONT,
        preserveAspectRatio="xMidYMid meet",
    )
    el(root, "title", title, id=f"{uid}-title")
    el(root, "desc", desc, id=f"{uid}-desc")
    return root


def heading(root: ET.Element, text: str, x: float) -> None:
    """The picture's visible title, top left."""
    el(root, "text", text, x=x, y=22.0, font_size="15", font_weight="700", fill=INK)


def serialise(root: ET.Element) -> Markup:
    return Markup(ET.tostring(root, encoding="unicode", short_empty_elements=True))


def text_width(text: str, size: float) -> float:
    """An estimate of the width of ``text`` in a sans-serif face (no font metrics on the server)."""
    wide = sum(1 for c in text if c.isupper() or c in "mwMW")
    return size * (0.55 * len(text) + 0.12 * wide)


def uid_for(*parts: str) -> str:
    """An id prefix unique to one picture, so several inline SVGs on a page never share ids."""
    return "cg" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:8]


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they only touch)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


class Labels:
    """The boxes a picture has taken so far, and the choice of where the next label goes."""

    def __init__(self, bounds: Box | None = None) -> None:
        self.bounds = bounds
        self.taken: list[Box] = []
        self.kinds: list[str] = []

    def reserve(self, box: Box, kind: str = "label") -> None:
        self.taken.append(box)
        self.kinds.append(kind)

    def free(self, box: Box, against: Collection[str] | None = None) -> bool:
        """Whether ``box`` overlaps nothing taken (of the kinds in ``against``, when given)."""
        return all(
            overlap(box, other) == 0.0
            for other, kind in zip(self.taken, self.kinds, strict=True)
            if against is None or kind in against
        )

    def cost(self, box: Box) -> float:
        cost = sum(overlap(box, other) for other in self.taken)
        if self.bounds is not None:
            left, top, right, bottom = self.bounds
            if box[0] < left or box[2] > right or box[1] < top or box[3] > bottom:
                cost += 10_000
        return cost

    def place(self, x: float, y: float, text: str, size: float, r: float) -> tuple[float, float, str]:
        """Where to write the label of a mark of radius ``r`` at (x, y): the first spot around it that
        overlaps nothing, else the least bad. Returns the text's x, baseline y and ``text-anchor``."""
        w, h = text_width(text, size), size
        best: tuple[float, float, str, Box] | None = None
        best_cost = math.inf
        for order, (tx, ty, anchor) in enumerate(_candidates(x, y, h, r + 3)):
            left = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (left - 1, ty - h * 0.8, left + w + 1, ty + h * 0.25)
            cost = self.cost(box) + order * 0.01
            if cost < best_cost:
                best, best_cost = (tx, ty, anchor, box), cost
            if cost < 1:
                break
        assert best is not None
        self.reserve(best[3])
        return best[0], best[1], best[2]

    def first_fit(self, candidates: Iterable[Sequence[Piece]]) -> int | None:
        """The index of the first candidate whose pieces are each free of the kinds they must avoid;
        its pieces are reserved. None when no candidate fits (nothing is reserved then)."""
        for index, pieces in enumerate(candidates):
            if all(self.free(box, against) for box, _, against in pieces):
                for box, kind, _ in pieces:
                    self.reserve(box, kind)
                return index
        return None


def _candidates(x: float, y: float, h: float, pad: float) -> Sequence[tuple[float, float, str]]:
    """Label spots around a mark, most natural first: right, left, the diagonals, above, below."""
    return [
        (x + pad, y + h * 0.35, "start"),
        (x - pad, y + h * 0.35, "end"),
        (x + pad * 0.7, y - pad * 0.7, "start"),
        (x + pad * 0.7, y + pad * 0.7 + h * 0.7, "start"),
        (x - pad * 0.7, y - pad * 0.7, "end"),
        (x - pad * 0.7, y + pad * 0.7 + h * 0.7, "end"),
        (x, y - pad - 1, "middle"),
        (x, y + pad + h * 0.8, "middle"),
        (x + pad, y - h * 0.9, "start"),
        (x + pad, y + h * 1.6, "start"),
        (x - pad, y - h * 0.9, "end"),
        (x - pad, y + h * 1.6, "end"),
    ]
