"""``GET /api/search`` (JSON) and ``GET /search`` (the results page the header's search box opens).

A thin view over :meth:`coopgraph.engine.search.SearchIndex.search`; the
parameters are checked here and a bad one is a 400 problem naming it.
"""

from __future__ import annotations

import contextlib
import copy
from typing import Any

from flask import Response, render_template, request

from coopgraph.engine.search import Hit, NoIndex
from coopgraph.i18n import LANGUAGES
from coopgraph.web.api.openapi import add_paths, problem_response
from coopgraph.web.finding.base import Problem, blueprint, expand, index, json_answer, page_of
from coopgraph.web.negotiation import reader_language, vary_by_language
from coopgraph.web.published import Published

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


def _text() -> str:
    text = request.args.get("q", "").strip()
    if not text:
        raise Problem(400, "q is missing or empty: give the name (or its beginning) to look for", "q")
    if len(text) > 200:
        raise Problem(400, f"q is {len(text)} characters long; at most 200 are looked for", "q")
    return text


def _types() -> list[str]:
    asked = [expand(t.strip()) for t in request.args.getlist("type") if t.strip()]
    for kind in asked:
        if ":" not in kind or any(c in kind for c in ' <>"{}|\\^`'):
            raise Problem(400, f"type {kind!r} is not an IRI: give a class IRI such as coop:Municipality", "type")
        if not index().is_type(kind):
            raise Problem(400, f"type <{kind}> is not the class of anything in this dataset", "type")
    return asked


def _limit() -> int:
    given = request.args.get("limit")
    if given is None:
        return DEFAULT_LIMIT
    if not given.isdigit() or not 1 <= int(given) <= MAX_LIMIT:
        raise Problem(400, f"limit {given!r} is not a whole number from 1 to {MAX_LIMIT}", "limit")
    return int(given)


def _lang() -> str:
    asked = request.args.get("lang")
    if asked is None:
        return reader_language()
    if asked not in LANGUAGES:
        raise Problem(400, f"lang {asked!r} is not one of {', '.join(LANGUAGES)}", "lang")
    return asked


def result(hit: Hit) -> dict[str, Any]:
    return {"iri": hit.iri, "label": hit.label, "type": hit.type, "score": hit.score, "page": page_of(hit.iri)}


@blueprint.route("/api/search")
def api_search() -> Response:
    text, types, limit, lang = _text(), _types(), _limit(), _lang()
    hits = index().search(text, types, lang, limit)
    return vary_by_language(json_answer({"results": [result(hit) for hit in hits]}))


@blueprint.route("/search")
def search_page() -> Response:
    lang = reader_language()
    text = request.args.get("q", "").strip()[:200]
    hits = index().search(text, (), lang, 50) if text else []
    page = render_template(
        "search.html", q=text, hits=[result(hit) for hit in hits], type_names=_type_names(hits, lang)
    )
    return vary_by_language(Response(page, mimetype="text/html"))


def _type_names(hits: list[Hit], lang: str) -> dict[str, str]:
    """The name of each result's type, in the reader's language."""
    searching = index()
    kinds = sorted({hit.type for hit in hits if hit.type})
    numbers = {kind: searching.rid(kind) for kind in kinds}
    names = searching.labels([n for n in numbers.values() if n is not None], lang)
    return {kind: names.get(number, kind) if number is not None else kind for kind, number in numbers.items()}


SEARCH_PATH_ITEM: dict[str, Any] = {
    "get": {
        "operationId": "search",
        "summary": "Find resources by name",
        "description": "Full-text search over every resource's labels, other names and identifiers, in every "
        "language, ignoring case and diacritics; the last word may be a beginning. Exact names come first.",
        "parameters": [
            {
                "name": "q",
                "in": "query",
                "required": True,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
            },
            {
                "name": "type",
                "in": "query",
                "required": False,
                "description": "Only resources of this class (IRI or coop:Name)",
                "schema": {"type": "string"},
            },
            {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": list(LANGUAGES)}},
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            },
        ],
        "responses": {
            "200": {
                "description": "The resources found, best first",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["results"],
                            "properties": {
                                "results": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["iri", "label", "type", "score", "page"],
                                        "properties": {
                                            "iri": {"type": "string", "format": "iri"},
                                            "label": {"type": "string"},
                                            "type": {"type": ["string", "null"]},
                                            "score": {"type": "number"},
                                            "page": {"type": "string", "format": "uri"},
                                        },
                                    },
                                }
                            },
                        }
                    }
                },
            },
            "400": problem_response("A parameter is missing or wrong; the problem names it"),
            "503": problem_response("The build has no search index"),
        },
    }
}
"""The OpenAPI 3.1 path item of ``/api/search``, for the API document (``/api/openapi.json``)."""


@add_paths
def search_paths(site: Published) -> dict[str, Any]:
    """``/api/search`` in the API's OpenAPI document, beside the canned queries.

    ``type`` lists the build's classes, so that a client (and schemathesis)
    knows which values the server takes rather than learning it from a 400.
    """
    item = copy.deepcopy(SEARCH_PATH_ITEM)
    for parameter in item["get"]["parameters"]:
        if parameter["name"] == "type":
            with contextlib.suppress(NoIndex):  # a build made before search: /api/search answers 503 there
                parameter["schema"] = {"type": "string", "enum": site.search.types()}
    return {"/api/search": item}
