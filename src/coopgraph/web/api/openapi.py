"""``GET /api/openapi.json``: the OpenAPI 3.1 document, generated from the canned queries' headers.

One operation per query: its title and description, its parameters typed by
the header (an IRI of a class lists the class's IRIs when the build has few),
and the responses with their schemas. The document is the build's: its version
is the build, its ETag changes with it.

Other API modules add their operations with :func:`add_paths`::

    @add_paths
    def search_paths(site: Published) -> dict[str, Any]:
        return {"/api/search": {"get": {..., "responses": {"400": problem_response("a bad query")}}}}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Response

from coopgraph.engine.canned import HOME, CannedQuery, Parameter
from coopgraph.i18n import pick
from coopgraph.web import problems
from coopgraph.web.api.allowed import allowed_values
from coopgraph.web.api.base import blueprint
from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.protocol import etag_for
from coopgraph.web.published import Published
from coopgraph.web.published import current as published

VERSION = "3.1.0"
PathMaker = Callable[[Published], dict[str, Any]]
_EXTRA_PATHS: list[PathMaker] = []

VALUE: dict[str, Any] = {
    "type": ["string", "number", "boolean", "null"],
    "description": "an IRI or a literal as its text, an xsd number as a number, an xsd:boolean as a boolean, "
    "an unbound variable as null",
}
SPARQL_RESULTS: dict[str, Any] = {
    "type": "object",
    "required": ["head"],
    "properties": {"head": {"type": "object"}, "results": {"type": "object"}, "boolean": {"type": "boolean"}},
}
BUILD_HEADERS: dict[str, Any] = {
    "ETag": {"description": "changes with the build and the request", "schema": {"type": "string"}},
    "Last-Modified": {"description": "when the build was made", "schema": {"type": "string"}},
}


def add_paths(make: PathMaker) -> PathMaker:
    """Register a function giving more path items for the document (usable as a decorator)."""
    _EXTRA_PATHS.append(make)
    return make


def problem_response(description: str) -> dict[str, Any]:
    """A response of the document that is a problem document (RFC 9457)."""
    return {
        "description": description,
        "content": {problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def document(site: Published) -> dict[str, Any]:
    """The whole OpenAPI document for the build ``site`` serves."""
    paths: dict[str, Any] = {f"/api/queries/{q.name}": {"get": operation(site, q)} for q in site.queries.values()}
    for make in _EXTRA_PATHS:
        paths.update(make(site))
    config = site.config
    return {
        "openapi": VERSION,
        "info": {
            "title": pick(config.dataset.title, "en") or "coopgraph",
            "version": site.build_id,
            "description": (pick(config.dataset.description, "en") or "")
            + "\n\nEach canned query of the dataset is an operation; /sparql answers any other question.",
            **(
                {"license": {"name": config.dataset.licence, "url": config.dataset.licence}}
                if config.dataset.licence
                else {}
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": {"Problem": problems.SCHEMA, "SparqlResults": SPARQL_RESULTS}},
    }


def operation(site: Published, query: CannedQuery) -> dict[str, Any]:
    """One canned query as a GET operation."""
    return {
        "operationId": query.name,
        "summary": query.title,
        "description": query.description,
        "tags": ["canned queries"],
        "parameters": [parameter(site, p) for p in query.parameters],
        "responses": {
            "200": {
                "description": "the answer: JSON rows by default, CSV or SPARQL results by the Accept header",
                "headers": BUILD_HEADERS,
                "content": {
                    "application/json": {"schema": rows_schema(query)},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                    "application/sparql-results+xml": {"schema": {"type": "string"}},
                },
            },
            "304": {"description": "not modified: the client's copy (If-None-Match) is this build's answer"},
            "400": problem_response("a parameter's value does not fit (the problem names it), or an unknown one"),
            "404": problem_response("there is no such query"),
            "406": problem_response("the request accepts none of the formats offered"),
            "503": problem_response("the query ran past the server's deadline; try again later"),
        },
    }


def parameter(site: Published, declared: Parameter) -> dict[str, Any]:
    """A query parameter with the JSON Schema of its type; a class with few instances lists them."""
    schema = declared.type.schema()
    allowed = allowed_values(site, declared)
    if allowed is not None:
        schema["enum"] = allowed
    if declared.name == HOME:
        schema["default"] = site.home.value
    return {
        "name": declared.name,
        "in": "query",
        "required": declared.required,
        "description": declared.description,
        "schema": schema,
    }


def rows_schema(query: CannedQuery) -> dict[str, Any]:
    """The default answer's schema: the columns, rows with one property per column, and ``truncated``."""
    columns = query.columns
    if columns is None:
        row: dict[str, Any] = {"type": "object", "additionalProperties": VALUE}
        names: dict[str, Any] = {"type": "string"}
    else:
        row = {
            "type": "object",
            "properties": dict.fromkeys(columns, VALUE),
            "required": list(columns),
            "additionalProperties": False,
        }
        names = {"type": "string", "enum": list(columns)}
    return {
        "type": "object",
        "required": ["columns", "rows", "truncated"],
        "properties": {
            "columns": {"type": "array", "items": names},
            "rows": {"type": "array", "items": row},
            "truncated": {"type": "boolean", "description": "true when the server's row cap cut the answer"},
        },
    }


@blueprint.route("/api/openapi.json")
def openapi_json() -> Response:
    site = published()
    etag = etag_for(site.build_id, "openapi")
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    answer = site.cache.fetch(
        etag, etag, "application/json", lambda: json.dumps(document(site), ensure_ascii=False, indent=1).encode()
    )
    return conditional(Response(answer.body, content_type=answer.mimetype), etag)
