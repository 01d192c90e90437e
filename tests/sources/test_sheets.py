"""coopgraph.sources.sheets: a clerk's sheets become the project's triples, and a mistake is named by its cell."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.sources.project import Sources
from coopgraph.sources.sheet_read import KINDS, SheetError, table
from coopgraph.sources.sheets import sheet_files, sheet_origins, sheet_rows
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


CSVW_PREFIXES = {
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
"""The prefixes of the CSVW initial context that the metadata uses (schema: is http there; coopgraph writes https)."""


FULL_ROWS: dict[str, list[dict[str, object]]] = {
    "sources": [
        {
            **SOURCE,
            "label_lv": "Lēmums",
            "title": "Otsus",
            "title_en": "Decision",
            "url": "https://example.org/d",
            "language": "et; en",
            "retrieved": "2024",
            "modified": "2024-01-02T03:04:05",
            "identifier": "d17",
            "description": "D",
            "note": "N",
        }
    ],
    "agreements": [
        {
            **TARTU,
            "supplements": "2019",
            "wikidata": "Q1",
            "latitude": "58",
            "longitude": "24",
            "label": "x",
            "label_lv": "y",
            "description": "d",
            "note": "n",
            "field_concepts": "culture; sport",
            "field_concepts_lv": "kultūra; sports",
            "fields_language": "et",
            "partner_id": "tartu",
        }
    ],
    "programmes": [
        {
            "name": "Interreg",
            "name_lv": "Interreg",
            "part_of": "Cohesion",
            "operator": "Agency",
            "start": "2021",
            "end": "2027",
            "description": "D",
            "source": "decision-17",
        }
    ],
    "projects": [
        {
            "name": "Green",
            "name_lv": "Zaļš",
            "code": "G-1",
            "programme": "Interreg",
            "start": "2022",
            "end": "2023",
            "field_concepts": "environment",
            "field_concepts_lv": "vide",
            "url": "https://example.org/g",
            "description": "D",
            "description_lv": "A",
            "source": "decision-17",
        }
    ],
    "participants": [
        {
            "project": "Green",
            "participant": "University of Tartu",
            "participant_lv": "Tartu Universitāte",
            "country": "EST",
            "source": "decision-17",
        }
    ],
    "events": [
        {
            "name": "Kick-off",
            "name_lv": "Sākums",
            "type": "seminar",
            "project": "Green",
            "start": "--04",
            "end": "--05",
            "location": "Tartu",
            "description": "D",
            "source": "decision-17",
        }
    ],
}
"""A row of every kind with every column filled in."""

CSVW_PREFIXES = {
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
"""The prefixes of the CSVW initial context that the metadata uses (schema: is http there; coopgraph writes https)."""


def test_each_column_writes_the_property_its_metadata_declares(tmp_path: Path) -> None:
    root = new_project(tmp_path / "valmiera")
    for kind, rows in FULL_ROWS.items():
        write_rows(root / "data" / f"{kind}.csv", rows)
    sources = Sources(root)
    written: dict[tuple[str, str], set[str]] = {}
    for row, (_, predicate, _, column) in sheet_rows(sources.sheet_files(), sources.root, []):
        if column is not None:
            iri = predicate.value.replace("https://schema.org/", "http://schema.org/")
            written.setdefault((row.path.stem, column), set()).add(iri)
    for kind in KINDS:
        for column in table(kind).tableSchema.columns:
            if column.propertyUrl is None:
                continue
            prefix, _, local = str(column.propertyUrl).partition(":")
            expanded = CSVW_PREFIXES[prefix] + local if prefix in CSVW_PREFIXES else str(column.propertyUrl)
            assert expanded in written.get((kind, column.name), set()), (
                f"{kind}.{column.name} does not write {expanded}"
            )
