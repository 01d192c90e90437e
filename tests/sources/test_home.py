"""coopgraph.sources.home: the home municipality every agreement row has as a party."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.sources.home import load_home
from coopgraph.sources.load import LoadError
from coopgraph.sources.project import REPOSITORY


def test_the_repository_is_the_daugavpils_project() -> None:
    home = load_home(REPOSITORY)
    assert home.iri == "https://w3id.org/coopgraph/id/municipality/daugavpils" and home.country == "LVA"


def test_without_an_iri_the_home_is_named_by_the_slug_of_its_english_name(tmp_path: Path) -> None:
    (tmp_path / "coopgraph.toml").write_text('[home]\nname = { en = "Cēsis" }\ncountry = "LVA"\n', encoding="utf-8")
    assert load_home(tmp_path).iri == "https://w3id.org/coopgraph/id/municipality/cesis"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (None, "the project has no coopgraph.toml"),
        ("[home\n", "coopgraph.toml"),
        ('[home]\ncountry = "LVA"\n', "[home] name needs an English name"),
        ('[home]\nname = { en = "Cēsis" }\n', "[home] country is missing"),
    ],
)
def test_a_missing_or_broken_setting_is_named(tmp_path: Path, text: str | None, says: str) -> None:
    if text is not None:
        (tmp_path / "coopgraph.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        load_home(tmp_path)
    assert says in str(raised.value)
