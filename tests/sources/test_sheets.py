"""coopgraph.sources.sheets: a clerk's sheets become the project's triples, and a mistake is named by its cell."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.sources.project import Sources
from coopgraph.sources.sheet_read import SheetError
from coopgraph.sources.sheets import sheet_files, sheet_origins
from tests.sheets import SOURCE, TARTU, new_project, write_rows

ID = "https://w3id.org/coopgraph/id/"
AGREEMENT = ID + "agreement/valmiera-tartu-2020"


def project_with(tmp_path: Path, suffix: str, *rows: dict[str, object]) -> Sources:
    """A new project whose agreements sheet (CSV, or a workbook in place of it) holds ``rows``."""
    root = new_project(tmp_path / "valmiera")
    write_rows(root / "data" / "sources.csv", [SOURCE])
    if suffix == ".xlsx":
        (root / "data" / "agreements.csv").unlink()
    write_rows(root / "data" / f"agreements{suffix}", list(rows))
    return Sources(root)


def triples(sources: Sources) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in sources.sheet_quads(ox.DefaultGraph())}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_row_of_either_form_makes_the_agreement(tmp_path: Path, suffix: str) -> None:
    made = triples(project_with(tmp_path, suffix, TARTU))
    assert (AGREEMENT, "https://w3id.org/coopgraph/ontology#party", ID + "municipality/tartu") in made
    assert (AGREEMENT, "https://w3id.org/coopgraph/ontology#party", ID + "municipality/valmiera") in made


MISTAKES = [
    (
        {"concluded": "2024-13-01"},
        'column concluded{letter}: "2024-13-01" is not a date; write YYYY-MM-DD, YYYY-MM or YYYY',
    ),
    (
        {"country": "Narnia"},
        'column country{letter}: "Narnia" is not a country of ISO 3166; write its three-letter code',
    ),
    ({"partner": ""}, "column partner{letter}: is empty; every row of agreements needs its partner"),
    ({"source": "minutes-3"}, 'column source{letter}: "minutes-3" is not a source that sources.csv lists'),
]
LETTERS = {"concluded": "E", "country": "D", "partner": "A", "source": "J"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(("change", "expected"), MISTAKES, ids=["date", "country", "empty", "source"])
def test_each_of_the_four_mistakes_names_its_file_row_and_column(
    tmp_path: Path, suffix: str, change: dict[str, str], expected: str
) -> None:
    sources = project_with(tmp_path, suffix, TARTU, {**TARTU, "partner": "Pärnu", **change})
    column = next(iter(change))
    letter = f" ({LETTERS[column]})" if suffix == ".xlsx" else ""
    with pytest.raises(SheetError) as raised:
        triples(sources)
    assert str(raised.value).startswith(f"data/agreements{suffix}:3 " + expected.format(letter=letter))


def test_a_column_the_kind_does_not_have_is_named_with_the_ones_it_has(tmp_path: Path) -> None:
    sources = project_with(tmp_path, ".csv")
    sheet = sources.data_dir / "agreements.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("partner_lv", "partner_latvian"), encoding="utf-8")
    with pytest.raises(SheetError, match=r"agreements.csv:1: column partner_latvian \(B\) is not a column"):
        triples(sources)


def test_a_sheet_without_a_required_column_is_refused_at_its_header(tmp_path: Path) -> None:
    sources = project_with(tmp_path, ".csv")
    (sources.data_dir / "agreements.csv").write_text("partner,country\nTartu,EST\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"agreements\.csv:1: the header row has no column concluded, fields, source"):
        triples(sources)


def test_sheets_are_read_sources_first_whatever_their_names_sort_as(tmp_path: Path) -> None:
    sources = project_with(tmp_path, ".csv", TARTU)
    write_rows(sources.data_dir / "agreements.xlsx", [])
    names = [p.name for p in sheet_files(sources.data_dir)]
    assert names[:3] == ["sources.csv", "agreements.csv", "agreements.xlsx"]
    assert "README.md" not in names


@pytest.mark.parametrize(("suffix", "column"), [(".csv", "concluded"), (".xlsx", "concluded (E)")])
def test_the_origin_of_a_triple_is_its_cell(tmp_path: Path, suffix: str, column: str) -> None:
    sources = project_with(tmp_path, suffix, {**TARTU, "partner": "Pärnu"}, TARTU)
    found = sheet_origins(sources.sheet_files(), sources.root, [], {AGREEMENT})
    concluded = [o for p, _, o in found[AGREEMENT] if p.endswith("#concluded")]
    assert [(str(o.path), o.row, o.column) for o in concluded] == [(f"data/agreements{suffix}", 3, column)]


def test_only_the_sheets_that_make_a_resource_are_read_again_to_find_its_cell(tmp_path: Path) -> None:
    sources = project_with(tmp_path, ".csv", TARTU)
    agreements = sources.data_dir / "agreements.csv"
    agreements.write_text(agreements.read_text(encoding="utf-8") + '"unclosed\n', encoding="utf-8")
    document = ID + "source/decision-17"
    found = sheet_origins(sources.sheet_files(), sources.root, [], {document})  # agreements.csv is not read
    assert [(str(o.path), o.row) for _, _, o in found[document]][:1] == [("data/sources.csv", 2)]
