"""A project is its own data and settings over the repository's vocabulary, shapes and queries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopgraph.sources.config import ConfigError
from coopgraph.sources.project import REPOSITORY, Sources, layered


def new_project(tmp_path: Path) -> Sources:
    root = tmp_path / "tartu"
    (root / "data").mkdir(parents=True)
    shutil.copy(REPOSITORY / "coopgraph.toml", root / "coopgraph.toml")
    (root / "data" / "agreements.ttl").write_text("<http://x/a> <http://x/p> <http://x/b> .\n", encoding="utf-8")
    return Sources(root)


def names(paths: list[Path]) -> list[str]:
    return [p.relative_to(p.parents[1]).as_posix() for p in paths]


def test_a_project_without_its_own_vocabulary_uses_the_repository_s(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    assert project.ontology_files() == Sources().ontology_files()
    assert project.shapes_files() == Sources().shapes_files()
    assert project.query_files() == Sources().query_files() and project.query_files()
    assert names(project.data_files()) == ["data/agreements.ttl"]


def test_a_project_s_own_files_add_to_the_defaults(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    for folder, name in (("ontology", "local.ttl"), ("shapes", "local-shapes.ttl"), ("queries", "local.rq")):
        (project.root / folder).mkdir()
        (project.root / folder / name).write_text("# mine\n", encoding="utf-8")
    assert project.ontology_files() == [*Sources().ontology_files(), project.root / "ontology" / "local.ttl"]
    assert project.shapes_files() == [*Sources().shapes_files(), project.root / "shapes" / "local-shapes.ttl"]
    assert project.query_files()[-1] == project.root / "queries" / "local.rq"
    assert len(project.query_files()) == len(Sources().query_files()) + 1


def test_a_file_named_like_a_default_replaces_it(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    (project.root / "shapes").mkdir()
    mine = project.root / "shapes" / "coopgraph-shapes.ttl"
    mine.write_text("# my shapes\n", encoding="utf-8")
    assert project.shapes_files() == [mine]
    assert mine in project.all_files() and REPOSITORY / "shapes" / "coopgraph-shapes.ttl" not in project.all_files()


def test_layering_keeps_the_defaults_order_then_adds() -> None:
    defaults = [Path("d/a.ttl"), Path("d/b.ttl"), Path("d/c.ttl")]
    own = [Path("p/0.ttl"), Path("p/b.ttl")]
    assert layered(defaults, own) == [Path("d/a.ttl"), Path("p/b.ttl"), Path("d/c.ttl"), Path("p/0.ttl")]


def test_the_settings_file_is_read_once(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    first = project.config
    (project.root / "coopgraph.toml").unlink()
    assert project.config is first


def test_a_folder_without_a_settings_file_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no coopgraph\.toml"):
        _ = Sources(tmp_path).config
