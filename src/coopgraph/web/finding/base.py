"""What search and reconciliation share: the blueprint, the index of the build, problems as JSON, CORS.

Both are read by programs in other origins (OpenRefine in a browser, a
notebook's JavaScript), so every answer carries ``Access-Control-Allow-Origin: *``;
nothing here is private or changes anything.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from coopgraph.engine.search import NoIndex, SearchIndex
from coopgraph.namespaces import PREFIXES
from coopgraph.web.links import page_url
from coopgraph.web.problems import problem
from coopgraph.web.published import current

blueprint = Blueprint("finding", __name__)

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "86400",
}


@blueprint.after_request
def allow_other_origins(response: Response) -> Response:
    response.headers.update(CORS)
    return response


class Problem(Exception):
    """A request this service cannot answer, said as RFC 9457 problem details naming the parameter."""

    def __init__(self, status: int, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.parameter = status, detail, parameter


@blueprint.errorhandler(Problem)
def on_problem(error: Problem) -> Response:
    return problem(error.status, error.detail, parameter=error.parameter)


@blueprint.errorhandler(NoIndex)
def on_no_index(error: NoIndex) -> Response:
    return on_problem(Problem(503, str(error)))


def index() -> SearchIndex:
    return current().search


def page_of(iri: str) -> str:
    """The page of ``iri`` on this server (the IRI itself when it is not the dataset's)."""
    site = current()
    return page_url(iri, site.dataset_base, site.public_base(request.host_url))


def expand(term: str) -> str:
    """A class or property named by its IRI, or a prefixed name of a known prefix (``coop:Municipality``)."""
    prefix, colon, local = term.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return term


def json_answer(document: object, status: int = 200) -> Response:
    """JSON, or JSONP when a valid ``callback`` is asked for (OpenRefine's older clients use it)."""
    body = json.dumps(document, ensure_ascii=False)
    callback = request.args.get("callback")
    if callback:
        if not _is_callback(callback):
            raise Problem(400, "callback must be a JavaScript name (letters, digits, _, $ and dots)", "callback")
        return Response(f"/**/{callback}({body});", status=status, mimetype="application/javascript")
    return Response(body, status=status, mimetype="application/json")


def _is_callback(name: str) -> bool:
    parts = name.split(".")
    return len(name) <= 100 and all(
        p and not p[0].isdigit() and all((c.isascii() and c.isalnum()) or c in "_$" for c in p) for p in parts
    )
