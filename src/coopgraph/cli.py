"""The ``coopgraph`` command: a thin layer over build, validate, query and stats.

Exit codes are stable so that scripts and CI can rely on them: 0 success,
1 the data does not conform (or a query failed), 2 something could not be loaded.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from coopgraph.build.diff import json_report, text_report
from coopgraph.build.layout import Build, UnknownBuild, current_build, find_build, previous_build
from coopgraph.build.pipeline import BuildError, InvalidData, OutOfResources, Step, build, check
from coopgraph.build.report import report_document
from coopgraph.build.sorted_lines import LineOrderError
from coopgraph.build.validate import ValidationReport
from coopgraph.engine.canned import CannedQueryError, canned_queries, home_bindings, parse_canned_query
from coopgraph.engine.sparql import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    OxigraphEngine,
    QueryError,
    Term,
    rows,
    serialize,
    term_text,
)
from coopgraph.engine.stats import compute_stats
from coopgraph.i18n import LANGUAGES
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from coopgraph.settings import SETTINGS, Settings
from coopgraph.sources.config import ConfigError
from coopgraph.sources.load import LoadError
from coopgraph.sources.project import Sources
from coopgraph.sources.scaffold import ScaffoldError, init_project
from coopgraph.web.pages.validation import standalone_html
from coopgraph.web.serve import serve

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


@cli.command("build")
@project_option
@out_option
@click.option("--reasoner", type=click.Choice(["rules", "owlrl"]), help=_setting_help("reasoner"))
@validator_option
@click.option("--force", is_flag=True, help="Rebuild even when the sources have not changed.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(
    project_dir: Path | None,
    build_dir: Path | None,
    reasoner: str | None,
    validator: str | None,
    force: bool,
    quiet: bool,
) -> None:
    """Validate, infer and publish the graph, atomically.

    Loads ontology/, data/ and shapes/, validates the data with SHACL, adds the
    OWL RL entailments, and writes the store and dumps to a new build that
    replaces the published one only when everything succeeded. On a syntax
    error (exit 2) or a violation (exit 1) the previous build stays in place.
    """
    settings = Settings.load(project_dir=project_dir, build_dir=build_dir, reasoner=reasoner, validator=validator)
    sources = _project(settings)
    try:
        result = build(
            sources,
            settings.output_dir,
            reasoner=settings.reasoner,  # type: ignore[arg-type]
            validator=settings.validator,  # type: ignore[arg-type]
            force=force,
            progress=Steps(quiet),
            keep_builds=settings.keep_builds,
        )
    except LoadError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    except OutOfResources as error:
        raise _fail(str(error), EXIT_RESOURCES) from None
    except InvalidData as error:
        _report(error.report)
        raise _fail(f"{error}; the previous build is unchanged", EXIT_INVALID) from None
    except BuildError as error:  # shapes that cannot be compiled
        raise _fail(str(error), EXIT_LOAD) from None
    if not quiet:
        graphs = result.manifest["graphs"]
        stderr.print(
            f"Build {result.build_id}: {result.manifest['triples']:,} triples "
            f"({graphs[str(ONTOLOGY_GRAPH)]:,} ontology, {graphs[str(DATA_GRAPH)]:,} asserted, "
            f"{graphs[str(INFERRED_GRAPH)]:,} inferred) in {result.path}"
        )


@cli.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", required=True, help="The home municipality's English name (Daugavpils).")
@click.option("--country", "country_code", required=True, help="Its country's ISO 3166 alpha-3 code (LVA).")
@click.option("--name-lv", help="Its Latvian name, when it differs from the English one.")
def init_command(directory: Path, municipality: str, country_code: str, name_lv: str | None) -> None:
    """Start a new project in DIRECTORY: coopgraph.toml, and data/ with an empty sheet of each kind.

    The project builds as it is (with empty sheets); fill the sheets, then
    `coopgraph build --project DIRECTORY`. data/README.md says what each column holds.
    """
    try:
        config = init_project(directory, municipality, country_code, name_lv)
    except ScaffoldError as error:
        raise _fail(str(error), EXIT_INVALID) from None
    stderr.print(f"A new project for {municipality} in {directory}: edit {config.name}, fill data/*.csv, then build.")


@cli.command("validate")
@project_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html", "turtle"]),
    default="text",
    show_default=True,
    help="A readable report (on stderr); or on stdout: JSON (the structure the README documents), "
    "an HTML page, or the SHACL validation report graph in Turtle.",
)
@click.option(
    "--lang", type=click.Choice(list(LANGUAGES)), default="en", show_default=True, help="Language of the HTML report."
)
@validator_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the report.")
def validate_command(project_dir: Path | None, fmt: str, lang: str, validator: str | None, quiet: bool) -> None:
    """Check the data against the shapes without building.

    Exit 0 when the data conforms, 1 when there are violations, 2 when a file
    could not be loaded. Each result names the file and line, the focus node,
    the property path and what is wrong.
    """
    settings = Settings.load(project_dir=project_dir, validator=validator)
    try:
        report = check(_project(settings), validator=settings.validator, progress=Steps(quiet))  # type: ignore[arg-type]
    except LoadError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    except OSError as error:
        raise _fail(f"could not validate: {error}", EXIT_RESOURCES) from None
    except BuildError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    if fmt == "turtle":
        click.echo(report.as_graph().serialize(format="turtle"))
    elif fmt == "json":
        click.echo(json.dumps(report_document(report, settings.project_dir), indent=2, ensure_ascii=False))
    elif fmt == "html":
        click.echo(standalone_html(report_document(report, settings.project_dir), lang))
    else:
        _report(report)
    if not report.conforms:
        raise _fail(f"{len(report.violations())} violation(s)", EXIT_INVALID)
    if not quiet:
        stderr.print(f"[green]The data conforms[/] ({len(report.warnings())} warning(s)).")


def _published(settings: Settings) -> Build:
    published = current_build(settings.output_dir)
    if published is None:
        raise _fail(f"no build in {settings.output_dir}: run `coopgraph build` first", EXIT_LOAD)
    return published


def _query_text(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise _fail(f"{path}: {error.strerror}", EXIT_LOAD) from None
    return query


@cli.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@project_option
@out_option
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the names.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff_command(
    old: str | None, new: str | None, project_dir: Path | None, build_dir: Path | None, lang: str, fmt: str
) -> None:
    """What changed between two builds: by resource, with its name, the statements added (+) and
    removed (-), asserted and inferred apart.

    OLD and NEW are build ids as in BUILD_DIR/builds/, or build directories; NEW
    is the current build unless given, OLD the kept build before NEW.
    """
    settings = Settings.load(project_dir=project_dir, build_dir=build_dir)
    try:
        newer = find_build(settings.output_dir, new) if new else _published(settings)
        older = find_build(settings.output_dir, old) if old else previous_build(settings.output_dir, newer)
    except UnknownBuild as error:
        raise _fail(str(error), EXIT_LOAD) from None
    if older is None:
        raise _fail(f"build {newer.build_id} is the oldest kept: there is nothing before it to compare", EXIT_LOAD)
    try:
        if fmt == "json":
            click.echo(json.dumps(json_report(older, newer, lang), indent=2, ensure_ascii=False))
        else:
            for line in text_report(older, newer, lang):
                click.echo(line)
    except BrokenPipeError:  # `coopgraph diff | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (LineOrderError, FileNotFoundError) as error:
        raise _fail(f"could not compare the builds: {error}", EXIT_LOAD) from None


@cli.command("query")
@click.argument("query")
@project_option
@out_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *RESULT_FORMATS, *GRAPH_FORMATS]),
    default="table",
    show_default=True,
    help="table, or a standard results format (json is SPARQL 1.1 Query Results JSON); "
    "turtle/ntriples/jsonld/rdfxml for CONSTRUCT and DESCRIBE.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Value of a canned query's parameter (see `coopgraph queries`).",
)
def query_command(
    query: str, project_dir: Path | None, build_dir: Path | None, fmt: str, params: tuple[str, ...]
) -> None:
    """Run a SPARQL query over the published build.

    QUERY is the query text, @FILE to read it from a file (a canned query in
    queries/ for example), or - to read standard input. The ontology's prefixes
    (coop:, schema:, skos:, …) are predeclared.

    \b
    Examples:
      coopgraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?a a coop:CooperationAgreement }'
      coopgraph query --format csv @queries/partners-by-country.rq
    """
    settings = Settings.load(project_dir=project_dir, build_dir=build_dir)
    sources = _project(settings)
    text = _query_text(query)
    bindings = _canned_bindings(query, params, sources)
    engine = OxigraphEngine(_published(settings).open_store())
    try:
        result = engine.query(text, bindings)
        if fmt != "table":
            sys.stdout.buffer.write(serialize(result, fmt))
            return
        _print_table(result)
    except QueryError as error:
        raise _fail(str(error), EXIT_INVALID) from None


def _canned_bindings(query: str, params: tuple[str, ...], sources: Sources) -> dict[str, Term]:
    """The bindings of a canned query given as @FILE: its ``-p`` values, and ``home`` from coopgraph.toml.

    A file without a canned query's header runs as it is, unless ``-p`` was given.
    """
    if params and not query.startswith("@"):
        raise _fail("--param needs a canned query given as @FILE", EXIT_INVALID)
    if not query.startswith("@"):
        return {}
    try:
        canned = parse_canned_query(Path(query[1:]))
    except CannedQueryError as error:
        if params:
            raise _fail(str(error), EXIT_LOAD) from None
        return {}
    except OSError:
        return {}  # _query_text has said what is wrong with the file
    try:
        return canned.bindings(dict(p.split("=", 1) for p in params if "=" in p), home_bindings(sources))
    except ValueError as error:
        raise _fail(str(error), EXIT_INVALID) from None


def _stdout_console() -> Console:
    """A console for tables: the terminal's width, or wide enough not to wrap when piped."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 240)


def _print_table(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> None:
    console = _stdout_console()
    if isinstance(result, ox.QueryBoolean):
        console.print("true" if bool(result) else "false")
        return
    if isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(serialize(result, "turtle"))
        return
    names, table_rows = rows(result)
    table = Table(*names, show_lines=False)
    for row in table_rows:
        table.add_row(*(term_text(term) for term in row))
    console.print(table)
    console.print(f"{len(table_rows)} row{'s' * (len(table_rows) != 1)}", style="dim")


@cli.command("queries")
@project_option
def queries_command(project_dir: Path | None) -> None:
    """List the canned queries of queries/ with their parameters."""
    settings = Settings.load(project_dir=project_dir)
    try:
        canned = canned_queries(_project(settings))
    except CannedQueryError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    for query in canned.values():
        click.echo(f"{_relative(query.path, settings.project_dir)}\n  {query.title}")
        for p in query.parameters:
            click.echo(f"  --param {p.name}=… ({p.kind}) {p.description}")


def _relative(path: Path, root: Path) -> Path:
    """``path`` under ``root`` when it is there (a project's own query), else as it is (a default one)."""
    try:
        return path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return path


SERVER_SETTINGS = (
    "host",
    "port",
    "workers",
    "threads",
    "query_timeout",
    "max_rows",
    "max_request_bytes",
    "max_query_depth",
    "cache_entries",
    "public_base_url",
    "dataset_base",
)


def server_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """A ``--name`` option for every server setting, from the one declaration in settings.py."""
    kinds = {int: int, float: float}
    for setting in reversed([s for s in SETTINGS if s.name in SERVER_SETTINGS]):
        kind = kinds.get(type(setting.default), str)
        command = click.option(
            "--" + setting.name.replace("_", "-"),
            setting.name,
            type=kind,
            default=None,
            help=f"{_setting_help(setting.name)} [default: {setting.default}]",
        )(command)
    return command


@cli.command("serve")
@project_option
@out_option
@server_options
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Serve these RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) instead of the "
    "project's build; named graphs stay named graphs. Repeatable.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild whenever a source file changes; the server switches to each good build, "
    "and keeps the last good one while the sources do not build.",
)
def serve_command(
    project_dir: Path | None, build_dir: Path | None, data: tuple[Path, ...], watch: bool, **options: Any
) -> None:
    """Serve the SPARQL endpoint and query editor on a production server (gunicorn).

    Without --data it serves the project's build, building it first when it is
    missing or older than its sources. A build published while it runs is
    served within seconds, no restart needed. Requests run in parallel on every
    core; each query has a deadline (--query-timeout) after which it is stopped.
    """
    if watch and data:
        raise _fail("--watch rebuilds the project's sources: it cannot be used with --data", EXIT_INVALID)
    settings = Settings.load(project_dir=project_dir, build_dir=build_dir, **options)
    _project(settings)
    stderr.print(f"coopgraph on http://{settings.host}:{settings.port}/sparql")
    try:
        serve(settings, data, Steps(quiet=False), watch=watch)
    except LoadError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    except InvalidData as error:
        _report(error.report)
        raise _fail(f"{error}; nothing to serve", EXIT_INVALID) from None


@cli.command("stats")
@project_option
@out_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_command(project_dir: Path | None, build_dir: Path | None, as_json: bool) -> None:
    """Count the published build's triples, per graph and entities per class."""
    settings = Settings.load(project_dir=project_dir, build_dir=build_dir)
    _project(settings)
    published = _published(settings)
    stats = compute_stats(published.open_store())
    if as_json:
        click.echo(
            json.dumps(
                {
                    "build": published.build_id,
                    "triples": stats.triples,
                    "graphs": stats.graphs,
                    "classes": stats.classes,
                },
                indent=2,
            )
        )
        return
    console = _stdout_console()
    console.print(f"Build {published.build_id}: [bold]{stats.triples:,}[/] distinct triples")
    graphs = Table("graph", "triples")
    for name, count in stats.graphs.items():
        graphs.add_row(name, f"{count:,}")
    console.print(graphs)
    classes = Table("class", "entities")
    for name, count in stats.classes.items():
        classes.add_row(term_text(ox.NamedNode(name)), f"{count:,}")
    console.print(classes)
