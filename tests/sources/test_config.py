"""A project's coopgraph.toml: what a municipality writes once, and the mistakes it is told about by key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coopgraph.sources.config import CONFIG_FILE, ConfigError, country_names, load_config
from coopgraph.sources.project import REPOSITORY

TARTU = """\
[project]
base = "https://data.tartu.example/coop/"
languages = ["en", "et"]

[home]
name = { en = "Tartu", et = "Tartu" }
country = "EST"

[dataset]
title = { en = "Tartu international cooperation" }
description = { en = "The twin towns of Tartu." }
licence = "http://creativecommons.org/licenses/by/4.0/"

[publisher]
name = { en = "Tartu City Government", et = "Tartu Linnavalitsus" }
url = "https://www.tartu.ee/"

[contact]
name = "Foreign relations"
email = "foreign@tartu.example"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / CONFIG_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_repository_is_the_daugavpils_project() -> None:
    config = load_config(REPOSITORY)
    assert config.home.iri == "https://w3id.org/coopgraph/id/municipality/daugavpils"
    assert config.home.organisation == "https://w3id.org/coopgraph/id/organisation/daugavpils-city-municipality"
    assert config.home.country == "LVA" and config.home.country_names() == {"en": "Latvia", "lv": "Latvija"}
    assert config.base == "https://w3id.org/coopgraph/" and config.languages == ("en", "lv")
    assert config.dataset.title == {
        "en": "Daugavpils international cooperation",
        "lv": "Daugavpils starptautiskā sadarbība",
    }


def test_another_city_gets_its_iris_minted_from_its_names(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TARTU))
    assert config.home.iri == "https://data.tartu.example/coop/id/municipality/tartu"
    assert config.home.organisation == "https://data.tartu.example/coop/id/organisation/tartu-city-government"
    assert config.home.country_slug == "estonia"
    assert config.contact is not None and config.contact.email == "foreign@tartu.example"
    assert config.languages == ("en", "et")


def test_the_config_is_frozen(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TARTU))
    with pytest.raises(AttributeError):
        config.base = "x"  # type: ignore[misc]


def error_for(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(write(tmp_path, text))
    with pytest.raises(ConfigError) as failure:
        load_config(tmp_path)
    return str(failure.value)


def test_an_unknown_country_code_is_named_by_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = error_for(tmp_path, TARTU.replace('country = "EST"', 'country = "XXX"'), monkeypatch)
    assert message == 'coopgraph.toml: [home] country: "XXX" is not an ISO 3166-1 alpha-3 code'


def test_a_two_letter_code_is_refused_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = error_for(tmp_path, TARTU.replace('country = "EST"', 'country = "EE"'), monkeypatch)
    assert message == 'coopgraph.toml: [home] country: "EE" is not an ISO 3166-1 alpha-3 code'


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('[publisher]\nname = { en = "Tartu City Government", et = "Tartu Linnavalitsus" }\n', "[publisher]\n"),
            "coopgraph.toml: [publisher] name: is missing",
        ),
        (
            ('title = { en = "Tartu international cooperation" }', 'title = { et = "Tartu" }'),
            "coopgraph.toml: [dataset] title: needs an English form (en = …): every label has one",
        ),
        (
            ('base = "https://data.tartu.example/coop/"', 'base = "https://data.tartu.example/coop"'),
            'coopgraph.toml: [project] base: "https://data.tartu.example/coop" must end with "/" or "#"',
        ),
        (
            ('url = "https://www.tartu.ee/"', 'url = "www tartu ee"'),
            'coopgraph.toml: [publisher] url: "www tartu ee" is not an IRI',
        ),
        (
            ('languages = ["en", "et"]', "languages = []"),
            'coopgraph.toml: [project] languages: [] must be a list of language tags, e.g. ["en", "lv"]',
        ),
    ],
)
def test_each_mistake_names_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], expected: str
) -> None:
    assert change[0] in TARTU
    assert error_for(tmp_path, TARTU.replace(*change), monkeypatch) == expected


def test_a_file_that_is_not_toml_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = error_for(tmp_path, TARTU.replace('country = "EST"', "country = EST"), monkeypatch)
    assert message.startswith("coopgraph.toml: not valid TOML:") and "line 7" in message


def test_a_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no coopgraph\.toml in .*`coopgraph init` writes it"):
        load_config(tmp_path)


def test_the_shipped_file_is_the_contract_format() -> None:
    data = tomllib.loads((REPOSITORY / CONFIG_FILE).read_text(encoding="utf-8"))
    assert set(data) == {"project", "home", "dataset", "publisher", "contact"}
    assert set(data["home"]) == {"name", "country", "iri", "organisation"}


def test_country_names_come_from_the_iso_table() -> None:
    assert country_names("est") == {"en": "Estonia", "lv": "Igaunija"}
    with pytest.raises(LookupError):
        country_names("XXX")
