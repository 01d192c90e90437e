"""One place that turns failures into HTTP answers: plain text, JSON or HTML by what the client accepts.

A client always learns what was wrong and where (the parameter, the line and
column), with the right status, and never a stack trace. Anything echoed back
is escaped by the HTML template engine.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify, render_template, render_template_string, request
from werkzeug.exceptions import HTTPException

from coopgraph.engine.guard import Refused
from coopgraph.engine.processes import QueryTimeout
from coopgraph.web.problems import problem

log = logging.getLogger(__name__)

ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ status }} {{ title }}</title></head>
<body><h1>{{ status }} {{ title }}</h1><p>{{ message }}</p><p><a href="/">coopgraph home</a></p></body></html>
"""


class HTTPError(Exception):
    """A failure with the status to answer and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def plain_text(status: int, message: str) -> str:
    """The protocol's plain-text error, the form SPARQL clients read whatever they accept."""
    return f"{status} {_reason(status)}: {message}\n"


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error in the representation the client prefers (plain text unless it asks otherwise).

    Under ``/api/`` every error is a problem document (RFC 9457), whatever the client accepts.
    """
    if request.path.startswith("/api/"):
        return problem(status, message, headers)
    accept = request.accept_mimetypes
    preferred = accept.best_match(["text/plain", "application/json", "text/html"], default="text/plain")
    if request.blueprint == "sparql":  # SPARQL clients read protocol errors as plain text, whatever they accept
        preferred = "text/plain"
    title = _reason(status)
    if preferred == "application/json" and accept["application/json"] > accept["text/plain"]:
        response = jsonify({"status": status, "error": title, "message": message})
    elif preferred == "text/html" and accept["text/html"] > accept["text/plain"]:
        if status == 404:  # a person who followed a dead link gets the site's own page, in their language
            body = render_template("not_found.html", path=request.path, iri=None)
        else:
            body = render_template_string(ERROR_PAGE, status=status, title=title, message=message)
        response = Response(body, mimetype="text/html")
        response.vary.add("Accept-Language")
    else:
        response = Response(plain_text(status, message), mimetype="text/plain")
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(HTTPError)
    def on_http_error(error: HTTPError) -> Response:
        return error_response(error.status, error.message, error.headers)

    @app.errorhandler(Refused)
    def on_refused(error: Refused) -> Response:
        return error_response(error.status, error.message)

    @app.errorhandler(QueryTimeout)
    def on_timeout(error: QueryTimeout) -> Response:
        return error_response(503, str(error), {"Retry-After": "60"})

    @app.errorhandler(HTTPException)
    def on_werkzeug(error: HTTPException) -> Response:
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        message = {
            404: f"there is nothing at {request.path}",
            405: f"{request.method} is not allowed here; use {headers.get('Allow', 'GET')}",
            413: "the request is larger than this endpoint accepts",
        }.get(error.code or 500, error.description or "")
        return error_response(error.code or 500, message, headers)

    @app.errorhandler(Exception)
    def on_unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "an unexpected error occurred; it has been logged")
