"""The class indexes: one sortable, paginated table per class (``/municipalities`` …).

Sorting happens in SPARQL over the whole class (one query for the page's rows,
one COUNT), so a page of a million-member class costs what a page of ten does.
The sort column and order are looked up in fixed tables, never pasted in.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Response, render_template, request, url_for

from coopgraph.web.errors import HTTPError
from coopgraph.web.negotiation import reader_language
from coopgraph.web.pages import names
from coopgraph.web.pages.base import (
    COOP,
    PAGE_SIZE,
    bases,
    blueprint,
    cached_html,
    home_municipality,
    linker_for,
    page_etag,
    picture,
    query,
)
from coopgraph.web.pages.cells import (
    COUNTRY,
    NAME,
    Column,
    agreement_count,
    budget_cell,
    field_agreement_cell,
    first_agreement_cell,
    label_key,
    linked,
    linked_key,
    partner_cell,
    period_cell,
)
from coopgraph.web.pictures.fields import fields_chart_svg
from coopgraph.web.published import current as published

INDEXES: dict[str, tuple[str, str, tuple[Column, ...]]] = {
    "municipalities": (
        "municipalities",
        "Municipality",
        (
            NAME,
            COUNTRY,
            Column(
                "first",
                "first_agreement",
                "OPTIONAL { ?a coop:party ?s ; a coop:CooperationAgreement ; coop:concluded ?d BIND(STR(?d) AS ?k) }",
                "MIN",
                first_agreement_cell,
            ),
            Column(
                "agreements",
                "agreements_col",
                "OPTIONAL { ?k coop:party ?s ; a coop:CooperationAgreement }",
                "COUNT",
                agreement_count(COOP + "party"),
                numeric=True,
            ),
        ),
    ),
    "agreements": (
        "agreements",
        "CooperationAgreement",
        (
            NAME,
            Column(
                "partner",
                "partner",
                "OPTIONAL { ?s coop:party ?o FILTER(?o != ?home) " + label_key("o", "k") + " }",
                "SAMPLE",
                partner_cell,
            ),
            Column(
                "date",
                "date",
                "OPTIONAL { ?s coop:concluded ?d BIND(STR(?d) AS ?k) }",
                "SAMPLE",
                linked(COOP + "concluded"),
            ),
            Column(
                "fields", "fields_col", "OPTIONAL { ?s coop:field ?k }", "COUNT", linked(COOP + "field"), numeric=True
            ),
        ),
    ),
    "projects": (
        "projects",
        "Project",
        (
            NAME,
            Column(
                "identifier",
                "identifier",
                "OPTIONAL { ?s dcterms:identifier ?k }",
                "SAMPLE",
                linked(names.DCTERMS + "identifier"),
            ),
            Column("programme", "programme", linked_key("coop:fundedBy"), "SAMPLE", linked(COOP + "fundedBy")),
            Column("budget", "budget", "OPTIONAL { ?s coop:budget/schema:value ?k }", "MAX", budget_cell, numeric=True),
            Column(
                "period",
                "period",
                "OPTIONAL { ?s schema:startDate|schema:endDate ?d BIND(STR(?d) AS ?k) }",
                "MIN",
                period_cell,
            ),
        ),
    ),
    "programmes": (
        "programmes",
        "FundingProgramme",
        (
            NAME,
            Column("parent", "parent", linked_key("coop:partOfProgramme"), "SAMPLE", linked(COOP + "partOfProgramme")),
            Column("operator", "operator", linked_key("coop:operator"), "SAMPLE", linked(COOP + "operator")),
            Column("funder", "funder", linked_key("coop:funder"), "SAMPLE", linked(COOP + "funder")),
        ),
    ),
    "organisations": (
        "organisations",
        "Organisation",
        (
            NAME,
            COUNTRY,
            Column("located", "located_in", linked_key("coop:locatedIn"), "SAMPLE", linked(COOP + "locatedIn")),
        ),
    ),
    "fields": (
        "fields",
        "FieldOfCooperation",
        (
            NAME,
            Column("broader", "broader", linked_key("skos:broader"), "SAMPLE", linked(names.SKOS + "broader")),
            Column(
                "agreements",
                "agreements_narrower",
                "OPTIONAL { ?f skos:broader* ?s . ?k coop:field ?f ; a coop:CooperationAgreement }",
                "COUNT",
                field_agreement_cell,
                numeric=True,
            ),
        ),
    ),
}


PARTNERS = "FILTER(?s != ?home) FILTER EXISTS { ?pa a coop:CooperationAgreement ; coop:party ?s , ?home }"
"""``/municipalities?only=partners``: the municipalities with an agreement with the home municipality.

The inequality stands outside the ``EXISTS``: Virtuoso 7.2 ends its server process on a
``FILTER`` inside ``FILTER EXISTS`` that compares with a variable bound by ``VALUES``."""


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise HTTPError(400, f"{name} must be a positive whole number")
    return int(raw)


def _index(name: str) -> Response:
    lang = reader_language()
    _, _, columns = INDEXES[name]
    by_key = {c.key: c for c in columns}
    sort = request.args.get("sort", "name")
    if sort not in by_key:
        raise HTTPError(400, f"sort must be one of {', '.join(by_key)}")
    order = request.args.get("order", "asc")
    if order not in ("asc", "desc"):
        raise HTTPError(400, "order must be asc or desc")
    page = _int_arg("page", 1)
    only = request.args.get("only")
    if only is not None and (name, only) != ("municipalities", "partners"):
        raise HTTPError(400, "only=partners is the one filter, and only of /municipalities")
    return cached_html(
        page_etag("index", name, sort, order, page, lang, only),
        lambda: _render_index(name, by_key[sort], order, page, lang, only),
    )


def _render_index(name: str, column: Column, order: str, page: int, lang: str, only: str | None = None) -> str:
    word, local, columns = INDEXES[name]
    site = published()
    class_node = ox.NamedNode(COOP + local)
    extra = PARTNERS if only == "partners" else ""
    total_row = next(
        iter(
            query(
                f"SELECT (COUNT(DISTINCT ?s) AS ?n) ?c ?home WHERE {{ ?s a ?c {extra} }} GROUP BY ?c ?home",
                c=class_node,
                home=home_municipality(),
            )
        ),
        None,
    )
    total = int(total_row["n"].value) if total_row else 0
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        raise HTTPError(404, f"page {page} is past the last page ({pages})")
    rows = query(_page_query(column, order, page, extra), c=class_node, lang=ox.Literal(lang), home=home_municipality())
    linker = linker_for(lang)
    table = [
        [c.cell(site.store, row["s"], lang, linker) for c in columns]
        for row in rows
        if isinstance(row["s"], ox.NamedNode)
    ]
    chart = None
    if name == "fields":
        dataset_base, public_base = bases()
        chart = picture(fields_chart_svg(site.store, lang, dataset_base, public_base, site.home.value))
    sort = column.key
    headers = [
        (c, _sort_url(name, c.key, "desc" if (c.key == sort and order == "asc") else "asc", lang, only=only))
        for c in columns
    ]
    return render_template(
        "index.html",
        name=name,
        title_word="partners_of" if only == "partners" else word,
        columns=columns,
        headers=headers,
        table=table,
        sort=sort,
        order=order,
        page=page,
        pages=pages,
        total=total,
        chart=chart,
        page_url=lambda p: _sort_url(name, sort, order, lang, p, only),
    )


def _page_query(column: Column, order: str, page: int, extra: str = "") -> str:
    """One page of a class's members sorted by ``column`` (``extra``: a filter of them): every piece of
    this text is a constant of this package, chosen by whitelisted request values."""
    direction = "DESC" if order == "desc" else "ASC"
    distinct = "DISTINCT " if column.aggregate == "COUNT" else ""
    return (
        f"SELECT ?s ({column.aggregate}({distinct}?k) AS ?key) "
        f"(SAMPLE(?n0) AS ?name) ?c ?lang ?home WHERE {{ ?s a ?c . {extra} {column.sort} {label_key('s', 'n0')} }} "
        f"GROUP BY ?s ?c ?lang ?home ORDER BY {direction}(?key) ASC(?name) ?s "
        f"LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    )


def _sort_url(name: str, sort: str, order: str, lang: str, page: int | None = None, only: str | None = None) -> str:
    args: dict[str, Any] = {"sort": sort, "order": order, "lang": lang}
    if only is not None:
        args["only"] = only
    if page is not None and page > 1:
        args["page"] = page
    return url_for(f"pages.{name}", **args)


@blueprint.route("/municipalities")
def municipalities() -> Response:
    return _index("municipalities")


@blueprint.route("/agreements")
def agreements() -> Response:
    return _index("agreements")


@blueprint.route("/projects")
def projects() -> Response:
    return _index("projects")


@blueprint.route("/programmes")
def programmes() -> Response:
    return _index("programmes")


@blueprint.route("/organisations")
def organisations() -> Response:
    return _index("organisations")


@blueprint.route("/fields")
def fields() -> Response:
    return _index("fields")
