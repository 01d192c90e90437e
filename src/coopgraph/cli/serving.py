"""The command that serves a build: ``serve``, with an option for every server setting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from coopgraph.build.pipeline import InvalidData
from coopgraph.cli.base import (
    EXIT_INVALID,
    EXIT_LOAD,
    Steps,
    _canned,
    _fail,
    _project,
    _report,
    _setting_help,
    cli,
    out_option,
    project_option,
    stderr,
)
from coopgraph.engine.allocator import AllocatorMissing, preload_for
from coopgraph.settings import SETTINGS, Settings
from coopgraph.sources.load import LoadError
from coopgraph.web.serve import serve

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
    "query_allocator",
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
    try:
        preload_for(settings.query_allocator)
    except AllocatorMissing as error:
        raise _fail(str(error), EXIT_INVALID) from None
    _canned(_project(settings), "nothing to serve")  # every server process reads them: said once here
    stderr.print(f"coopgraph on http://{settings.host}:{settings.port}/sparql")
    try:
        serve(settings, data, Steps(quiet=False), watch=watch)
    except LoadError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    except InvalidData as error:
        _report(error.report)
        raise _fail(f"{error}; nothing to serve", EXIT_INVALID) from None
