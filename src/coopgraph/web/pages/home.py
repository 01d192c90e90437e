"""The home page: what the dataset is, its counts, and where to go from here."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from babel.numbers import format_decimal
from flask import Response, render_template

from coopgraph.i18n import pick
from coopgraph.namespaces import PREFIXES
from coopgraph.web.live import live
from coopgraph.web.negotiation import reader_language
from coopgraph.web.pages import describe as d
from coopgraph.web.pages import names
from coopgraph.web.pages.base import (
    COOP,
    PAGE_SIZE,
    blueprint,
    cached_html,
    home_municipality,
    linker_for,
    page_etag,
    query,
)
from coopgraph.web.pages.words import text
from coopgraph.web.published import current as published

COUNTED: tuple[tuple[str, str, str], ...] = (
    ("n_agreements", "agreements", "CooperationAgreement"),
    ("n_projects", "projects", "Project"),
    ("n_programmes", "programmes", "FundingProgramme"),
    ("n_organisations", "organisations", "Organisation"),
    ("n_fields", "fields", "FieldOfCooperation"),
    ("n_events", "", "Event"),
    ("n_countries", "", "Country"),
    ("n_sources", "", "SourceDocument"),
)


@lru_cache(maxsize=8)
def _counts(build_id: str) -> tuple[tuple[str, str, int], ...]:
    home = home_municipality()
    partners = next(
        iter(
            query(
                "SELECT (COUNT(DISTINCT ?p) AS ?n) ?home WHERE { "
                "?a a coop:CooperationAgreement ; coop:party ?home , ?p "
                "FILTER(?p != ?home) } GROUP BY ?home",
                home=home,
            )
        ),
        None,
    )
    counts = [("partners", "partners", int(partners["n"].value) if partners else 0)]
    for key, endpoint, local in COUNTED:
        row = next(
            iter(
                query(
                    "SELECT (COUNT(DISTINCT ?s) AS ?n) ?c WHERE { ?s a ?c } GROUP BY ?c", c=ox.NamedNode(COOP + local)
                )
            ),
            None,
        )
        counts.append((key, endpoint, int(row["n"].value) if row else 0))
    return tuple(counts)


def _listed(build_id: str, class_iri: str, lang: str) -> list[tuple[str, str]]:
    """(iri, name) of the members of a small class (sources, linksets), by name."""
    rows = query("SELECT DISTINCT ?s ?c WHERE { ?s a ?c }", c=ox.NamedNode(class_iri))
    store = published().store
    found = [
        (row["s"].value, names.label(store, row["s"].value, lang) or names.short_name(row["s"].value))
        for row in rows
        if isinstance(row["s"], ox.NamedNode)
    ]
    return sorted(found, key=lambda item: item[1].casefold())[:PAGE_SIZE]


@blueprint.route("/")
def home() -> Response:
    lang = reader_language()
    site = published()
    failure = live().failure

    def render() -> str:
        linker = linker_for(lang)
        dumps = sorted(p.name for p in site.dumps_dir.iterdir() if p.is_file()) if site.dumps_dir else []
        sources = [
            (linker.href(iri), name, d.identifier(site.store, iri))
            for iri, name in _listed(site.build_id, COOP + "SourceDocument", lang)
        ]
        linksets = [
            (linker.href(iri), name) for iri, name in _listed(site.build_id, PREFIXES["void"] + "Linkset", lang)
        ]
        queries = sorted(site.queries.values(), key=lambda q: q.title_in(lang).casefold())
        home = site.config.home
        country = home.country_names()
        return render_template(
            "home.html",
            counts=_counts(site.build_id),
            queries=queries,
            dumps=dumps,
            sources=sources,
            linksets=linksets,
            intro={
                language: text("intro", language).format(
                    city=pick(home.name, language), country=pick(country, language)
                )
                for language in ("en", "lv")
            },
            failure=failure,
            number=lambda n, language: format_decimal(n, locale=language),
        )

    return cached_html(page_etag("home", lang, live().failure_key), render)
