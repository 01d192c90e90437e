"""A project's settings file, ``coopgraph.toml``: what is true of one city's dataset and of no other.

The home municipality, the dataset's title and description, the publisher, the
contact point, the licence, the base IRI and the label languages live here,
not in code, so that another municipality adopts coopgraph by writing this file.
It is read once (:func:`load_config`); the rest of coopgraph asks the loaded
:class:`ProjectConfig`, never the file. A mistake is a :class:`ConfigError`
that names the file and the key, in the words of the file::

    coopgraph.toml: [home] country: "XXX" is not an ISO 3166-1 alpha-3 code
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from coopgraph.sources.countries import country
from coopgraph.sources.slug import slug

CONFIG_FILE = "coopgraph.toml"

Texts = Mapping[str, str]
"""A text in several languages: language tag → text."""


class ConfigError(ValueError):
    """A settings file that is missing or says something coopgraph cannot use, with the file and the key."""

    def __init__(self, path: Path, message: str, key: str | None = None) -> None:
        super().__init__(path, message, key)
        self.path, self.message, self.key = Path(path), message, key

    def __str__(self) -> str:
        where = _shown_path(self.path)
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True)
class Home:
    """The home municipality: the city whose cooperation the dataset is about."""

    name: Texts
    country: str
    """ISO 3166-1 alpha-3 code (``LVA``)."""
    iri: str
    organisation: str
    """The municipality's administration, the owner of the source documents."""

    def country_names(self) -> dict[str, str]:
        """The country's name in English and Latvian, from the ISO 3166 table (pycountry)."""
        return country_names(self.country)

    @property
    def country_slug(self) -> str:
        """The path of the country's resource under ``id/country/`` (the slug of its English name)."""
        return slug(self.country_names()["en"])


@dataclass(frozen=True)
class DatasetText:
    title: Texts
    description: Texts
    licence: str


@dataclass(frozen=True)
class Publisher:
    name: Texts
    url: str | None
    """Its web site; a new project has none until its publisher writes it in."""


@dataclass(frozen=True)
class Contact:
    name: str
    email: str | None


@dataclass(frozen=True)
class ProjectConfig:
    """What ``coopgraph.toml`` says, checked."""

    path: Path
    base: str
    """The base IRI of the dataset's resources, ending in ``/`` or ``#``."""
    languages: tuple[str, ...]
    """The label languages; the first is the default."""
    home: Home
    dataset: DatasetText
    publisher: Publisher
    contact: Contact | None


def country_names(alpha3: str) -> dict[str, str]:
    """English and Latvian names of a country (``LVA`` → Latvia, Latvija), from the one ISO 3166 lookup."""
    found = country(alpha3)
    return {"en": found.name, "lv": found.name_lv}


class _Reader:
    """Typed access to the parsed TOML, each mistake said with its ``[table] key``."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path, self.data = path, data

    def fail(self, table: str, key: str | None, message: str) -> ConfigError:
        return ConfigError(self.path, message, f"[{table}] {key}" if key else f"[{table}]")

    def table(self, name: str, required: bool = True) -> dict[str, Any] | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.fail(name, None, "the table is missing")
            return None
        if not isinstance(value, dict):
            raise self.fail(name, None, "must be a table")
        return value

    def text(self, table: str, key: str, required: bool = True) -> str | None:
        value = (self.table(table) or {}).get(key)
        if value is None:
            if required:
                raise self.fail(table, key, "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(table, key, f"{_shown(value)} must be a non-empty text")
        return value.strip()

    def texts(self, table: str, key: str, languages: tuple[str, ...]) -> dict[str, str]:
        value = (self.table(table) or {}).get(key)
        if value is None:
            raise self.fail(table, key, "is missing")
        if isinstance(value, str):
            value = {languages[0]: value}
        if not isinstance(value, dict) or not value:
            raise self.fail(table, key, f'{_shown(value)} must be a text or a table such as {{ en = "…" }}')
        for language, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise self.fail(table, f"{key}.{language}", f"{_shown(text)} must be a non-empty text")
        if "en" not in value:
            raise self.fail(table, key, "needs an English form (en = …): every label has one")
        return {language: text.strip() for language, text in value.items()}

    def iri(self, table: str, key: str, required: bool = True) -> str | None:
        value = self.text(table, key, required)
        if value is not None and (":" not in value or any(c in value for c in ' <>"{}|\\^`')):
            raise self.fail(table, key, f"{_shown(value)} is not an IRI")
        return value


def _shown_path(path: Path) -> str:
    """The file as the user would name it: relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def load_config(root: Path) -> ProjectConfig:
    """The settings of the project at ``root``, read from its ``coopgraph.toml``."""
    path = Path(root) / CONFIG_FILE
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(
            path, f"no {CONFIG_FILE} in {Path(root)}: a project needs one (`coopgraph init` writes it)"
        ) from None
    except OSError as error:
        raise ConfigError(path, error.strerror or str(error)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None
    read = _Reader(path, data)
    base = read.iri("project", "base") or ""
    if not base.endswith(("/", "#")):
        raise read.fail("project", "base", f'"{base}" must end with "/" or "#"')
    languages = _languages(read)
    publisher = Publisher(read.texts("publisher", "name", languages), read.iri("publisher", "url", required=False))
    home = _home(read, base, languages, publisher)
    dataset = DatasetText(
        read.texts("dataset", "title", languages),
        read.texts("dataset", "description", languages),
        read.iri("dataset", "licence") or "",
    )
    contact = None
    if read.table("contact", required=False) is not None:
        contact = Contact(read.text("contact", "name") or "", read.text("contact", "email", required=False))
    return ProjectConfig(path, base, languages, home, dataset, publisher, contact)


def _languages(read: _Reader) -> tuple[str, ...]:
    value = (read.table("project") or {}).get("languages", ["en"])
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise read.fail("project", "languages", f'{_shown(value)} must be a list of language tags, e.g. ["en", "lv"]')
    return tuple(v.strip() for v in value)


def _home(read: _Reader, base: str, languages: tuple[str, ...], publisher: Publisher) -> Home:
    """The home municipality; its IRIs, when not written, minted from its name and its publisher's."""
    name = read.texts("home", "name", languages)
    code = read.text("home", "country") or ""
    if len(code) != 3 or pycountry.countries.get(alpha_3=code.upper()) is None:
        raise read.fail("home", "country", f'"{code}" is not an ISO 3166-1 alpha-3 code')
    iri = read.iri("home", "iri", required=False) or f"{base}id/municipality/{slug(name['en'])}"
    organisation = read.iri("home", "organisation", required=False)
    return Home(name, code.upper(), iri, organisation or f"{base}id/organisation/{slug(publisher.name['en'])}")
