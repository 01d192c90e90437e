"""The slug rule: how coopgraph mints the last segment of an IRI from a name.

IRIs must not depend on how a clerk spells a diacritic or on the order of a
sheet's rows, so a name is reduced to ASCII letters, digits and hyphens: the
same name always gives the same IRI, and the IRI reads like the name.

>>> slug("Vänersborg"), slug("Tartu City Government"), slug("  Naro-Fominsk ")
('vanersborg', 'tartu-city-government', 'naro-fominsk')
>>> slug("Panevėžys"), slug("Bălţi"), slug("Sankt-Peterburg (Санкт-Петербург)")
('panevezys', 'balti', 'sankt-peterburg')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slug", "without_marks"]

_OTHER = re.compile(r"[^a-z0-9]+")


def without_marks(text: str) -> str:
    """``text`` decomposed (NFKD) and stripped of its combining marks: "Panevėžys" → "Panevezys".

    The one folding of diacritics: IRIs are minted with it, and the search index
    folds names with it as its tokenizer does.
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    """``text`` decomposed (NFKD), stripped of combining marks, lower-cased, runs of anything else as one "-".

    Letters without an ASCII decomposition (Cyrillic, Greek…) fall out, so a
    name should be given in its Latin spelling; an empty result is refused.
    """
    ascii_only = without_marks(text).lower()
    result = _OTHER.sub("-", ascii_only).strip("-")
    if not result:
        raise ValueError(f"{text!r} has no letters or digits in the Latin alphabet to make an identifier from")
    return result
