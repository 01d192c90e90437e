"""The dataset described: ``/dataset``, ``/catalog`` (HTML or RDF) and ``/.well-known/void`` (RDF, HTML to browsers).

The description itself is :func:`coopgraph.web.catalog.description.describe`;
this module negotiates its form and renders its page.
"""

from __future__ import annotations

from flask import Response, render_template

from coopgraph.build.dumps import DUMP_KINDS, dump_files
from coopgraph.i18n import pick, word
from coopgraph.namespaces import EU_COUNTRY, PREFIXES
from coopgraph.web.catalog.base import (
    MEDIA_TYPE,
    PAGE_OFFERS,
    RDF_OFFERS,
    answer,
    blueprint,
    counts,
    curie,
    description_graph,
    dumps_dir,
    public_base,
    rdflib_bytes,
)
from coopgraph.web.catalog.description import (
    CATALOG_TITLE,
    SERVICE_TITLE,
    THEMES,
    catalog_description,
    keywords,
)
from coopgraph.web.catalog.vocabularies import CONCEPTS, DATA_THEME
from coopgraph.web.links import page_url, with_slash
from coopgraph.web.negotiation import RDF_SUFFIXES, reader_language
from coopgraph.web.published import current as published


def _dataset_html(path: str) -> str:
    site = published()
    lang = reader_language()
    public = public_base()
    measured = counts()
    base = with_slash(site.dataset_base)
    dumps = dump_files(dumps_dir())
    config = site.config
    home = config.home
    country = base + "id/country/" + home.country_slug

    def to_page(iri: str) -> str:
        return page_url(iri, base, public)

    classes = sorted(measured.classes.items(), key=lambda item: (-item[1], item[0]))
    properties = sorted(measured.properties.items(), key=lambda item: (-item[1], item[0]))
    return render_template(
        "dataset.html",
        t=lambda key: word(key, lang),
        path=path,
        public=public,
        title=pick(config.dataset.title, lang),
        description=pick(config.dataset.description, lang),
        catalog_title=pick(CATALOG_TITLE, lang),
        catalog_description=pick(catalog_description(config), lang),
        service_title=pick(SERVICE_TITLE, lang),
        dataset_iri=base + "dataset",
        catalog_iri=base + "catalog",
        counts=measured,
        dumps=dumps,
        classes=[(curie(c), to_page(c), n) for c, n in classes],
        properties=[(curie(p), to_page(p), n) for p, n in properties],
        examples=[(to_page(e), curie(e, {**PREFIXES, "": base + "id/"}).lstrip(":")) for e in measured.examples],
        vocabularies=measured.vocabularies,
        keywords=keywords(config).get(lang, keywords(config)["en"]),
        themes=[(str(DATA_THEME[code]), pick(CONCEPTS[DATA_THEME[code]][1], lang)) for code in THEMES],
        sources=[(to_page(s), pick(measured.labels.get(s, {"en": s}), lang)) for s in measured.sources],
        home=(to_page(home.iri), pick(measured.labels.get(home.iri, home.name), lang)),
        owner=(
            to_page(home.organisation),
            pick(measured.labels.get(home.organisation, config.publisher.name), lang),
        ),
        country=(
            EU_COUNTRY[home.country],
            pick(measured.labels.get(country, home.country_names()), lang),
        ),
        licence=config.dataset.licence,
        contact=config.contact,
        issued=site.modified,
        version=site.build_id,
        kinds=DUMP_KINDS,
        formats=[(ext, MEDIA_TYPE[name]) for ext, name in RDF_SUFFIXES.items()],
    )


def _description(path: str, suffix: str | None, offers: dict[str, str], forms_at: str | None = None) -> Response:
    def render(fmt: str) -> bytes | str:
        if fmt == "html":
            return _dataset_html(path)
        return rdflib_bytes(description_graph(public_base()), fmt)

    return answer(path, suffix, offers, "the dataset description", render, forms_at)


@blueprint.route("/dataset", endpoint="dataset")
@blueprint.route("/dataset<any('.ttl', '.jsonld', '.rdf', '.nt', '.html'):suffix>", endpoint="dataset_suffix")
def dataset(suffix: str | None = None) -> Response:
    return _description("dataset", suffix, PAGE_OFFERS)


@blueprint.route("/catalog", endpoint="catalog")
@blueprint.route("/catalog<any('.ttl', '.jsonld', '.rdf', '.nt', '.html'):suffix>", endpoint="catalog_suffix")
def catalog(suffix: str | None = None) -> Response:
    return _description("catalog", suffix, PAGE_OFFERS)


@blueprint.route("/.well-known/void", endpoint="void")
def void() -> Response:
    # HTML is offered last: */* gets Turtle, a browser (which prefers text/html) the dataset page
    return _description(".well-known/void", None, {**RDF_OFFERS, "text/html": "html"}, forms_at="dataset")
