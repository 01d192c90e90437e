"""The command that pushes the current build into an external SPARQL engine: ``publish``."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.cli.base import (
    EXIT_INVALID,
    EXIT_LOAD,
    _fail,
    _project,
    _published,
    _setting_help,
    cli,
    out_option,
    project_option,
    stderr,
)
from coopgraph.engine.guard import Refused
from coopgraph.engine.processes import QueryTimeout
from coopgraph.engine.publish import PublishError, publish
from coopgraph.engine.remote import EngineConfig
from coopgraph.settings import Settings

ENGINE_OPTIONS = ("engine_url", "engine_store_url", "engine_update_url", "engine_user", "engine_auth")
"""Settings given as options too; the password only by the environment or a file, never on a command line."""


@cli.command("publish")
@project_option
@out_option
@click.option("--engine-url", help=_setting_help("engine_url"))
@click.option("--engine-store-url", help=_setting_help("engine_store_url"))
@click.option("--engine-update-url", help=_setting_help("engine_update_url"))
@click.option("--engine-user", help=_setting_help("engine_user"))
@click.option("--engine-auth", type=click.Choice(["basic", "digest"]), help=_setting_help("engine_auth"))
@click.option("--timeout", type=float, default=600.0, show_default=True, help="Seconds each upload may take.")
def publish_command(project_dir: Path | None, build_dir: Path | None, timeout: float, **engine: str | None) -> None:
    """Push the current build's named graphs into the engine (Graph Store Protocol PUT), then check its counts.

    Each graph is uploaded under a staging name and swapped in with SPARQL
    Update MOVE when --engine-update-url is set, so a failure leaves the
    engine's previous graphs in place. Exit 0 when the engine holds what the
    build does, 1 when its counts differ, 2 when the engine refused or could
    not be reached.
    """
    settings = Settings.load(None, project_dir=project_dir, build_dir=build_dir, **engine)
    _project(settings)
    build = _published(settings)
    try:
        config = EngineConfig.from_settings(settings)
    except ValueError as error:
        raise _fail(str(error), EXIT_LOAD) from None
    if config is None:
        raise _fail("engine_url is not set: give --engine-url or COOPGRAPH_ENGINE_URL", EXIT_LOAD)
    try:
        counts = publish(build, config, timeout, say=lambda line: stderr.print(f"[green]✓[/] {line}"))
    except (PublishError, QueryTimeout) as error:
        raise _fail(str(error), EXIT_LOAD) from None
    except Refused as error:
        raise _fail(error.message, EXIT_LOAD) from None
    for graph in counts:
        mark = "✓" if graph.matches else "✗"
        click.echo(f"{mark} {graph.graph}: {graph.found} triples in the engine, {graph.expected} in the build")
    wrong = [g.graph for g in counts if not g.matches]
    if wrong:
        raise _fail(f"the engine's counts differ from build {build.build_id}: {', '.join(wrong)}", EXIT_INVALID)
    click.echo(f"published build {build.build_id}")
