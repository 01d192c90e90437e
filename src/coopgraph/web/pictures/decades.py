"""Colours by decade of first agreement, shared by the map, the timeline and their legends.

Okabe–Ito colours: told apart with the common colour-vision deficiencies.
"""

from __future__ import annotations

from coopgraph.web.pictures.graph import When
from coopgraph.web.pictures.svg import say

DECADE_COLOURS = {1990: "#0072B2", 2000: "#E69F00", 2010: "#009E73", 2020: "#CC79A7"}


OTHER_DECADE_COLOUR = "#666666"


HOME_COLOUR = "#7a1f2b"


def decade_of(when: When | None) -> int | None:
    return None if when is None else when.year // 10 * 10


def decade_colour(decade: int | None) -> str:
    return DECADE_COLOURS.get(decade, OTHER_DECADE_COLOUR) if decade is not None else OTHER_DECADE_COLOUR


def decade_name(decade: int, lang: str) -> str:
    return say("decade", lang, d=decade)
