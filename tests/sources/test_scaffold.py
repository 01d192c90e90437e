"""coopgraph.sources.scaffold: `coopgraph init` makes a project that builds and serves before a row is written."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
import requests

from coopgraph.build.pipeline import build
from coopgraph.sources.config import load_config
from coopgraph.sources.project import Sources
from coopgraph.sources.scaffold import ScaffoldError, init_project
from coopgraph.sources.sheet_read import KINDS, columns
from tests.server import running_server


def test_the_settings_name_the_home_municipality_in_the_shared_format(tmp_path: Path) -> None:
    config = init_project(tmp_path / "cesis", "Cēsis", "lva", name_lv="Cēsis")
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    assert settings["home"] == {"name": {"en": "Cēsis", "lv": "Cēsis"}, "country": "LVA"}
    assert settings["project"]["languages"] == ["en", "lv"]
    assert set(settings) == {"project", "home", "dataset", "publisher"}  # the contact is left for the clerk
    assert load_config(tmp_path / "cesis").home.iri == "https://w3id.org/coopgraph/id/municipality/cesis"
    config_text = config.read_text(encoding="utf-8")
    assert '# url = "' in config_text and "# [contact]" in config_text


def test_each_sheet_is_a_template_with_its_header_row_only(tmp_path: Path) -> None:
    init_project(tmp_path / "cesis", "Cēsis", "LVA")
    for kind in KINDS:
        with (tmp_path / "cesis" / "data" / f"{kind}.csv").open(encoding="utf-8") as handle:
            assert list(csv.reader(handle)) == [[column.name for column in columns(kind)]]


def test_the_readme_tells_the_clerks_every_column(tmp_path: Path) -> None:
    init_project(tmp_path / "cesis", "Cēsis", "LVA")
    readme = (tmp_path / "cesis" / "data" / "README.md").read_text(encoding="utf-8")
    assert all(f"## {kind}.csv" in readme for kind in KINDS)
    assert "| `concluded` | yes |" in readme and "YYYY-MM-DD" in readme


@pytest.mark.parametrize(
    ("municipality", "country", "says"),
    [
        ("Cēsis", "XYZ", "--country 'XYZ' is not a country of ISO 3166"),
        ("Цесис", "LVA", "--municipality 'Цесис'"),
    ],
)
def test_a_bad_option_is_named(tmp_path: Path, municipality: str, country: str, says: str) -> None:
    with pytest.raises(ScaffoldError, match=says):
        init_project(tmp_path / "cesis", municipality, country)
    assert not (tmp_path / "cesis").exists()


def test_a_folder_that_is_not_empty_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="is not empty"):
        init_project(tmp_path, "Cēsis", "LVA")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_new_project_builds_with_empty_sheets_and_serves(tmp_path: Path) -> None:
    root = tmp_path / "cesis"
    init_project(root, "Cēsis", "LVA")
    built = build(Sources(root), root / "dist")
    assert built.manifest["validation"]["conforms"]
    with running_server(root / "dist", settings={"COOPGRAPH_PROJECT_DIR": str(root)}) as url:
        assert requests.get(f"{url}/", timeout=30).status_code == 200
        ask = requests.get(
            f"{url}/sparql",
            params={"query": "ASK { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert ask.json()["boolean"] is True  # the ontology is served
