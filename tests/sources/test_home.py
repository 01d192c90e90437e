"""coopgraph.sources.home: the sheets' home municipality is the one coopgraph.toml names."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.sources.config import ConfigError
from coopgraph.sources.home import load_home
from coopgraph.sources.project import REPOSITORY


def test_the_repository_is_the_daugavpils_project() -> None:
    home = load_home(REPOSITORY)
    assert home.iri == "https://w3id.org/coopgraph/id/municipality/daugavpils" and home.country == "LVA"
    assert home.id("municipality", "radom") == "https://w3id.org/coopgraph/id/municipality/radom"


def test_a_project_without_settings_is_told_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="coopgraph init"):
        load_home(tmp_path)
