"""``GET /api/``: the API for people, every operation with a form to try it and a link to the editor.

Rendered from the same parts as the OpenAPI document (the headers, the allowed
values of a class), in the reader's language, with no script: a form is a GET
to the operation, so what a person tries is the URL a program would fetch.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response, render_template, url_for

from coopgraph.engine.canned import CannedQuery, Parameter
from coopgraph.i18n import WORDS, word
from coopgraph.web.api.allowed import allowed_values
from coopgraph.web.api.base import blueprint
from coopgraph.web.editor import with_home
from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.negotiation import reader_language
from coopgraph.web.protocol import etag_for
from coopgraph.web.published import current as published


def kind_words(parameter: Parameter, lang: str) -> str:
    """What the parameter takes, in the reader's language."""
    kind = parameter.type
    if kind.base == "iri" and kind.class_name:
        return word("api_kind_iri_of", lang).format(cls=kind.class_name)
    if f"api_kind_{kind.base}" in WORDS:
        return word(f"api_kind_{kind.base}", lang)
    return word("api_kind_other", lang).format(kind=kind.base)


def operation_view(query: CannedQuery, lang: str) -> dict[str, Any]:
    """What the page shows of one operation: its parameters with their choices, and its editor link."""
    site = published()
    text = with_home(query.text, site.home) if query.uses_home else query.text
    return {
        "query": query,
        "path": url_for("api.run_query", name=query.name),
        "editor": url_for("sparql.sparql") + "?query=" + quote(text, safe=""),  # a ';' escaped too
        "parameters": [
            {
                "parameter": p,
                "expected": kind_words(p, lang),
                "allowed": allowed_values(site, p),
                "default": site.home.value if p.name == "home" else "",
            }
            for p in query.parameters
        ],
    }


@blueprint.route("/api/")
def api_page() -> Response:
    site = published()
    lang = reader_language()
    etag = etag_for(site.build_id, "api-page", lang)
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    operations = [operation_view(q, lang) for q in site.queries.values()]
    page = render_template("api.html", operations=operations, document=url_for("api.openapi_json"))
    return conditional(Response(page, mimetype="text/html"), etag)
