"""Countries from ISO 3166 (``pycountry``), with their English and Latvian names.

A clerk writes a country as its alpha-3 code (``POL``) or its English name
(``Poland``); the names and the code then come from the maintained table, not
from the clerk's typing, and the EU Publications Office authority IRI is
formed from the code as ``data/alignment.ttl`` does.

>>> country("pol").name, country("Poland").alpha3, country("Moldova").name, country("LVA").name_lv
('Poland', 'POL', 'Moldova', 'Latvija')
>>> country("Russia").alpha3
'RUS'
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

__all__ = ["EU_AUTHORITY", "Country", "country"]

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"


@dataclass(frozen=True)
class Country:
    alpha3: str
    name: str
    """The common English name where ISO gives one (Moldova, not "Moldova, Republic of")."""
    name_lv: str

    @property
    def authority(self) -> str:
        """The EU Publications Office authority IRI of the country."""
        return EU_AUTHORITY + self.alpha3


@cache
def _latvian() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["lv"], fallback=True)


def _named(name: str) -> Any:
    """The country an English name means: exactly (any case), else the one country a fuzzy search finds."""
    try:
        return pycountry.countries.lookup(name)  # names, official and common names, any case
    except LookupError:
        pass
    try:
        found = pycountry.countries.search_fuzzy(name) if len(name) > 2 else []  # "Russia"
    except LookupError:
        found = []
    starting = [c for c in found if str(c.name).lower().startswith(name.lower())]
    if len(found) == 1 or len(starting) == 1:
        return found[0] if len(found) == 1 else starting[0]
    if found:
        options = ", ".join(f"{c.name} ({c.alpha_3})" for c in found[:4])
        raise LookupError(f"could mean {options}; write the country's three-letter code")
    raise LookupError("is not a country of ISO 3166; write its three-letter code (POL) or its English name (Poland)")


@cache
def country(text: str) -> Country:
    """The country an alpha-3 code or an English name means; LookupError (in the clerk's words) when none."""
    wanted = text.strip()
    record: Any = pycountry.countries.get(alpha_3=wanted.upper()) if len(wanted) == 3 else None
    if record is None:
        record = _named(wanted)
    official = str(record.name)
    english = str(getattr(record, "common_name", official))
    return Country(str(record.alpha_3), english, _latvian().gettext(official))
