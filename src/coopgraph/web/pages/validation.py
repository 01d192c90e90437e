"""The validation report as a page: ``/validation`` for the served build, and a file for ``coopgraph validate``.

The page shows the report kept with the build being served (warnings
included) and, while the sources do not build, the failed build's record
above it, so a clerk sees what to fix without a terminal. Both read the
documents of :mod:`coopgraph.build.report` and :mod:`coopgraph.build.failure`;
the same template macros render the standalone file the command writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, render_template
from jinja2 import Environment, FileSystemLoader, select_autoescape

from coopgraph.build.report import read_report
from coopgraph.i18n import word
from coopgraph.web.live import live
from coopgraph.web.negotiation import reader_language
from coopgraph.web.pages.base import blueprint, cached_html, page_etag
from coopgraph.web.published import current as published

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SHOWN = 1000
"""Most results a page lists per report: a million triples may warn a hundred thousand times."""


@blueprint.route("/validation")
def validation() -> Response:
    lang = reader_language()
    site = published()
    failure = live().failure

    def render() -> str:
        report = read_report(site.build_path) if site.build_path is not None else None
        return render_template("validation.html", report=report, failure=failure, build_id=site.build_id, limit=SHOWN)

    return cached_html(page_etag("validation", lang, live().failure_key), render)


def standalone_html(report: dict[str, Any], lang: str = "en", limit: int | None = None) -> str:
    """The report as a page of its own (``coopgraph validate --format html``), styles included, every result."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    template = environment.get_template("validation_standalone.html")
    return template.render(report=report, lang=lang, word=word, limit=limit or len(report["results"]))
