"""Linked-data pages: every IRI of the graph as HTML for people and RDF for machines.

Routes
  ``/``                      the home page: what the dataset is, counts, where to go
  ``/id/<path>``             a resource: HTML, or its RDF by Accept (q-values) or suffix
                             (``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``); 404 when unknown
  ``/municipalities`` …      one sortable, paginated table per class

The data's IRIs (``https://w3id.org/coopgraph/id/…``) are answered under the
same path on whichever host serves them; links in pages point there, RDF keeps
the dataset IRIs. Every answer carries an ETag and Last-Modified tied to the
build. SPARQL here never contains request text: the sort column and order are
looked up in fixed tables, the language and the home municipality are bound
through ``substitutions``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup

from . import describe as d
from .endpoint import conditional, etag_for, not_modified
from .errors import HTTPError
from .i18n import reader_language
from .links import dataset_iri, with_slash
from .namespaces import PREFIXES
from .negotiation import RDF_SUFFIXES, choose_format
from .published import current as published
from .sparql import MEDIA_TYPE_OF

blueprint = Blueprint("pages", __name__)

PAGE_SIZE = 100
HTML = "html"
PAGE_OFFERS: dict[str, str] = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-triples": "ntriples",
    "application/x-turtle": "turtle",
    "application/json": "jsonld",
}
"""What a resource is offered as; HTML first, so that ``*/*`` (and a browser) gets the page."""

"""The dumps every build writes (``build.py``), linked even when this process was not told where they are."""
SUFFIX_OF: dict[str, str] = {fmt: suffix for suffix, fmt in RDF_SUFFIXES.items()}
FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]")
MAX_PATH = 1024

COOP = PREFIXES["coop"]
TEXTS: dict[str, tuple[str, str]] = {
    "intro": (
        "coopgraph publishes the international cooperation of the city of Daugavpils, Latvia, as linked open "
        "data: its twin cities and partner municipalities, the cooperation agreements it concluded and their "
        "fields, the projects it took part in, the programmes that funded them, the organisations, events and "
        "people involved. Every fact names the source document it comes from.",
        "coopgraph publicē Daugavpils pilsētas (Latvija) starptautisko sadarbību kā saistītos atvērtos datus: "
        "tās sadraudzības pilsētas un partnerpašvaldības, noslēgtos sadarbības līgumus un to jomas, projektus, "
        "kuros tā piedalījās, programmas, kas tos finansēja, iesaistītās organizācijas, pasākumus un cilvēkus. "
        "Katrs fakts norāda avota dokumentu, no kura tas ņemts.",
    ),
    "explore": ("Explore", "Pārlūkot"),
    "pictures": ("Map and timeline", "Karte un laika ass"),
    "query": ("Query the data", "Datu vaicājumi"),
    "query_intro": ("Open the SPARQL editor, or start from a ready-made question (each opens as a tab):",
                    "Atveriet SPARQL redaktoru vai sāciet ar gatavu jautājumu (katrs atveras cilnē):"),
    "describe": ("The data and its vocabulary", "Dati un to vārdnīca"),
    "dumps": ("Download", "Lejupielāde"),
    "sources": ("Source documents", "Avota dokumenti"),
    "linksets": ("Links to other datasets", "Saites uz citām datu kopām"),
    "partners": ("partner municipalities", "partnerpašvaldības"),
    "n_agreements": ("cooperation agreements", "sadarbības līgumi"),
    "n_projects": ("projects", "projekti"),
    "n_programmes": ("funding programmes", "finansēšanas programmas"),
    "n_organisations": ("organisations", "organizācijas"),
    "n_events": ("events", "pasākumi"),
    "n_fields": ("fields of cooperation", "sadarbības jomas"),
    "n_countries": ("countries", "valstis"),
    "n_sources": ("source documents", "avota dokumenti"),
    "referenced_by": ("Referenced by", "Uz šo atsaucas"),
    "more_references": ("… and more: query them at the SPARQL endpoint.",
                        "… un vēl: tos var atlasīt SPARQL galapunktā."),
    "cited_sources": ("Sources", "Avoti"),
    "cited_intro": ("The facts on this page come from:", "Šīs lapas fakti ņemti no:"),
    "inferred_legend": ("derived by the ontology's rules, not written in the curated data",
                        "izsecināts ar ontoloģijas likumiem, nav ierakstīts kurētajos datos"),
    "inferred": ("inferred", "secināts"),
    "other_languages": ("other languages", "citās valodās"),
    "formats": ("This resource as data", "Šis resurss kā dati"),
    "not_found": ("Not found", "Nav atrasts"),
    "not_found_text": ("The dataset says nothing about", "Datu kopā nav nekā par"),
    "page": ("Page", "Lapa"),
    "previous": ("previous", "iepriekšējā"),
    "next": ("next", "nākamā"),
    "of": ("of", "no"),
    "shown": ("shown", "parādīti"),
    "name": ("Name", "Nosaukums"),
    "country": ("Country", "Valsts"),
    "first_agreement": ("First agreement", "Pirmais līgums"),
    "agreements_col": ("Agreements", "Līgumi"),
    "partner": ("Partner", "Partneris"),
    "date": ("Date", "Datums"),
    "fields_col": ("Fields", "Jomas"),
    "identifier": ("Identifier", "Identifikators"),
    "programme": ("Programme", "Programma"),
    "budget": ("Budget", "Budžets"),
    "period": ("Period", "Periods"),
    "parent": ("Part of", "Ietilpst"),
    "operator": ("Operator", "Administrētājs"),
    "funder": ("Funder", "Finansētājs"),
    "located_in": ("Located in", "Atrodas"),
    "broader": ("Broader field", "Plašāka joma"),
    "period_figure": ("Project period", "Projekta periods"),
    "chart": ("Agreements per field", "Līgumi pa jomām"),
    "iri": ("IRI", "IRI"),
    "sort_by": ("sort by", "kārtot pēc"),
    "home_title": ("Daugavpils international cooperation", "Daugavpils starptautiskā sadarbība"),
}


def text(key: str, lang: str) -> str:
    """A page word or sentence in ``lang``."""
    en, lv = TEXTS[key]
    return lv if lang == "lv" else en



def _bases() -> tuple[str, str]:
    site = published()
    return site.settings.dataset_base, site.public_base(request.host_url)


def _linker(lang: str | None) -> d.Linker:
    dataset_base, public_base = _bases()
    return d.Linker(dataset_base, public_base, lang)


@blueprint.app_context_processor
def page_words() -> dict[str, Any]:
    return {"text": text}


def _query(sparql: str, **bindings: ox.NamedNode | ox.Literal) -> ox.QuerySolutions:
    return published().store.query(
        sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
        substitutions={ox.Variable(k): v for k, v in bindings.items()} or None,
    )


def _etag(*parts: object) -> str:
    site = published()
    return etag_for(site.build_id, request.host_url, site.settings.public_base_url, *parts)


def _cached_html(etag: str, render: Callable[[], str]) -> Response:
    """An HTML answer, revalidated by ``etag`` and kept in the build-keyed response cache."""
    if not_modified(etag):
        return conditional(Response(status=304), etag)
    answer = published().cache.fetch("page:" + etag, etag, "text/html", lambda: render().encode("utf-8"))
    return conditional(Response(answer.body, mimetype=answer.mimetype), etag)


# --- the home municipality and counts, once per build -----------------------------------------


@lru_cache(maxsize=8)
def _home(build_id: str) -> str | None:
    """The municipality that is party to most agreements: the city the dataset is about."""
    rows = list(_query("SELECT ?m (COUNT(?a) AS ?n) WHERE { ?a a coop:CooperationAgreement ; coop:party ?m } "
                       "GROUP BY ?m ORDER BY DESC(?n) ?m LIMIT 1"))
    return rows[0]["m"].value if rows else None


def home_municipality() -> ox.NamedNode:
    found = _home(published().build_id)
    return ox.NamedNode(found or COOP + "nothing")


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
    partners = next(iter(_query(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) ?home WHERE { ?a a coop:CooperationAgreement ; coop:party ?p "
        "FILTER(?p != ?home) } GROUP BY ?home", home=home)), None)
    counts = [("partners", "municipalities", int(partners["n"].value) if partners else 0)]
    for key, endpoint, local in COUNTED:
        row = next(iter(_query("SELECT (COUNT(DISTINCT ?s) AS ?n) ?c WHERE { ?s a ?c } GROUP BY ?c",
                               c=ox.NamedNode(COOP + local))), None)
        counts.append((key, endpoint, int(row["n"].value) if row else 0))
    return tuple(counts)


def _listed(build_id: str, class_iri: str, lang: str) -> list[tuple[str, str]]:
    """(iri, name) of the members of a small class (sources, linksets), by name."""
    rows = _query("SELECT DISTINCT ?s ?c WHERE { ?s a ?c }", c=ox.NamedNode(class_iri))
    store = published().store
    found = [(row["s"].value, d.label(store, row["s"].value, lang) or d.short_name(row["s"].value))
             for row in rows if isinstance(row["s"], ox.NamedNode)]
    return sorted(found, key=lambda item: item[1].casefold())[:PAGE_SIZE]


# --- home --------------------------------------------------------------------------------------


@blueprint.route("/")
def home() -> Response:
    lang = reader_language()
    site = published()

    def render() -> str:
        linker = _linker(lang)
        dumps = sorted(p.name for p in site.dumps_dir.iterdir() if p.is_file()) if site.dumps_dir else []
        sources = [(linker.href(iri), name, d.identifier(site.store, iri))
                   for iri, name in _listed(site.build_id, COOP + "SourceDocument", lang)]
        linksets = [(linker.href(iri), name) for iri, name in
                    _listed(site.build_id, PREFIXES["void"] + "Linkset", lang)]
        queries = sorted(site.queries.values(), key=lambda q: q.title.casefold())
        return render_template(
            "home.html", counts=_counts(site.build_id), queries=queries, dumps=dumps, sources=sources,
            linksets=linksets, home_name=None,
        )

    return _cached_html(_etag("home", lang), render)


# --- resources ---------------------------------------------------------------------------------


def _split_suffix(path: str) -> tuple[str, str | None]:
    for suffix, fmt in RDF_SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def _valid_path(path: str) -> bool:
    return (0 < len(path) <= MAX_PATH and not FORBIDDEN.search(path)
            and not any(part in ("", ".", "..") for part in path.split("/")))


def _wants_html() -> bool:
    accept = request.accept_mimetypes
    return accept["text/html"] > accept["text/plain"] and accept["text/html"] >= accept["application/json"]


def _not_found(path: str, lang: str) -> Response:
    message = f"there is no resource at /id/{path}"
    if _wants_html():
        body = render_template("not_found.html", path="/id/" + path, iri=None)
        return Response(body, status=404, mimetype="text/html")
    raise HTTPError(404, message)


def _links(resource_url: str, current: str, suffixed: bool) -> str:
    """The Link header: the canonical page and every other form of it."""
    links = [f'<{resource_url}>; rel="canonical"']
    if current != HTML or suffixed:
        links.append(f'<{resource_url}>; rel="alternate"; type="text/html"')
    for fmt, suffix in SUFFIX_OF.items():
        if fmt != current or not suffixed:
            rel = "alternate describedby" if current == HTML else "alternate"
            links.append(f'<{resource_url}{suffix}>; rel="{rel}"; type="{MEDIA_TYPE_OF[fmt]}"')
    return ", ".join(links)


@blueprint.route("/id/<path:path>", methods=["GET"])
def resource(path: str) -> Response:
    lang = reader_language()
    site = published()
    base_path, suffix_format = _split_suffix(path)
    if not _valid_path(base_path):
        return _not_found(path, lang)
    if suffix_format is None:
        fmt = choose_format(PAGE_OFFERS, "a resource", request.args.getlist("format"))
    else:
        fmt = suffix_format
    dataset_base, public_base = _bases()
    iri = dataset_iri("id/" + base_path, dataset_base)
    if d.resource_node(iri) is None or not d.exists(site.store, iri):
        return _not_found(path, lang)
    resource_url = with_slash(public_base) + "id/" + base_path
    etag = _etag("resource", iri, fmt, lang if fmt == HTML else "")
    headers = {"Link": _links(resource_url, fmt, suffix_format is not None)}
    if suffix_format is None and fmt != HTML:
        headers["Content-Location"] = resource_url + SUFFIX_OF[fmt]
    if not_modified(etag):
        response = conditional(Response(status=304), etag)
        response.headers.update(headers)
        return response
    if fmt == HTML:
        response = _cached_html(etag, lambda: _resource_html(iri, lang, resource_url))
    else:
        answer = site.cache.fetch("rdf:" + etag, etag, MEDIA_TYPE_OF[fmt],
                                  lambda: d.serialize(d.rdf_description(site.store, iri), fmt))
        response = conditional(Response(answer.body, mimetype=answer.mimetype), etag)
    response.headers.update(headers)
    return response


def _resource_html(iri: str, lang: str, resource_url: str) -> str:
    site = published()
    description = d.describe(site.store, iri, lang, _linker(lang))
    schema = d.schema_org(description, resource_url, lang)
    figure = None
    if any(t.iri == COOP + "Project" for t in description.types):
        figure = _picture("project_period_svg", site.store, iri, lang)
    formats = [(MEDIA_TYPE_OF[fmt], resource_url + suffix, suffix) for fmt, suffix in SUFFIX_OF.items()]
    return render_template("resource.html", r=description, schema=schema, figure=figure, formats=formats,
                           resource_url=resource_url)


def _picture(name: str, *args: Any) -> Markup | None:
    """An SVG drawn by :mod:`coopgraph.pictures`, when it offers ``name`` (it is written alongside)."""
    from . import pictures

    draw = getattr(pictures, name, None)
    if draw is None:
        return None
    svg = draw(*args)
    # The SVG is built by coopgraph's own code from escaped values, not from request text.
    return Markup(svg) if svg else None


# --- class indexes -----------------------------------------------------------------------------


def _label_key(var: str, key: str) -> str:
    """SPARQL that binds ``?{key}`` to the lower-cased name of ``?{var}`` in ?lang, else English."""
    return (f"OPTIONAL {{ ?{var} rdfs:label ?{key}_1 FILTER(LANG(?{key}_1) = ?lang) }} "
            f"OPTIONAL {{ ?{var} rdfs:label ?{key}_2 FILTER(LANG(?{key}_2) = \"en\") }} "
            f"BIND(LCASE(STR(COALESCE(?{key}_1, ?{key}_2, STR(?{var})))) AS ?{key})")


def _linked_key(path: str) -> str:
    return f"OPTIONAL {{ ?s {path} ?o . {_label_key('o', 'k')} }}"


Cell = list[d.Value]


@dataclass(frozen=True)
class Column:
    key: str
    word: str
    sort: str
    """SPARQL binding ``?k`` for a member ``?s`` (a fixed string of this module)."""
    aggregate: str
    cell: Callable[[ox.Store, ox.NamedNode, str, d.Linker], Cell]
    numeric: bool = False


def _objects(store: ox.Store, node: Any, predicate: str) -> list[Any]:
    return [q.object for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None)]


def _distinct(terms: list[Any]) -> list[Any]:
    return list(dict.fromkeys(terms))


def _link_values(store: ox.Store, terms: list[Any], lang: str, linker: d.Linker) -> Cell:
    values = []
    for term in _distinct(terms):
        if isinstance(term, ox.NamedNode):
            name = d.label(store, term.value, lang)
            values.append(d.Value(name or d.short_name(term.value), iri=term.value, href=linker.href(term.value),
                                  internal=linker.internal(term.value), labelled=name is not None))
        elif isinstance(term, ox.Literal):
            values.append(d.Value(term.value, datatype=term.datatype.value if term.datatype else None,
                                  precision=d.precision(term.datatype.value if term.datatype else None, lang)))
    return sorted(values, key=lambda v: v.text.casefold())


def _linked(predicate: str) -> Callable[[ox.Store, ox.NamedNode, str, d.Linker], Cell]:
    def cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
        return _link_values(store, _objects(store, node, predicate), lang, linker)
    return cell


def _name_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    return _link_values(store, [node], lang, linker)


def _partner_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    home = home_municipality()
    return _link_values(store, [p for p in _objects(store, node, COOP + "party") if p != home], lang, linker)


def _agreements_of(store: ox.Store, node: ox.NamedNode, predicate: str) -> list[Any]:
    agreement = ox.NamedNode(COOP + "CooperationAgreement")
    return [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(predicate), node, None)
            if next(iter(store.quads_for_pattern(q.subject, ox.NamedNode(d.TYPE), agreement, None)), None)]


def _first_agreement_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    dates = [o for a in _distinct(_agreements_of(store, node, COOP + "party"))
             for o in _objects(store, a, COOP + "concluded") if isinstance(o, ox.Literal)]
    return _link_values(store, sorted(dates, key=lambda o: o.value)[:1], lang, linker)


def _agreement_count(predicate: str) -> Callable[[ox.Store, ox.NamedNode, str, d.Linker], Cell]:
    def cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
        return [d.Value(str(len(set(_agreements_of(store, node, predicate)))))]
    return cell


def _budget_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    values = []
    for amount in _distinct(_objects(store, node, COOP + "budget")):
        value = next((o.value for o in _objects(store, amount, d.SCHEMA + "value")), None)
        currency = next((o.value for o in _objects(store, amount, d.SCHEMA + "currency")), "")
        if value is not None and isinstance(amount, ox.NamedNode):
            try:
                shown = f"{float(value):,.0f}".replace(",", "\u202f")
            except ValueError:
                shown = value
            values.append(d.Value(f"{shown} {currency}".strip(), iri=amount.value, href=linker.href(amount.value),
                                  internal=True, labelled=True))
    return values


def _period_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    start = _link_values(store, _objects(store, node, d.SCHEMA + "startDate"), lang, linker)[:1]
    end = _link_values(store, _objects(store, node, d.SCHEMA + "endDate"), lang, linker)[:1]
    if not start and not end:
        return []
    return [d.Value(f"{start[0].text if start else '…'} – {end[0].text if end else '…'}")]


NAME = Column("name", "name", _label_key("s", "k"), "SAMPLE", _name_cell)
COUNTRY = Column("country", "country", _linked_key("coop:country"), "SAMPLE", _linked(COOP + "country"))

INDEXES: dict[str, tuple[str, str, tuple[Column, ...]]] = {
    "municipalities": ("municipalities", "Municipality", (
        NAME, COUNTRY,
        Column("first", "first_agreement",
               "OPTIONAL { ?a coop:party ?s ; a coop:CooperationAgreement ; coop:concluded ?d BIND(STR(?d) AS ?k) }",
               "MIN", _first_agreement_cell),
        Column("agreements", "agreements_col", "OPTIONAL { ?k coop:party ?s ; a coop:CooperationAgreement }",
               "COUNT", _agreement_count(COOP + "party"), numeric=True),
    )),
    "agreements": ("agreements", "CooperationAgreement", (
        NAME,
        Column("partner", "partner",
               "OPTIONAL { ?s coop:party ?o FILTER(?o != ?home) " + _label_key("o", "k") + " }",
               "SAMPLE", _partner_cell),
        Column("date", "date", "OPTIONAL { ?s coop:concluded ?d BIND(STR(?d) AS ?k) }", "SAMPLE",
               _linked(COOP + "concluded")),
        Column("fields", "fields_col", "OPTIONAL { ?s coop:field ?k }", "COUNT", _linked(COOP + "field"),
               numeric=True),
    )),
    "projects": ("projects", "Project", (
        NAME,
        Column("identifier", "identifier", "OPTIONAL { ?s dcterms:identifier ?k }", "SAMPLE",
               _linked(d.DCTERMS + "identifier")),
        Column("programme", "programme", _linked_key("coop:fundedBy"), "SAMPLE", _linked(COOP + "fundedBy")),
        Column("budget", "budget", "OPTIONAL { ?s coop:budget/schema:value ?k }", "MAX", _budget_cell,
               numeric=True),
        Column("period", "period",
               "OPTIONAL { ?s schema:startDate|schema:endDate ?d BIND(STR(?d) AS ?k) }", "MIN", _period_cell),
    )),
    "programmes": ("programmes", "FundingProgramme", (
        NAME,
        Column("parent", "parent", _linked_key("coop:partOfProgramme"), "SAMPLE", _linked(COOP + "partOfProgramme")),
        Column("operator", "operator", _linked_key("coop:operator"), "SAMPLE", _linked(COOP + "operator")),
        Column("funder", "funder", _linked_key("coop:funder"), "SAMPLE", _linked(COOP + "funder")),
    )),
    "organisations": ("organisations", "Organisation", (
        NAME, COUNTRY,
        Column("located", "located_in", _linked_key("coop:locatedIn"), "SAMPLE", _linked(COOP + "locatedIn")),
    )),
    "fields": ("fields", "FieldOfCooperation", (
        NAME,
        Column("broader", "broader", _linked_key("skos:broader"), "SAMPLE", _linked(d.SKOS + "broader")),
        Column("agreements", "agreements_col", "OPTIONAL { ?k coop:field ?s ; a coop:CooperationAgreement }",
               "COUNT", _agreement_count(COOP + "field"), numeric=True),
    )),
}


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise HTTPError(400, f"{name} must be a positive whole number")
    return int(raw)


def _index(name: str) -> Response:
    lang = reader_language()
    word, local, columns = INDEXES[name]
    by_key = {c.key: c for c in columns}
    sort = request.args.get("sort", "name")
    if sort not in by_key:
        raise HTTPError(400, f"sort must be one of {', '.join(by_key)}")
    order = request.args.get("order", "asc")
    if order not in ("asc", "desc"):
        raise HTTPError(400, "order must be asc or desc")
    page = _int_arg("page", 1)
    site = published()
    etag = _etag("index", name, sort, order, page, lang)

    def render() -> str:
        class_node = ox.NamedNode(COOP + local)
        total_row = next(iter(_query("SELECT (COUNT(DISTINCT ?s) AS ?n) ?c WHERE { ?s a ?c } GROUP BY ?c",
                                     c=class_node)), None)
        total = int(total_row["n"].value) if total_row else 0
        pages = max(1, -(-total // PAGE_SIZE))
        if page > pages:
            raise HTTPError(404, f"page {page} is past the last page ({pages})")
        column = by_key[sort]
        direction = "DESC" if order == "desc" else "ASC"
        # every piece of this text is a constant of this module, chosen by whitelisted request values
        sparql = (f"SELECT ?s ({column.aggregate}({'DISTINCT ' if column.aggregate == 'COUNT' else ''}?k) AS ?key) "
                  f"(SAMPLE(?n0) AS ?name) ?c ?lang ?home WHERE {{ ?s a ?c . {column.sort} {_label_key('s', 'n0')} }} "
                  f"GROUP BY ?s ?c ?lang ?home ORDER BY {direction}(?key) ASC(?name) ?s "
                  f"LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}")
        rows = list(_query(sparql, c=class_node, lang=ox.Literal(lang), home=home_municipality()))
        linker = _linker(lang)
        table = [[c.cell(site.store, row["s"], lang, linker) for c in columns] for row in rows
                 if isinstance(row["s"], ox.NamedNode)]
        chart = None
        if name == "fields":
            dataset_base, public_base = _bases()
            chart = _picture("fields_chart_svg", site.store, lang, dataset_base, public_base)
        headers = [(c, _sort_url(name, c.key, "desc" if (c.key == sort and order == "asc") else "asc", lang))
                   for c in columns]
        return render_template(
            "index.html", name=name, title_word=word, columns=columns, headers=headers, table=table, sort=sort,
            order=order, page=page, pages=pages, total=total, chart=chart,
            page_url=lambda p: _sort_url(name, sort, order, lang, p),
        )

    return _cached_html(etag, render)


def _sort_url(name: str, sort: str, order: str, lang: str, page: int | None = None) -> str:
    args: dict[str, Any] = {"sort": sort, "order": order, "lang": lang}
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
