"""The validation report on the site: the served build's warnings, and what a failed build must fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.build.pipeline import InvalidData, build
from coopgraph.sources.project import Sources
from coopgraph.web.pages.validation import standalone_html
from tests.server import running_server
from tests.web.pages.page_reading import Page, html
from tests.web.publishing import eventually, page

ODD = "https://w3id.org/coopgraph/id/thing/odd"


def add_warning(project: Sources) -> None:
    """A resource of a class coopgraph does not check: a warning, which does not stop the build."""
    (project.data_dir / "extra.ttl").write_text(
        f'<{ODD}> a <http://example.org/Thing> ;\n    <http://www.w3.org/2000/01/rdf-schema#label> "odd"@en .\n',
        encoding="utf-8",
    )


def add_violation(project: Sources) -> None:
    agreements = project.data_dir / "agreements.ttl"
    text = agreements.read_text(encoding="utf-8").replace('"2018"^^xsd:gYear', '"since 2018"')
    agreements.write_text(text, encoding="utf-8")


@pytest.fixture
def warned(project: Sources, tmp_path: Path) -> Iterator[tuple[Sources, Path, str]]:
    """A server over a build with one warning; yields the project, its build directory and the server."""
    add_warning(project)
    out = tmp_path / "dist"
    build(project, out)
    with running_server(out, settings={"COOPGRAPH_PROJECT_DIR": str(project.root)}) as url:
        yield project, out, url


def test_the_report_of_the_served_build_lists_its_warnings_in_both_languages(warned: tuple[Sources, Path, str]) -> None:
    _, _, url = warned
    english = html(url, "/validation")
    assert english.texts("p", "summary") == ["The data conforms to the shapes. Warnings: 1"]
    (warning,) = english.texts("tr", "severity-warning")
    assert warning.startswith("Warning data/extra.ttl:1 " + ODD + " rdf:type http://example.org/Thing")
    assert warning.endswith("coop-shapes:known-class InConstraintComponent")
    assert not english.texts("tr", "severity-violation")
    latvian = html(url, "/validation?lang=lv")
    assert latvian.texts("h1") == ["Validācijas pārskats"]
    assert [row.split()[0] for row in latvian.texts("tr", "severity-warning")] == ["Brīdinājums"]
    home = html(url, "/")
    assert "/validation" in {a["href"].split("?")[0] for a, _ in home.find("a")}


def test_a_failed_build_is_reported_above_the_served_one_until_the_next_good_build(
    warned: tuple[Sources, Path, str],
) -> None:
    project, out, url = warned
    add_violation(project)
    with pytest.raises(InvalidData):
        build(project, out)
    eventually(lambda: "The sources do not build." in page(url, "/"), seconds=10)
    report = page(url, "/validation")
    failed, served = report.split('<section class="report">')
    assert "The build that failed" in failed and "validation failed with 2 violations" in failed
    assert "daugavpils-vanersborg" in failed and "data/agreements.ttl:" in failed and "Violation" in failed
    assert "daugavpils-vanersborg" not in served and ODD in served

    agreements = project.data_dir / "agreements.ttl"
    agreements.write_text(agreements.read_text().replace('"since 2018"', '"2018"^^xsd:gYear'))
    (project.data_dir / "extra.ttl").unlink()
    build(project, out)
    eventually(lambda: "No violations and no warnings." in page(url, "/validation"), seconds=10)
    assert "The sources do not build." not in page(url, "/") + page(url, "/validation")


def test_a_long_report_lists_its_first_results_and_says_how_many_more() -> None:
    report = {
        "conforms": True,
        "counts": {"violations": 0, "warnings": 3, "infos": 0},
        "results": [
            {"severity": "Warning", "focus": f"{ODD}-{i}", "path": None, "value": None, "message": "m", "shape": "s"}
            for i in range(3)
        ],
    }
    page = Page(standalone_html(report, "en", limit=2))
    assert len(page.texts("tr", "severity-warning")) == 2
    assert page.texts("p", "more-results") == [
        "… and 1 more, not shown here. The whole report: coopgraph validate --format json"
    ]
    assert len(Page(standalone_html(report, "lv")).texts("tr", "severity-warning")) == 3
