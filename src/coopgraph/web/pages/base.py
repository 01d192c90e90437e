"""What every linked-data page view shares: the blueprint, the store, ETags and the page cache.

SPARQL here never contains request text: values reach a query through
``substitutions`` only (:func:`query`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request
from markupsafe import Markup

from coopgraph.engine.sparql import select
from coopgraph.namespaces import PREFIXES
from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.pages import describe as d
from coopgraph.web.pages.words import text
from coopgraph.web.protocol import etag_for
from coopgraph.web.published import current as published

blueprint = Blueprint("pages", __name__)

PAGE_SIZE = 100
COOP = PREFIXES["coop"]


def bases() -> tuple[str, str]:
    site = published()
    return site.dataset_base, site.public_base(request.host_url)


def linker_for(lang: str | None) -> d.Linker:
    dataset_base, public_base = bases()
    return d.Linker(dataset_base, public_base, lang)


@blueprint.app_context_processor
def page_words() -> dict[str, Any]:
    return {"text": text}


def query(sparql: str, **bindings: ox.NamedNode | ox.Literal) -> ox.QuerySolutions:
    return select(published().store, sparql, bindings=bindings)


def page_etag(*parts: object) -> str:
    site = published()
    return etag_for(site.build_id, request.host_url, site.settings.public_base_url, *parts)


def cached_html(etag: str, render: Callable[[], str]) -> Response:
    """An HTML answer, revalidated by ``etag`` and kept in the build-keyed response cache."""
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    answer = published().cache.fetch("page:" + etag, etag, "text/html", lambda: render().encode("utf-8"))
    return conditional(Response(answer.body, mimetype=answer.mimetype), etag)


def home_municipality() -> ox.NamedNode:
    """The municipality the dataset is about, as the project's ``coopgraph.toml`` names it."""
    return published().home


def picture(svg: Markup | None) -> Markup | None:
    # The SVG is built by coopgraph's own code from escaped values, not from request text.
    return Markup(svg) if svg else None
