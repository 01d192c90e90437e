"""The project's home municipality and base IRI, as the sheets need them, from ``coopgraph.toml``.

A stand-in until the project settings reader (``sources/config.py``) is merged:
it reads only ``[project] base`` and ``[home]`` (``name``, ``country``, ``iri``),
with the standard library's ``tomllib``, in the shared format. Every agreement
row has the home municipality as its first party.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from coopgraph.sources.load import LoadError
from coopgraph.sources.slug import slug

__all__ = ["CONFIG_FILE", "Home", "load_home"]

CONFIG_FILE = "coopgraph.toml"
DEFAULT_BASE = "https://w3id.org/coopgraph/"


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
    """The home municipality of the project at ``root``; LoadError naming the file and key when it cannot."""
    path = Path(root) / CONFIG_FILE
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoadError(path, "the project has no coopgraph.toml; `coopgraph init` writes one") from None
    except tomllib.TOMLDecodeError as error:
        raise LoadError(path, str(error)) from None
    base = str(config.get("project", {}).get("base", DEFAULT_BASE))
    home = config.get("home", {})
    names = home.get("name")
    if isinstance(names, str):
        names = {"en": names}
    if not isinstance(names, dict) or not names.get("en"):
        raise LoadError(path, '[home] name needs an English name: name = { en = "…", lv = "…" }')
    country = home.get("country")
    if not isinstance(country, str):
        raise LoadError(path, '[home] country is missing: write its ISO 3166 alpha-3 code, country = "LVA"')
    iri = str(home.get("iri") or f"{base}id/municipality/{slug(str(names['en']))}")
    return Home(base, iri, {str(k): str(v) for k, v in names.items()}, country)
