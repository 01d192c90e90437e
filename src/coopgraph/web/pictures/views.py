"""The pictures' pages and images: ``/map``, ``/timeline`` and ``/charts/fields.svg``.

Each answer is drawn once per build, reader language and public base, then kept
in the process's response cache and revalidated by ETag.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup

from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.links import page_url
from coopgraph.web.negotiation import reader_language
from coopgraph.web.pictures.fields import fields_chart_svg
from coopgraph.web.pictures.graph import labels
from coopgraph.web.pictures.map import map_svg
from coopgraph.web.pictures.svg import say
from coopgraph.web.pictures.timeline import timeline_svg
from coopgraph.web.protocol import etag_for
from coopgraph.web.published import Published
from coopgraph.web.published import current as published

blueprint = Blueprint("pictures", __name__)

Draw = Callable[[Published, str, str], Response]
"""Draws an answer from the published site, the reader's language and the public base URL."""


def _answer(kind: str, make: Draw) -> Response:
    """A picture view's answer: 304 when the client has it, else ``make(site, lang, public_base)``."""
    site = published()
    lang = reader_language()
    public = site.public_base(request.host_url)
    etag = etag_for(site.build_id, "pictures", kind, lang, public)
    mimetype = "image/svg+xml" if kind.endswith(".svg") else "text/html"
    if not_modified(etag):
        response = conditional(Response(status=304), etag)
    else:
        # the picture only changes with the build: keep the drawn answer in the process's response cache
        answer = site.cache.fetch("picture:" + etag, etag, mimetype, lambda: make(site, lang, public).get_data())
        response = conditional(Response(answer.body, mimetype=mimetype), etag)
    response.vary.add("Accept-Language")
    return response


def _svg_response(markup: Markup) -> Response:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(markup)
    return Response(body, mimetype="image/svg+xml")


@blueprint.route("/map", endpoint="map")
def map_page() -> Response:
    def make(site: Published, lang: str, public: str) -> Response:
        base = site.dataset_base
        home = site.home.value
        svg, unplaced = map_svg(site.store, lang, base, public, home)
        missing = [(p.label, p.country, page_url(p.iri, base, public)) for p in unplaced]
        heading = say("map_title", lang, home=labels(site.store, [home], lang)[home])
        page = render_template(
            "map.html", svg=svg, unplaced=missing, heading=heading, not_on_map=say("not_on_map", lang)
        )
        return Response(page, mimetype="text/html")

    return _answer("map.html", make)


@blueprint.route("/map.svg")
def map_image() -> Response:
    return _answer(
        "map.svg",
        lambda site, lang, public: _svg_response(
            map_svg(site.store, lang, site.dataset_base, public, site.home.value)[0]
        ),
    )


@blueprint.route("/timeline")
def timeline() -> Response:
    def make(site: Published, lang: str, public: str) -> Response:
        home = site.home.value
        svg = timeline_svg(site.store, lang, site.dataset_base, public, home)
        return Response(
            render_template(
                "timeline.html",
                svg=svg,
                heading=say("timeline_title", lang, home=labels(site.store, [home], lang)[home]),
            ),
            mimetype="text/html",
        )

    return _answer("timeline.html", make)


@blueprint.route("/timeline.svg")
def timeline_image() -> Response:
    return _answer(
        "timeline.svg",
        lambda site, lang, public: _svg_response(
            timeline_svg(site.store, lang, site.dataset_base, public, site.home.value)
        ),
    )


@blueprint.route("/charts/fields.svg")
def fields_chart_image() -> Response:
    return _answer(
        "fields.svg",
        lambda site, lang, public: _svg_response(
            fields_chart_svg(site.store, lang, site.dataset_base, public, site.home.value)
        ),
    )
