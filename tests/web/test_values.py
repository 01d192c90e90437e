"""How values read to a person: the expected readings in English and Latvian, written out, not CLDR's output copied.

The Latvian readings are the ones a Latvian official writes: "1993. gada
17. decembris", "2012. gada septembris" (CLDR's pattern puts a point after
"gada"), "12 mēneši" (CLDR's "zero" plural form gives the genitive "12 mēnešu").
"""

from __future__ import annotations

import pytest

from coopgraph.web.values import amount_text, date_text, duration_text, literal_text, moment_text, number_text

XSD = "http://www.w3.org/2001/XMLSchema#"
NBSP = "\u00a0"


def plain(text: str | None) -> str | None:
    """The text with CLDR's no-break spaces read as spaces, as a reader sees them."""
    return None if text is None else text.replace(NBSP, " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    ("value", "datatype", "en", "lv"),
    [
        ("1993-12-17", "date", "17 December 1993", "1993. gada 17. decembris"),
        ("2012-09", "gYearMonth", "September 2012", "2012. gada septembris"),
        ("1993", "gYear", "1993", "1993"),
        ("2019-01-15", "date", "15 January 2019", "2019. gada 15. janvāris"),
        ("P12M", "duration", "12 months", "12 mēneši"),
        ("P1Y", "duration", "12 months", "12 mēneši"),  # how Oxigraph stores a document's P12M
        ("P21M", "duration", "21 months", "21 mēnesis"),
        ("P1Y9M", "duration", "21 months", "21 mēnesis"),
        ("P2Y6M", "duration", "30 months", "30 mēneši"),
        ("P2Y", "duration", "2 years", "2 gadi"),
        ("P1M", "duration", "1 month", "1 mēnesis"),
        ("P1Y2M3D", "duration", "14 months 3 days", "14 mēneši 3 dienas"),
        ("P10D", "duration", "10 days", "10 dienas"),
        ("138000", "decimal", "138,000", "138 000"),
        ("55.8801", "decimal", "55.8801", "55,8801"),
    ],
)
def test_a_typed_value_reads_at_its_precision_in_both_languages(value: str, datatype: str, en: str, lv: str) -> None:
    assert plain(literal_text(value, XSD + datatype, "en")) == en
    assert plain(literal_text(value, XSD + datatype, "lv")) == lv


def test_an_amount_reads_with_its_currency_code() -> None:
    assert plain(amount_text("138000", "EUR", "en")) == "138,000 EUR"
    assert plain(amount_text("138000", "EUR", "lv")) == "138 000 EUR"
    assert plain(amount_text("4673.5", "EUR", "lv")) == "4 673,50 EUR"
    assert plain(amount_text("99000", "", "en")) == "99,000"


def test_what_is_not_a_date_number_or_duration_is_shown_as_written() -> None:
    assert literal_text("Daugavpils", None, "en") is None
    assert literal_text("Daugavpils", XSD + "string", "lv") is None
    assert duration_text("PT5H", "en") is None  # a time of day has no reading here: shown as written
    assert duration_text("P", "en") is None
    assert number_text("twelve", "en") is None
    assert literal_text("1993-13", XSD + "date", "en") is None  # not a whole date: as written
    assert literal_text("1993-02-30", XSD + "date", "lv") is None  # no such day: as written


def test_a_date_is_written_at_the_precision_given() -> None:
    assert date_text(2012, 9, None, "en") == "September 2012"
    assert date_text(1993, None, None, "lv") == "1993"
    assert date_text(1998, 5, 7, "en") == "7 May 1998"
    assert date_text(1998, 5, 7, "lv") == "1998. gada 7. maijs"


def test_a_builds_moment_reads_in_the_readers_language() -> None:
    assert moment_text("2026-12-02T02:15:43+00:00", "en") == "2 December 2026, 02:15:43 UTC"
    assert moment_text("2026-12-02T02:15:43+00:00", "lv") == "2026. gada 2. decembris 02:15:43 UTC"
    assert moment_text("not a time", "en") == "not a time"
