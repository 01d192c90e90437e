"""The commands that make builds: ``build``, ``init``, ``validate`` and ``diff``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from coopgraph.build.diff import json_report, text_report
from coopgraph.build.layout import UnknownBuild, find_build, previous_build
from coopgraph.build.pipeline import BuildError, InvalidData, OutOfResources, build, check
from coopgraph.build.report import report_document
from coopgraph.build.sorted_lines import LineOrderError
from coopgraph.cli.base import (
    EXIT_INVALID,
    EXIT_LOAD,
    EXIT_RESOURCES,
    Steps,
    _canned,
    _fail,
    _project,
    _published,
    _report,
    _setting_help,
    cli,
    out_option,
    project_option,
    stderr,
    validator_option,
)
from coopgraph.i18n import LANGUAGES
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from coopgraph.settings import Settings
from coopgraph.sources.load import LoadError
from coopgraph.sources.scaffold import ScaffoldError, init_project
from coopgraph.web.pages.validation import standalone_html


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
    _canned(sources, "nothing was built")  # a header the server could not read fails here, at its line
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
