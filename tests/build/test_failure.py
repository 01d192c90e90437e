"""A failed build leaves its record where a running server reads it; the next good build removes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.build.failure import FAILURE_FILE, read_failure
from coopgraph.build.layout import current_build
from coopgraph.build.pipeline import InvalidData, build
from coopgraph.sources.load import LoadError
from coopgraph.sources.project import Sources


def test_a_turtle_error_is_recorded_with_its_place_until_the_sources_build_again(
    project: Sources, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    good = build(project, out)
    assert read_failure(out) is None
    places = project.data_dir / "places.ttl"
    text = places.read_text(encoding="utf-8")
    places.write_text(text + "\nthis is not turtle\n", encoding="utf-8")
    with pytest.raises(LoadError) as error:
        build(project, out)
    record = read_failure(out)
    assert record is not None and record["report"] is None
    assert record["location"] == {"file": "data/places.ttl", "line": error.value.line, "column": error.value.column}
    assert record["message"].startswith(f"data/places.ttl:{error.value.line}:")
    places.write_text(text, encoding="utf-8")  # back to what is published: nothing to build, but not broken
    assert build(project, out).path == good.path
    assert read_failure(out) is None and not (out / FAILURE_FILE).exists()


def test_a_violation_is_recorded_with_its_report(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build(project, out)
    agreements = project.data_dir / "agreements.ttl"
    agreements.write_text(agreements.read_text().replace('"2018"^^xsd:gYear', '"since 2018"'))
    with pytest.raises(InvalidData):
        build(project, out)
    record = read_failure(out)
    assert record is not None and record["location"] is None
    assert record["report"]["conforms"] is False
    assert {r["file"] for r in record["report"]["results"]} == {"data/agreements.ttl"}
    agreements.write_text(agreements.read_text().replace('"since 2018"', '"2019"^^xsd:gYear'))
    build(project, out)
    assert read_failure(out) is None
    published = current_build(out)
    assert published is not None and (published.path / "validation.json").exists()
