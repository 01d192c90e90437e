"""How a value reads to a person: dates at their precision, durations, numbers and amounts, in en or lv.

Every page and picture that shows a date, a duration or an amount asks this
module, so that a project's dates read the same on its page, in an index and
under a timeline. The words and patterns are CLDR's, through Babel; the only
corrections are two places where CLDR's Latvian data does not give the form a
Latvian reader expects (noted where they are made), a year alone, which stays
a plain number ("1993", not CLDR's "1993. g."), and durations, which read in
months as projects state them (Oxigraph stores a document's "P12M" as "P1Y").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from coopgraph.namespaces import PREFIXES

XSD = PREFIXES["xsd"]

LOCALES = {"en": "en_GB", "lv": "lv"}
"""The CLDR locale of each reader's language: British English writes "17 December 1993"."""

DURATION_UNITS = ("duration-year", "duration-month", "duration-day")

DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")


def locale_of(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, LOCALES["en"]))


def date_text(year: int, month: int | None, day: int | None, lang: str) -> str:
    """A date at the precision given: a day, a month of a year, or a year alone."""
    locale = locale_of(lang)
    if month is None:
        return str(year)
    if day is None:
        shown = format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)
        # CLDR's lv pattern is "y. 'gada'. MMMM": the point after "gada" is not written in Latvian
        return shown.replace("gada. ", "gada ")
    return format_date(dt.date(year, month, day), "long", locale=locale)


def moment_text(iso: str, lang: str) -> str:
    """A moment (a build's time, ISO 8601) as the reader's language writes it, in UTC; as given if it does not parse."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return format_datetime(moment, "long", tzinfo=dt.UTC, locale=locale_of(lang))


def _date_parts(value: str, datatype: str) -> tuple[int, int | None, int | None] | None:
    match = DATE.match(value)
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern requires it
    if datatype in (XSD + "date", XSD + "dateTime", XSD + "dateTimeStamp") and month and day:
        return year, month, day
    if datatype == XSD + "gYearMonth" and month:
        return year, month, None
    if datatype == XSD + "gYear":
        return year, None, None
    return None


def _unit_text(count: int, unit: str, locale: Locale) -> str:
    if str(locale) == "lv" and locale.plural_form(count) == "zero" and count != 0:
        # CLDR's lv "zero" category (10-20, 30, …) has the genitive "12 mēnešu", which reads only
        # inside a phrase ("12 mēnešu laikā"); a duration standing alone takes the nominative,
        # CLDR's "other" form (the one it gives for 2)
        return format_unit(2, unit, length="long", locale=locale).replace("2", format_decimal(count, locale=locale), 1)
    return format_unit(count, unit, length="long", locale=locale)


DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


def duration_text(value: str, lang: str) -> str | None:
    """An xsd:duration as words: "12 months", "30 months", "2 years", "10 days"; None for other forms.

    Oxigraph keeps durations canonical (a document's "P12M" is stored as "P1Y"), so the
    form written is lost: a period reads in months, as projects state them, unless it is
    a whole number of years from two on.
    """
    match = DURATION.match(value)
    if match is None or not any(match.groups()):
        return None
    years, months, days = (int(g) if g else 0 for g in match.groups())
    if years < 2 or months:
        months, years = months + 12 * years, 0
    locale = locale_of(lang)
    counts = (years, months, days)
    words = [_unit_text(n, unit, locale) for n, unit in zip(counts, DURATION_UNITS, strict=True) if n]
    return " ".join(words) or None


def number_text(value: str, lang: str) -> str | None:
    """A number grouped the reader's way ("138,000", "138 000"); None when it is not a number."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return format_decimal(number, locale=locale_of(lang), decimal_quantization=False)


def amount_text(value: str, currency: str, lang: str) -> str:
    """An amount with its currency code after it: "138,000 EUR", "138 000 EUR"; cents only when there are any."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value} {currency}".strip()
    if not currency:
        return format_decimal(number, locale=locale_of(lang))
    pattern = "#,##0 ¤¤" if number == number.to_integral_value() else "#,##0.00 ¤¤"
    return format_currency(number, currency, format=pattern, locale=locale_of(lang), currency_digits=False)


NUMBERS = {XSD + t for t in ("decimal", "integer", "nonNegativeInteger", "positiveInteger", "int", "long")}


def literal_text(value: str, datatype: str | None, lang: str) -> str | None:
    """What a typed literal reads as in ``lang``, or None when it is shown as written (text, IRIs, codes)."""
    if datatype is None:
        return None
    if datatype == XSD + "duration":
        return duration_text(value, lang)
    if datatype in NUMBERS:
        return number_text(value, lang)
    parts = _date_parts(value, datatype)
    try:
        return None if parts is None else date_text(*parts, lang)
    except ValueError:  # an ill-typed literal ("1993-02-30"^^xsd:date) is shown as written
        return None
