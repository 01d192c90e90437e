"""Read a sheet (CSV or an ``.xlsx`` workbook) row by row, checked against its CSVW table metadata.

Each sheet kind is described once, in ``sheets/{kind}.csv-metadata.json`` (W3C
CSV on the Web): its columns, their datatypes, which are required, which hold
lists. The ``csvw`` package reads that description, splits the CSV, and checks
every cell; the same column descriptions check the cells of a workbook, so a
clerk gets the same message whichever program keeps the sheet. Nothing here
knows what a column means: :mod:`coopgraph.sources.sheets` turns rows into
triples.

A mistake is said once, in the sheet's terms, as the spreadsheet program shows
them: ``data/agreements.csv:25 column concluded: "2024-13-01" is not a date;
write YYYY-MM-DD, YYYY-MM or YYYY`` (a workbook adds the column's letter).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import csvw
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coopgraph.sources.load import LoadError

__all__ = ["KINDS", "SUFFIXES", "Row", "SheetError", "columns", "kind_of", "precision", "read_rows", "table"]

KINDS = ("sources", "agreements", "programmes", "projects", "participants", "events")
"""The sheet kinds, in the order they are read: a row may name what an earlier kind's rows made."""

SUFFIXES = (".csv", ".xlsx")

_HINTS = {
    "date": "is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
    "date or day": "is not a date; write YYYY-MM-DD, YYYY-MM or YYYY, or --MM or --MM-DD when there is no year",
    "identifier": "is not an identifier; write lower-case letters and digits joined by '-' (naro-fominsk)",
    "language": "is not a language code; write its two letters (en, lv)",
    "wikidata": "is not a Wikidata item; write Q and its number (Q104740)",
    "role": "is not a role; write lead, partner or associated (or leave it empty)",
    "event type": "is not a kind of event; write event, meeting, seminar or study visit",
    "decimal": "is not a number; write it with a decimal point (51.4025)",
    "anyURI": "is not a web address; write it in full (https://…)",
    "datetime": "is not a date and time; write YYYY-MM-DDThh:mm:ss",
}


class SheetError(LoadError):
    """A cell (or a whole sheet) a clerk must fix: where, as the spreadsheet shows it, and what to write."""

    def __init__(self, path: Path, message: str, row: int | None = None, column: str | None = None) -> None:
        super().__init__(path, message, row)
        self.row, self.column_name = row, column

    @property
    def where(self) -> str:
        """The place as a spreadsheet shows it: ``file:row column name``."""
        where = str(self.path) if self.row is None else f"{self.path}:{self.row}"
        return where if self.column_name is None else f"{where} column {self.column_name}"


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its cells read by their columns' datatypes, and how to point at each."""

    path: Path
    """The sheet's file, as the clerk names it (relative to the project)."""
    number: int
    """The row's number as the spreadsheet program shows it (the header is row 1)."""
    cells: dict[str, Any]
    """Column name → value: ``None`` when empty, a list for a list column, else text or a number."""
    letters: dict[str, str] | None = None
    """Column name → letter (``C``), for a workbook; ``None`` for CSV."""

    def column(self, name: str) -> str:
        """How an error names a column: ``concluded``, or ``concluded (C)`` in a workbook."""
        letter = self.letters.get(name) if self.letters else None
        return f"{name} ({letter})" if letter else name

    def error(self, name: str, message: str) -> SheetError:
        return SheetError(self.path, message, self.number, self.column(name))

    def text(self, name: str) -> str | None:
        value = self.cells.get(name)
        return None if value is None else str(value)

    def items(self, name: str) -> list[str]:
        """A list column's items, trimmed, empty items dropped."""
        return [item.strip() for item in self.cells.get(name) or [] if item and item.strip()]


def kind_of(path: Path) -> str | None:
    """The sheet kind a file holds, from its name (``agreements.csv``, ``agreements.xlsx``), or None."""
    if path.suffix.lower() not in SUFFIXES:
        return None
    return path.stem.lower() if path.stem.lower() in KINDS else None


@cache
def table(kind: str) -> csvw.Table:
    """The CSVW description of a sheet kind, shipped with coopgraph."""
    text = resources.files("coopgraph.sources").joinpath(f"sheets/{kind}.csv-metadata.json").read_text("utf-8")
    return csvw.Table.fromvalue(json.loads(text))


def columns(kind: str) -> list[Any]:
    """The CSVW column descriptions of a kind, in the order of its template."""
    return list(table(kind).tableSchema.columns)


def read_rows(path: Path, shown: Path | None = None) -> Iterator[Row]:
    """The rows of one sheet file, each cell checked; raises :class:`SheetError` at the first bad cell.

    ``shown`` is the path errors print (the file relative to the project).
    """
    kind = kind_of(path)
    if kind is None:
        raise SheetError(
            shown or path, f"not a sheet coopgraph knows; name it one of {', '.join(KINDS)} (.csv or .xlsx)"
        )
    shown = shown or path
    records = _xlsx_records(path, shown) if path.suffix.lower() == ".xlsx" else _csv_records(path, kind, shown)
    header: list[str] | None = None
    xlsx = path.suffix.lower() == ".xlsx"
    for number, record in records:
        if header is None:
            header = _checked_header(record, kind, shown)
            letters = {name: get_column_letter(i + 1) for i, name in enumerate(header)} if xlsx else None
            continue
        if not any(cell.strip() for cell in record):
            continue  # a blank row: spreadsheets leave them
        yield _row(kind, shown, number, header, record, letters)


def _checked_header(record: Sequence[str], kind: str, shown: Path) -> list[str]:
    """The header row, every name a column of the kind and every required column present."""
    header = [cell.strip() for cell in record]
    known = {column.name: column for column in columns(kind)}
    for index, name in enumerate(header):
        if name and name not in known:
            where = f"column {name} ({get_column_letter(index + 1)})"
            raise SheetError(shown, f"{where} is not a column of {kind} sheets; the columns are: {', '.join(known)}", 1)
    missing = [name for name, column in known.items() if column.required and name not in header]
    if missing:
        raise SheetError(shown, f"the header row has no column {', '.join(missing)}, which {kind} sheets need", 1)
    return header


@dataclass(frozen=True)
class _Spec:
    """What reading one column's cells needs, worked out once per sheet."""

    name: str
    column: Any
    kind: str
    """The datatype's ``dc:title`` (date, identifier…) or its base (decimal, anyURI, string)."""
    plain: bool
    """A string with no format and no separator: the cell's text is its value."""


@cache
def _specs(kind: str) -> tuple[_Spec, ...]:
    specs = []
    for column in columns(kind):
        datatype = column.datatype
        base = datatype.base if datatype is not None else "string"
        title = datatype.common_props.get("dc:title") if datatype is not None else None
        plain = base == "string" and title is None and not column.separator
        specs.append(_Spec(column.name, column, title or base, plain))
    return tuple(specs)


def _row(
    kind: str, shown: Path, number: int, header: list[str], record: Sequence[str], letters: dict[str, str] | None
) -> Row:
    cells: dict[str, Any] = {}
    texts = dict(zip(header, record, strict=False))
    row = Row(shown, number, cells, letters)
    for spec in _specs(kind):
        text = (texts.get(spec.name) or "").strip()
        if not text:
            if spec.column.required:
                raise row.error(spec.name, f"is empty; every row of {kind} needs its {spec.name}")
            cells[spec.name] = None
        else:
            cells[spec.name] = text if spec.plain else _cell(spec, text, row)
    return row


def _cell(spec: _Spec, text: str, row: Row) -> Any:
    """A cell read by its column's CSVW description (datatype, format, bounds, separator)."""
    separator = spec.column.separator
    if separator:  # "en; lv": the items are trimmed, as the cells are
        text = separator.join(item.strip() for item in text.split(separator) if item.strip())
    try:
        value = spec.column.read(text)
        if spec.kind in ("date", "date or day"):
            precision(value)
        if spec.kind == "anyURI":
            value = _web_address(value.unsplit())
        return value
    except ValueError as error:
        hint = _HINTS.get(spec.kind)
        if hint is None or ("must be" in str(error) and not spec.kind.startswith("date")):
            hint = f"is not allowed here ({error})"
        raise row.error(spec.name, f'"{text}" {hint}') from None


def _web_address(text: str) -> str:
    """An absolute http(s) address with nothing a clerk's paste adds (spaces, quotes, angle brackets)."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in text for c in ' "<>{}|\\^`'):
        raise ValueError(text)
    return text


_PRECISIONS = {4: "gYear", 7: "gYearMonth", 10: "date", 102: "gMonth", 105: "gMonthDay"}


def precision(text: str) -> str:
    """The XSD type a date written this way has (``date``, ``gYearMonth``, ``gYear``, ``gMonth``, ``gMonthDay``).

    Raises ValueError for a date that does not exist (a 13th month, 30 February).

    >>> precision("1993-12-17"), precision("2012-09"), precision("2018"), precision("--08-29")
    ('date', 'gYearMonth', 'gYear', 'gMonthDay')
    """
    if text.startswith("--"):
        parts = [2000, *map(int, text[2:].split("-"))]  # a leap year, so that --02-29 is a day
        key = len(text) - 2 + 100
    else:
        parts = list(map(int, text.split("-")))
        key = len(text)
    date(*parts, *[1] * (3 - len(parts)))
    return _PRECISIONS[key]


def _csv_records(path: Path, kind: str, shown: Path) -> Iterator[tuple[int, list[str]]]:
    """The CSV's records with the row numbers a spreadsheet shows (a cell may span lines)."""
    dialect = table(kind).dialect
    number = 0
    try:
        with csvw.UnicodeReaderWithLineNumber(path, dialect=dialect) as reader:
            for number, (_, record) in enumerate(reader, start=1):
                yield number, record
    except csv.Error as error:
        raise SheetError(
            shown, f'a cell opens a quote (") that is never closed ({error}); close it, or remove it', number + 1
        ) from None
    except UnicodeDecodeError:
        raise SheetError(shown, "is not UTF-8 text; save it as 'CSV UTF-8' from the spreadsheet program") from None
    except OSError as error:
        raise SheetError(shown, error.strerror or str(error)) from None


def _xlsx_records(path: Path, shown: Path) -> Iterator[tuple[int, list[str]]]:
    """The first worksheet's rows as text: dates as YYYY-MM-DD, whole numbers without a decimal point."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not a workbook
        raise SheetError(shown, f"is not an .xlsx workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_text(value) for value in values]
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
