"""Every setting coopgraph reads, declared once with its default and help.

The CLI's options, the ``COOPGRAPH_*`` environment variables and the README's
table all come from :data:`SETTINGS`, so a setting cannot exist undocumented.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .project import REPOSITORY

ENV_PREFIX = "COOPGRAPH_"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, how to read it from text, and what it is for."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("project_dir", REPOSITORY, "Directory holding ontology/, data/, shapes/ and queries/.", Path),
    Setting("build_dir", None, "Where builds are written; defaults to PROJECT_DIR/dist.", Path),
    Setting("reasoner", "rules", "Inference engine: 'rules' (compiled OWL RL, linear) or 'owlrl' (full closure).", str),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, then environment, then explicit overrides."""

    project_dir: Path = REPOSITORY
    build_dir: Path | None = None
    reasoner: str = "rules"

    @property
    def output_dir(self) -> Path:
        return self.build_dir if self.build_dir is not None else self.project_dir / "dist"

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``env`` (default: ``os.environ``) with ``overrides`` (None means unset) on top."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if raw not in (None, ""):
                try:
                    values[setting.name] = setting.parse(raw)
                except ValueError as error:
                    raise ValueError(f"{setting.env}={raw!r}: {error}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(cls(), **values)
