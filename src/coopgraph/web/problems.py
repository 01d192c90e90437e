"""Errors of the API as RFC 9457 problem details (``application/problem+json``).

A program reading the API gets the status, a title, what went wrong in words
(``detail``) and, for a bad value, the ``parameter`` and what it ``expected``:
enough to correct the request without reading the server's logs.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from flask import Response

MEDIA_TYPE = "application/problem+json"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "parameter": {"type": "string", "description": "the query parameter that was wrong"},
        "expected": {"type": "string", "description": "what that parameter takes"},
    },
}
"""The JSON Schema of a problem, for the OpenAPI document."""


def title_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, detail: str, headers: dict[str, str] | None = None, **extensions: str | None) -> Response:
    """A problem response; ``type`` is ``about:blank``, so the title is the status's phrase (RFC 9457 §4.2.1)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title_of(status), "status": status, "detail": detail}
    body.update({key: value for key, value in extensions.items() if value is not None})
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response
