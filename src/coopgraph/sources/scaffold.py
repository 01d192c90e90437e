"""``coopgraph init``: a new project for a municipality, ready to build with empty sheets.

A project is a folder with ``coopgraph.toml`` (the home municipality, the
dataset's titles, the publisher) and ``data/`` holding one CSV template per sheet
kind: the header row only, the columns of the kind's CSVW description. The
README written beside them is made from those same descriptions, so what the
clerks read is what the build checks.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from coopgraph.sources.config import CONFIG_FILE
from coopgraph.sources.countries import country
from coopgraph.sources.sheet_read import KINDS, columns, table
from coopgraph.sources.slug import slug

__all__ = ["ScaffoldError", "init_project"]

DEFAULT_BASE = "https://w3id.org/coopgraph/"
"""The base IRI a new project starts with, until its publisher has an address of its own."""


class ScaffoldError(Exception):
    """A project that cannot be made as asked, said in the terms of the command's options."""


def init_project(directory: Path, municipality: str, country_code: str, name_lv: str | None = None) -> Path:
    """Write a new project into ``directory`` (missing or empty); returns its ``coopgraph.toml``."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} is not empty: give a new folder, or an empty one, for the project")
    try:
        home_country = country(country_code)
    except LookupError as error:
        raise ScaffoldError(f"--country {country_code!r} {error}") from None
    try:
        slug(municipality)
    except ValueError as error:
        raise ScaffoldError(f"--municipality {municipality!r}: {error}") from None
    data = directory / "data"
    data.mkdir(parents=True)
    for kind in KINDS:
        with (data / f"{kind}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow([column.name for column in columns(kind)])
    (data / "README.md").write_text(clerks_readme(municipality), encoding="utf-8")
    config = directory / CONFIG_FILE
    config.write_text(project_config(municipality, home_country.alpha3, name_lv or municipality), encoding="utf-8")
    return config


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is written as a JSON string is


def project_config(name: str, alpha3: str, name_lv: str) -> str:
    """The ``coopgraph.toml`` of a new project, in the format every coopgraph command reads."""
    return f"""# The settings of this coopgraph project: who publishes it, and about which municipality.

[project]
base = {_toml(DEFAULT_BASE)}          # the start of every IRI of the dataset; use your own address if you have one
languages = ["en", "lv"]                      # label languages, the first is the default

[home]                                        # the municipality whose cooperation this is
name = {{ en = {_toml(name)}, lv = {_toml(name_lv)} }}
country = {_toml(alpha3)}

[dataset]
title = {{ en = {_toml(name + " international cooperation")}, lv = {_toml(name_lv + " starptautiskā sadarbība")} }}
description = {{ en = {_toml(f"The twin cities, agreements and international projects of {name}.")}, \
lv = {_toml(f"{name_lv} sadraudzības pilsētas, līgumi un starptautiskie projekti.")} }}
licence = "http://creativecommons.org/licenses/by/4.0/"

[publisher]
name = {{ en = {_toml(name + " municipality")}, lv = {_toml(name_lv + " pašvaldība")} }}
# url = "https://www.example.lv/"            # the publisher's web site: write it in and remove the "#"

# [contact]                                   # who answers questions about the data: write them in, remove the "#"
# name = "…"
# email = "…"
"""


def clerks_readme(name: str) -> str:
    """A short guide for the people who keep the sheets, with every sheet's columns."""
    parts = [
        f"# The data of {name}'s international cooperation\n",
        (
            "Each file here is a sheet: keep it in a spreadsheet program and save it as CSV (UTF-8), "
            "or keep the same sheet as an Excel workbook (`agreements.xlsx` beside or instead of "
            "`agreements.csv`, its first worksheet with the same header row). The first row names "
            "the columns; do not change it. Then run `coopgraph build`: it checks every cell and "
            "says which file, row and column to fix, and publishes nothing until all is right.\n"
        ),
        (
            "Every row says which document it comes from (`source`, an `id` of `sources.csv`): "
            "write down only what a document says, and dates as precisely as it gives them "
            "(`2024-05-17`, `2024-05` or `2024`). Lists in one cell are separated by `;`.\n"
        ),
    ]
    for kind in KINDS:
        description = table(kind).common_props.get("dc:description", "")
        parts.append(f"## {kind}.csv\n\n{description}\n\n| column | required | what to write |\n|---|---|---|")
        for column in columns(kind):
            text = column.common_props.get("dc:description", "")
            parts.append(f"| `{column.name}` | {'yes' if column.required else ''} | {text} |")
        parts.append("")
    return "\n".join(parts) + "\n"
