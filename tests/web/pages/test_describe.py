"""A resource's facts as describe gives them: dates and durations read in the reader's language, at their precision."""

from __future__ import annotations

from tests.web.pages.facts_reading import fact_rows, soup, values
from tests.web.pages.page_reading import COOP, SCHEMA

PROJECT = "/id/project/our-cities-pairing-on-environment-issues"


def test_an_agreements_day_reads_as_a_date_in_both_languages(server: str) -> None:
    path = "/id/agreement/daugavpils-radom-1993"
    assert values(fact_rows(soup(server, path, "en"))[COOP + "concluded"]) == ["17 December 1993"]
    assert values(fact_rows(soup(server, path, "lv"))[COOP + "concluded"]) == ["1993. gada 17. decembris"]
    time = fact_rows(soup(server, path))[COOP + "concluded"].select_one("time")
    assert time is not None and time["datetime"] == "1993-12-17", "the machine-readable date stays beside it"


def test_a_month_reads_as_a_month(server: str) -> None:
    path = "/id/agreement/daugavpils-magdeburg-2012"
    assert values(fact_rows(soup(server, path, "en"))[COOP + "concluded"]) == ["September 2012"]
    assert values(fact_rows(soup(server, path, "lv"))[COOP + "concluded"]) == ["2012. gada septembris"]


def test_a_projects_period_and_duration(server: str) -> None:
    english = fact_rows(soup(server, PROJECT, "en"))
    assert values(english[SCHEMA + "startDate"]) == ["15 January 2019"]
    assert values(english[SCHEMA + "duration"]) == ["12 months"]
    latvian = fact_rows(soup(server, PROJECT, "lv"))
    assert values(latvian[SCHEMA + "endDate"]) == ["2020. gada 15. janvāris"]
    assert values(latvian[SCHEMA + "duration"]) == ["12 mēneši"]
    dates = latvian[SCHEMA + "startDate"].find_parent("section")
    assert dates is not None
    order = [str(tr["data-predicate"]) for tr in dates.select("tr.fact")]
    assert order == [SCHEMA + "startDate", SCHEMA + "endDate", SCHEMA + "duration"]
