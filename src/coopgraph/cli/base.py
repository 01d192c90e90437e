"""What every ``coopgraph`` command shares: the group, the exit codes, the options, the progress display.

Exit codes are stable so that scripts and CI can rely on them: 0 success,
1 the data does not conform (or a query failed), 2 something could not be loaded,
3 the machine ran out of disk or memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console

from coopgraph.build.layout import Build, current_build
from coopgraph.build.pipeline import Step
from coopgraph.build.validate import ValidationReport
from coopgraph.engine.canned import CannedQuery, CannedQueryError, canned_queries
from coopgraph.settings import SETTINGS, Settings
from coopgraph.sources.config import ConfigError
from coopgraph.sources.project import Sources

EXIT_INVALID = 1
EXIT_LOAD = 2
EXIT_RESOURCES = 3
"""The disk or the memory ran out: nothing is wrong with the data, the machine needs room."""

stderr = Console(stderr=True, highlight=False)


def _setting_help(name: str) -> str:
    setting = next(s for s in SETTINGS if s.name == name)
    return f"{setting.help} [env: {setting.env}]"


project_option = click.option(
    "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), help=_setting_help("project_dir")
)
validator_option = click.option(
    "--validator", type=click.Choice(["compiled", "pyshacl"]), help=_setting_help("validator")
)
out_option = click.option(
    "--out", "build_dir", type=click.Path(file_okay=False, path_type=Path), help=_setting_help("build_dir")
)


class Steps:
    """Progress on stderr: a spinner while a step runs, its time when it ends."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    @contextmanager
    def __call__(self, step: str) -> Iterator[Step]:
        report = Step()
        if self.quiet:
            yield report
            return
        started = time.perf_counter()
        with stderr.status(f"{step}…"):
            yield report
        seconds = time.perf_counter() - started
        rate = f", {report.triples / seconds:,.0f} triples/s" if report.triples and seconds > 1 else ""
        stderr.print(f"[green]✓[/] {step} [dim]({seconds:.1f} s{rate})[/]")


class _Invalid(click.ClickException):
    """The input was read but is wrong (violations, a bad parameter)."""

    exit_code = EXIT_INVALID


class _Unloadable(click.ClickException):
    """The input could not be read at all (a syntax error, a missing file or build)."""

    exit_code = EXIT_LOAD


class _NoRoom(click.ClickException):
    """The machine ran out of disk or memory."""

    exit_code = EXIT_RESOURCES


def _fail(message: str, code: int) -> click.ClickException:
    """A user error with the exit code the commands document (1 invalid, 2 could not load, 3 no room)."""
    kinds: dict[int, type[click.ClickException]] = {EXIT_LOAD: _Unloadable, EXIT_RESOURCES: _NoRoom}
    return kinds.get(code, _Invalid)(message)


def _project(settings: Settings) -> Sources:
    """The project of ``settings``, its ``coopgraph.toml`` read (exit 2 when it is missing or wrong)."""
    sources = Sources(settings.project_dir)
    try:
        sources.config  # noqa: B018  (read now, so that a mistake stops the command before it starts)
    except ConfigError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    return sources


def _canned(sources: Sources, consequence: str = "") -> dict[str, CannedQuery]:
    """The project's canned queries; a header the server could not read stops the command (exit 2) with its
    file and line, and ``consequence`` (what was not done)."""
    try:
        return canned_queries(sources)
    except CannedQueryError as error:
        raise _fail(f"{error}; {consequence}" if consequence else str(error), EXIT_LOAD) from None


def _report(report: ValidationReport) -> None:
    if report.results:
        stderr.print(report.as_text(), markup=False, highlight=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coopgraph")
def cli() -> None:
    """Publish a city's international cooperation as linked open data.

    Typical use: `coopgraph build` after editing data/, then `coopgraph query`
    or `coopgraph stats` to look at what was published.
    """
    # rdflib logs a traceback for every literal it cannot read ("2024-13-01"^^xsd:date); the shapes
    # report each such value once, with its file and line, so the traceback only hides the report.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def _published(settings: Settings) -> Build:
    published = current_build(settings.output_dir)
    if published is None:
        raise _fail(f"no build in {settings.output_dir}: run `coopgraph build` first", EXIT_LOAD)
    return published
