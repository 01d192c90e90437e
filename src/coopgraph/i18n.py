"""The reader's language (English or Latvian) and the interface words in both.

The language comes from ``?lang=`` when given (the visible switch sets it),
else from ``Accept-Language``; English is the fallback, as every label has an
English form.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import request

LANGUAGES = ("en", "lv")

WORDS: dict[str, dict[str, str]] = {
    "home": {"en": "Home", "lv": "Sākums"},
    "municipalities": {"en": "Municipalities", "lv": "Pašvaldības"},
    "agreements": {"en": "Agreements", "lv": "Līgumi"},
    "projects": {"en": "Projects", "lv": "Projekti"},
    "programmes": {"en": "Programmes", "lv": "Programmas"},
    "organisations": {"en": "Organisations", "lv": "Organizācijas"},
    "fields": {"en": "Fields of cooperation", "lv": "Sadarbības jomas"},
    "map": {"en": "Map", "lv": "Karte"},
    "timeline": {"en": "Timeline", "lv": "Laika ass"},
    "sparql": {"en": "SPARQL", "lv": "SPARQL"},
    "ontology": {"en": "Ontology", "lv": "Ontoloģija"},
    "dataset": {"en": "Dataset", "lv": "Datu kopa"},
    "language": {"en": "Language", "lv": "Valoda"},
    "title": {"en": "Daugavpils international cooperation", "lv": "Daugavpils starptautiskā sadarbība"},
}


def reader_language() -> str:
    """``en`` or ``lv`` for the current request."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    best = request.accept_languages.best_match(LANGUAGES)
    return best or "en"


def word(key: str, lang: str) -> str:
    """An interface word in ``lang``."""
    entry = WORDS[key]
    return entry.get(lang) or entry["en"]


def pick(values: Mapping[str, str], lang: str) -> str | None:
    """The value for ``lang`` from a language → text mapping, falling back to English, then any."""
    return values.get(lang) or values.get("en") or next(iter(values.values()), None)
