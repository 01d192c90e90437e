"""Projects made as a clerk makes them: `coopgraph init`, then rows typed into the sheets (CSV or .xlsx)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook

from coopgraph.sources.scaffold import init_project
from coopgraph.sources.sheet_read import columns

SOURCE = {"id": "decision-17", "label": "Council decision 17 of 2020", "language": "en"}
TARTU = {
    "partner": "Tartu",
    "partner_lv": "Tartu",
    "country": "EST",
    "concluded": "2020-05-04",
    "fields": "culture; education",
    "field_concepts_lv": "kultūra; izglītība",
    "source": "decision-17",
}
"""A row of agreements.csv as a clerk of Valmiera would write it."""


def new_project(root: Path) -> Path:
    """A project for Valmiera, as `coopgraph init` makes it."""
    init_project(root, "Valmiera", "LVA")
    return root


def write_rows(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    """Rows appended to a sheet below its header; a ``.xlsx`` path gets a workbook with the same header."""
    kind = path.stem
    header = [column.name for column in columns(kind)]
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(name) for name in header])
        book.save(path)
        return path
    if not path.exists():
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(header)
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writerows(rows)
    return path
