"""coopgraph.sources.sheet_read: every cell checked by its kind's CSVW description, in CSV and in a workbook."""

from __future__ import annotations

import doctest
import json
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from openpyxl import Workbook

import coopgraph.sources.sheet_read
from coopgraph.sources.sheet_read import KINDS, SheetError, kind_of, precision, read_rows, table
from tests.sheets import TARTU, write_rows


def test_doctests() -> None:
    assert doctest.testmod(coopgraph.sources.sheet_read).failed == 0


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_described_once_as_csvw_table_metadata(kind: str) -> None:
    text = resources.files("coopgraph.sources").joinpath(f"sheets/{kind}.csv-metadata.json").read_text("utf-8")
    metadata = json.loads(text)
    assert metadata["@context"][0] == "http://www.w3.org/ns/csvw" and metadata["url"] == f"{kind}.csv"
    described = table(kind).tableSchema.columns
    assert described and all(c.common_props.get("dc:description") for c in described)
    assert any(c.required for c in described)


def test_a_row_is_read_by_its_columns_datatypes(tmp_path: Path) -> None:
    sheet = write_rows(tmp_path / "agreements.csv", [{**TARTU, "fields": " culture ;education; ", "latitude": "58.38"}])
    (row,) = read_rows(sheet)
    assert row.number == 2 and row.text("partner") == "Tartu"
    assert row.items("fields") == ["culture", "education"]
    assert row.cells["latitude"] == Decimal("58.38") and row.cells["note"] is None


def test_a_cell_over_two_lines_keeps_the_row_number_a_spreadsheet_shows(tmp_path: Path) -> None:
    sheet = write_rows(
        tmp_path / "agreements.csv", [{**TARTU, "note": "one\ntwo"}, {**TARTU, "concluded": "2020-02-30"}]
    )
    with pytest.raises(SheetError, match=r'agreements.csv:3 column concluded: "2020-02-30" is not a date'):
        list(read_rows(sheet))


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    sheet = write_rows(tmp_path / "agreements.csv", [TARTU, {}, TARTU])
    assert [row.number for row in read_rows(sheet)] == [2, 4]


def test_a_workbook_gives_dates_and_numbers_as_the_clerk_typed_them(tmp_path: Path) -> None:
    sheet = write_rows(
        tmp_path / "agreements.xlsx",
        [{**TARTU, "concluded": datetime(2020, 5, 4), "supplements": date(2019, 1, 2), "latitude": 58.0}],
    )
    (row,) = read_rows(sheet)
    assert row.text("concluded") == "2020-05-04" and row.text("supplements") == "2019-01-02"
    assert row.cells["latitude"] == Decimal("58") and row.column("concluded") == "concluded (E)"


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("latitude", "58,38", "is not a number; write it with a decimal point"),
        ("latitude", "91", "is not allowed here (value must be <= 90)"),
        ("wikidata", "13972", "is not a Wikidata item"),
        ("fields_language", "Latvian", "is not a language code"),
        ("partner_id", "Tartu City", "is not an identifier"),
    ],
)
def test_a_bad_cell_says_what_to_write(tmp_path: Path, column: str, value: str, says: str) -> None:
    sheet = write_rows(tmp_path / "agreements.csv", [{**TARTU, column: value}])
    with pytest.raises(SheetError) as raised:
        list(read_rows(sheet, Path("data/agreements.csv")))
    assert str(raised.value).startswith(f'data/agreements.csv:2 column {column}: "{value}" {says}')


def test_a_file_that_is_not_a_workbook_is_said_to_be_so(tmp_path: Path) -> None:
    sheet = tmp_path / "agreements.xlsx"
    sheet.write_text("partner\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"agreements.xlsx: is not an .xlsx workbook"):
        list(read_rows(sheet))


def test_a_csv_that_is_not_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    sheet = write_rows(tmp_path / "agreements.csv", [])
    sheet.write_bytes(sheet.read_bytes() + "Pärnu,EST\n".encode("latin-1"))
    with pytest.raises(SheetError, match="save it as 'CSV UTF-8'"):
        list(read_rows(sheet))


def test_only_the_kinds_names_are_sheets() -> None:
    assert kind_of(Path("agreements.csv")) == "agreements" and kind_of(Path("Events.XLSX")) == "events"
    assert kind_of(Path("notes.csv")) is None and kind_of(Path("agreements.ttl")) is None


def test_a_workbook_made_by_openpyxl_reads_back(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "label", "language"])
    sheet.append(["s1", "A decision", "en; lv"])
    book.save(tmp_path / "sources.xlsx")
    (row,) = read_rows(tmp_path / "sources.xlsx")
    assert row.items("language") == ["en", "lv"]


def test_precision_follows_what_is_written() -> None:
    assert [precision(t) for t in ("2020", "2020-05", "2020-05-04", "--05", "--02-29")] == [
        "gYear",
        "gYearMonth",
        "date",
        "gMonth",
        "gMonthDay",
    ]
    with pytest.raises(ValueError):
        precision("2023-02-29")


def test_a_csv_saved_by_a_spreadsheet_program_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    sheet = tmp_path / "sources.csv"
    sheet.write_bytes("id,label,language\ns1,A decision,en\n".encode("utf-8-sig"))  # Excel's "CSV UTF-8"
    (row,) = read_rows(sheet)
    assert row.text("id") == "s1"


def test_a_quote_never_closed_is_named_by_its_row(tmp_path: Path) -> None:
    sheet = write_rows(tmp_path / "agreements.csv", [TARTU])
    sheet.write_text(sheet.read_text(encoding="utf-8") + 'Pärnu,"Pērnava,EST\n', encoding="utf-8")
    with pytest.raises(SheetError, match=r"agreements.csv:3: a cell opens a quote \(\"\) that is never closed"):
        list(read_rows(sheet))
