"""A SHACL result on Turtle names the line of the value to fix, not the line where its resource starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.build.pipeline import check
from coopgraph.build.validate import ValidationReport, Violation
from coopgraph.build.value_lines import locate_values, predicate_iri
from coopgraph.sources.project import Sources

VANERSBORG = "https://w3id.org/coopgraph/id/cooperation/daugavpils-vanersborg"
"""A cooperation the Turtle describes (the agreements are kept in a sheet): its start year a few lines down."""


def break_a_date(project: Sources) -> tuple[Path, int, int]:
    """The Vänersborg cooperation started in year "20x8": (file, the date's line, the cooperation's line)."""
    agreements = project.data_dir / "agreements.ttl"
    lines = agreements.read_text(encoding="utf-8").splitlines()
    subject = next(i for i, line in enumerate(lines) if line.startswith("cooperation:daugavpils-vanersborg"))
    value = next(i for i in range(subject, len(lines)) if '"2018"^^xsd:gYear' in lines[i])
    lines[value] = lines[value].replace('"2018"', '"20x8"')
    agreements.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return agreements, value + 1, subject + 1


@pytest.mark.parametrize("validator", ["compiled", "pyshacl"])
def test_an_impossible_date_is_reported_on_its_own_line(project: Sources, validator: str) -> None:
    agreements, value_line, subject_line = break_a_date(project)
    assert value_line != subject_line
    report = check(project, validator=validator)  # type: ignore[arg-type]
    found = [v for v in report.violations() if v.focus == VANERSBORG and v.value == '"20x8"^^xsd:gYear']
    assert found
    assert {(v.source_file, v.line) for v in found} == {(agreements, value_line)}
    assert all(v.where == f"{agreements}:{value_line}" for v in found)


def test_a_missing_value_keeps_the_line_of_its_resource(project: Sources) -> None:
    agreements = project.data_dir / "agreements.ttl"
    lines = agreements.read_text(encoding="utf-8").splitlines()
    subject = next(i for i, line in enumerate(lines) if line.startswith("cooperation:daugavpils-vanersborg"))
    value = next(i for i in range(subject, len(lines)) if "coop:party" in lines[i])
    lines[value] = "    # the parties were here"
    agreements.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [v for v in check(project).violations() if v.focus == VANERSBORG and v.path == "coop:party"]
    assert found and all(v.value is None and v.line == subject + 1 for v in found)


def test_a_value_written_in_another_file_is_found_there(tmp_path: Path) -> None:
    about = tmp_path / "about.ttl"
    about.write_text("<http://example.org/a> a <http://example.org/Thing> .\n", encoding="utf-8")
    links = tmp_path / "links.ttl"
    links.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n"
        "<http://example.org/a>\n    skos:exactMatch <http://example.org/b> .\n",
        encoding="utf-8",
    )
    result = Violation(
        "http://example.org/a", "skos:exactMatch", "wrong", "Violation", "s", "c", "http://example.org/b", about, 1
    )
    placed = locate_values(ValidationReport(False, (result,)), [about, links])
    assert (placed.results[0].source_file, placed.results[0].line) == (links, 4)


def test_only_a_single_predicate_path_is_placed() -> None:
    assert predicate_iri("coop:concluded") == "https://w3id.org/coopgraph/ontology#concluded"
    assert predicate_iri("http://example.org/p") == "http://example.org/p"
    assert predicate_iri("^coop:party") is None
    assert predicate_iri("coop:a/coop:b") is None
    assert predicate_iri("nope:x") is None
