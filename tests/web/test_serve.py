"""``coopgraph serve --watch``: the publisher edits a file and the site follows, or says why it cannot.

A real server with its watcher: a Turtle typo leaves the last good build
serving and the home page says the sources do not build, with a link to the
report that names the file and line; the fix is built and served, and the
notice goes away.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.sources.project import Sources
from tests.server import running_server
from tests.web.publishing import eventually, label, page, rename_vanersborg

NOTICE = "The sources do not build."


def break_turtle(path: Path) -> int:
    """Put a stray token where a statement ends; returns the (1-based) line that no longer parses."""
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.rstrip().endswith(";"))
    lines[target] = lines[target].rstrip()[:-1] + " ?? ;"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target + 1


def test_serve_watch_follows_the_sources_and_keeps_the_last_good_build_while_they_are_broken(
    project: Sources, tmp_path: Path
) -> None:
    out, printed = tmp_path / "dist", tmp_path / "serve.log"
    settings = {"COOPGRAPH_PROJECT_DIR": str(project.root)}
    with running_server(out, settings=settings, options=["--watch"], output=printed) as url:
        assert label(url) == "Vänersborg" and NOTICE not in page(url, "/")
        places = project.data_dir / "places.ttl"

        line = break_turtle(places)
        eventually(lambda: NOTICE in page(url, "/"), seconds=30)
        assert label(url) == "Vänersborg", "the last good build keeps answering"
        report = page(url, "/validation")
        assert NOTICE in report and f"places.ttl:{line}:" in report
        assert str(project.root) not in report, "the page names files as the project does, not the server's paths"

        rename_vanersborg(project, "Vänersborg Town")  # the typo is still there: still broken
        fixed = places.read_text(encoding="utf-8").replace(" ?? ;", " ;")
        places.write_text(fixed, encoding="utf-8")
        eventually(lambda: label(url) == "Vänersborg Town", seconds=30)
        assert NOTICE not in page(url, "/") and NOTICE not in page(url, "/validation")
    said = printed.read_text(encoding="utf-8")
    assert "The sources do not build" in said and f"places.ttl:{line}:" in said
    assert said.count("Published build") >= 1


def test_watch_cannot_be_combined_with_files(tmp_path: Path) -> None:
    data = tmp_path / "x.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--watch", "--data", str(data)])
    assert result.exit_code == 1 and "--watch" in result.output and "Traceback" not in result.output
