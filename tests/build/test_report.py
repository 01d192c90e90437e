"""The report document: what scripts and the /validation page read, the same for every result."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from coopgraph.build.report import REPORT_FILE, read_report, report_document, result_document, write_json
from coopgraph.build.validate import ValidationReport, Violation


def violation(**changes: object) -> Violation:
    values: dict[str, object] = {
        "focus": "https://w3id.org/coopgraph/id/agreement/a",
        "path": "coop:concluded",
        "message": "not a date",
        "severity": "Violation",
        "shape": "coop-shapes:concluded-form",
        "component": "PatternConstraintComponent",
        "value": '"2024-13-01"',
        "source_file": None,
        "line": None,
        **changes,
    }
    return Violation(**values)  # type: ignore[arg-type]


def test_a_result_names_its_file_as_the_project_does(tmp_path: Path) -> None:
    found = result_document(violation(source_file=tmp_path / "data" / "agreements.ttl", line=25), tmp_path)
    assert found == {
        "severity": "Violation",
        "focus": "https://w3id.org/coopgraph/id/agreement/a",
        "path": "coop:concluded",
        "value": '"2024-13-01"',
        "message": "not a date",
        "shape": "coop-shapes:concluded-form",
        "component": "PatternConstraintComponent",
        "file": "data/agreements.ttl",
        "line": 25,
        "column": None,
    }
    outside = result_document(violation(source_file=Path("/elsewhere/x.ttl")), tmp_path)
    assert outside["file"] == "/elsewhere/x.ttl" and outside["line"] is None


def test_more_places_of_a_result_are_written_under_their_own_names() -> None:
    @dataclass(frozen=True)
    class PlacedViolation(Violation):
        sheet: str | None = None

    found = result_document(PlacedViolation(**vars(violation()), sheet="Agreements"))  # type: ignore[misc]
    assert found["sheet"] == "Agreements" and list(found)[:2] == ["severity", "focus"]


def test_the_report_counts_by_severity_and_survives_a_round_trip(tmp_path: Path) -> None:
    report = ValidationReport(conforms=False, results=(violation(), violation(severity="Warning")))
    document = report_document(report)
    assert document["conforms"] is False and document["counts"] == {"violations": 1, "warnings": 1, "infos": 0}
    write_json(tmp_path / REPORT_FILE, document)
    assert read_report(tmp_path) == json.loads(json.dumps(document))
    assert [p.name for p in tmp_path.iterdir()] == [REPORT_FILE], "no temporary file is left behind"


def test_a_build_without_a_report_has_none(tmp_path: Path) -> None:
    assert read_report(tmp_path) is None
    (tmp_path / REPORT_FILE).write_text('{"something": "else"}', encoding="utf-8")
    assert read_report(tmp_path) is None
