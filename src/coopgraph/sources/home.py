"""What the sheets need of a project's settings: the base IRI and the home municipality.

Every agreement row has the home municipality as its first party, and every
IRI a row mints hangs under the project's base. The settings themselves are
read and checked once, by :mod:`coopgraph.sources.config`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coopgraph.sources.config import CONFIG_FILE, load_config

__all__ = ["CONFIG_FILE", "Home", "load_home"]


@dataclass(frozen=True)
class Home:
    base: str
    """The dataset's base IRI; resources are ``{base}id/{kind}/{slug}``."""
    iri: str
    names: dict[str, str]
    """Language → the home municipality's name (``en`` at least)."""
    country: str
    """ISO 3166-1 alpha-3 code."""

    def id(self, kind: str, key: str) -> str:
        return f"{self.base}id/{kind}/{key}"


def load_home(root: Path) -> Home:
    """The home municipality of the project at ``root``; ``ConfigError`` (file and key) when the settings are wrong."""
    config = load_config(root)
    home = config.home
    return Home(config.base, home.iri, dict(home.name), home.country)
