"""Every setting is declared once, readable from the environment and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.settings import SETTINGS, Settings
from coopgraph.sources.project import REPOSITORY


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_in_the_readme(setting) -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert f"`{setting.name}`" in readme and f"`{setting.env}`" in readme


def test_defaults_then_environment_then_overrides(tmp_path: Path) -> None:
    assert Settings.load(env={}).output_dir == REPOSITORY / "dist"
    from_env = Settings.load(env={"COOPGRAPH_BUILD_DIR": str(tmp_path), "COOPGRAPH_REASONER": "owlrl"})
    assert from_env.output_dir == tmp_path and from_env.reasoner == "owlrl"
    overridden = Settings.load(env={"COOPGRAPH_REASONER": "owlrl"}, reasoner="rules", build_dir=None)
    assert overridden.reasoner == "rules"


def test_every_declared_setting_is_a_field() -> None:
    assert {s.name for s in SETTINGS} == set(Settings.__dataclass_fields__)
