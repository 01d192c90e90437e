"""``/reconcile``: the Reconciliation Service API v0.2 that OpenRefine speaks, over the build's index.

``GET /reconcile`` is the service manifest; ``queries=`` (POST form, or GET)
a batch of queries; ``/reconcile/suggest/{entity,type,property}?prefix=`` the
suggest services; ``/reconcile/preview?id=`` a small card. The answering is
:mod:`coopgraph.engine.reconcile`; this module only reads the request.
"""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request

from coopgraph import __version__
from coopgraph.engine.reconcile import MAX_LIMIT, OWL_CLASS, PROPERTY_TYPES, BadQueries, Service, parse_batch
from coopgraph.i18n import pick
from coopgraph.namespaces import PREFIXES
from coopgraph.web.finding.base import Problem, blueprint, expand, index, json_answer, page_of
from coopgraph.web.links import with_slash
from coopgraph.web.negotiation import reader_language
from coopgraph.web.published import current

PREVIEW_SIZE = (400, 120)


def service() -> Service:
    site = current()
    return Service(index(), site.store, with_slash(site.dataset_base) + "id/", reader_language())


def _root() -> str:
    return current().public_base(request.host_url)


@blueprint.route("/reconcile", methods=["GET", "POST", "OPTIONS"])
def reconcile() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204)
    raw = request.values.get("queries")
    if raw is None:
        return json_answer(manifest())
    try:
        queries = parse_batch(raw, expand)
    except BadQueries as error:
        raise Problem(400, str(error), "queries") from None
    answering = service()
    return json_answer({q.key: {"result": answering.candidates(q)} for q in queries})


def manifest() -> dict[str, Any]:
    """The service manifest: what OpenRefine reads when the service is added."""
    site, root = current(), _root()
    answering = service()
    title = pick(site.config.dataset.title, answering.lang) or "coopgraph"
    return {
        "versions": ["0.2"],
        "name": f"{title} (coopgraph)",
        "identifierSpace": answering.id_space,
        "schemaSpace": PREFIXES["coop"],
        "documentation": root + "reconcile",
        "serviceVersion": __version__,
        "defaultTypes": answering.classes(),
        "view": {"url": root + "id/{{id}}"},
        "preview": {"url": root + "reconcile/preview?id={{id}}", "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
        "suggest": {
            kind: {"service_url": root.rstrip("/"), "service_path": f"/reconcile/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
    }


def _prefix() -> str:
    prefix = request.args.get("prefix")
    if prefix is None:
        raise Problem(400, "prefix is missing: give the beginning of the name to suggest", "prefix")
    return prefix[:200]


def _limit() -> int:
    given = request.args.get("limit", "10")
    if not given.isdigit() or not 1 <= int(given) <= MAX_LIMIT:
        raise Problem(400, f"limit {given!r} is not a whole number from 1 to {MAX_LIMIT}", "limit")
    return int(given)


@blueprint.route("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    prefix, limit = _prefix(), _limit()
    types = [expand(t) for t in request.args.getlist("type") if t]
    return json_answer({"result": service().suggest_entities(prefix, types, limit)})


@blueprint.route("/reconcile/suggest/type")
def suggest_type() -> Response:
    return json_answer({"result": service().suggest_schema(_prefix(), [OWL_CLASS], _limit())})


@blueprint.route("/reconcile/suggest/property")
def suggest_property() -> Response:
    return json_answer({"result": service().suggest_schema(_prefix(), list(PROPERTY_TYPES), _limit())})


@blueprint.route("/reconcile/preview")
def preview() -> Response:
    given = request.args.get("id", "")
    answering = service()
    iri = answering.entity_iri(given)
    names = index().names_of(iri) if given else []
    if not names:
        raise Problem(404, f"id {given!r} names nothing in this dataset", "id")
    rid = index().rid(iri)
    label = index().labels([rid] if rid is not None else [], answering.lang).get(rid or 0, given)
    kinds = index().types_of([rid] if rid is not None else []).get(rid or 0, ())
    type_names = answering.type_names(set(kinds[:1]))
    others = sorted({text for kind, _, text in names if kind != "id" and text != label})
    page = render_template(
        "reconcile_preview.html",
        label=label,
        kind=type_names.get(kinds[0], kinds[0]) if kinds else None,
        others=others,
        page=page_of(iri),
        size=PREVIEW_SIZE,
        lang=answering.lang,
    )
    return Response(page, mimetype="text/html")
