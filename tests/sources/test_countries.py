"""coopgraph.sources.countries: a country written as a clerk writes it, named from ISO 3166."""

from __future__ import annotations

import doctest

import pytest

import coopgraph.sources.countries
from coopgraph.sources.countries import country


def test_doctests() -> None:
    assert doctest.testmod(coopgraph.sources.countries).failed == 0


@pytest.mark.parametrize("written", ["EST", "est", "Estonia", " estonia "])
def test_a_code_or_an_english_name_means_the_country(written: str) -> None:
    found = country(written)
    assert (found.alpha3, found.name, found.name_lv) == ("EST", "Estonia", "Igaunija")
    assert found.authority == "http://publications.europa.eu/resource/authority/country/EST"


def test_an_ambiguous_name_asks_for_the_code() -> None:
    with pytest.raises(LookupError, match=r"could mean .*\(KOR\).*three-letter code"):
        country("Korea")


def test_an_unknown_country_says_what_to_write() -> None:
    with pytest.raises(LookupError, match="not a country of ISO 3166"):
        country("Narnia")
