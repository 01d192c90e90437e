"""The commands that read a build: ``query``, ``queries`` and ``stats``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from coopgraph.cli.base import (
    EXIT_INVALID,
    EXIT_LOAD,
    _canned,
    _fail,
    _project,
    _published,
    cli,
    out_option,
    project_option,
)
from coopgraph.engine.canned import CannedQueryError, home_bindings, parse_canned_query
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
from coopgraph.settings import Settings
from coopgraph.sources.project import Sources


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
    canned = _canned(_project(settings))
    for query in canned.values():
        click.echo(f"{_relative(query.path, settings.project_dir)}\n  {query.title}")
        for p in query.parameters:
            required = ", required" if p.required else ""
            click.echo(f"  --param {p.name}=… ({p.kind}{required}) {p.description}")


def _relative(path: Path, root: Path) -> Path:
    """``path`` under ``root`` when it is there (a project's own query), else as it is (a default one)."""
    try:
        return path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return path


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
