"""The dataset described (DCAT-AP, VoID), the ontology documented, and the dumps served.

Routes
------
``/ontology`` (and ``.ttl`` ``.jsonld`` ``.rdf`` ``.nt`` ``.html``)
    The ontology IRI ``https://w3id.org/coopgraph/ontology``: an HTML page
    documenting every term (anchors ``#Municipality``… so term IRIs land on
    their section), or the ontology graph of the store (asserted triples only)
    in an RDF form, by suffix, ``format=`` or Accept (q-values; 406 when
    nothing fits). HTML is the default for ``*/*``.
``/shapes`` (and suffixes)
    The SHACL shapes the data is validated with (the build's ``shapes.ttl``).
``/dataset``, ``/catalog`` (and suffixes), ``/.well-known/void`` (RDF only, Turtle default)
    The DCAT-AP 3 + VoID description of :mod:`coopgraph.description`.
``/dumps/<name>``
    The build's dump files, only names present in its dumps directory.

Gzip dumps (``coopgraph.nt.gz``, ``coopgraph.nq.gz``): a client that accepts
gzip (``Accept-Encoding``) gets the file as it is, labelled with what it
contains: ``Content-Type: application/n-triples``, ``Content-Encoding: gzip``,
download name ``coopgraph.nt``. Any other client gets the same bytes as
``application/gzip`` named ``coopgraph.nt.gz``, so that nothing decodes it by
surprise. The answer varies with Accept-Encoding and each variant has its own
ETag. The DCAT description says the same: ``dcat:mediaType`` N-Triples with
``dcat:compressFormat`` gzip.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, send_file, url_for
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .description import (
    CATALOG_DESCRIPTION,
    CATALOG_TITLE,
    DESCRIPTION,
    DUMP_KINDS,
    KEYWORDS,
    SERVICE_TITLE,
    THEMES,
    TITLE,
    Context,
    Counts,
    describe,
    dump_files,
    measure,
)
from .endpoint import conditional, etag_for, not_modified
from .errors import HTTPError
from .i18n import LANGUAGES, pick, reader_language, word
from .links import page_url, with_slash
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, SCHEMA, SH
from .negotiation import RDF_SUFFIXES, choose_format
from .published import current as published

blueprint = Blueprint("catalog", __name__)

RDF_OFFERS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-triples": "ntriples",
}
"""RDF forms of the ontology, shapes and descriptions, Turtle first."""
PAGE_OFFERS: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html", **RDF_OFFERS}
"""A page's forms: HTML first, so that browsers and ``*/*`` get the page."""
SUFFIXES: dict[str, str] = {**RDF_SUFFIXES, ".html": "html"}
MEDIA_TYPE: dict[str, str] = {"html": "text/html", **{name: media for media, name in RDF_OFFERS.items()}}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
              "ntriples": ox.RdfFormat.N_TRIPLES}
RDFLIB_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "rdfxml": "xml", "ntriples": "nt"}
ONTOLOGY_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "eurio": "http://data.europa.eu/s66#",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "vann": "http://purl.org/vocab/vann/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
SHAPE_PREFIXES: dict[str, str] = {**ONTOLOGY_PREFIXES, "coop-shapes": "https://w3id.org/coopgraph/shapes#"}
CATALOG_SHAPES = Path(__file__).parent / "catalog_shapes"


THEME_NAMES: dict[str, dict[str, str]] = {
    "GOVE": {"en": "Government and public sector", "lv": "Valdība un valsts sektors"},
    "INTR": {"en": "International issues", "lv": "Starptautiski jautājumi"},
    "REGI": {"en": "Regions and cities", "lv": "Reģioni un pilsētas"},
}



def dumps_dir() -> Path | None:
    """The build's dumps directory; None when the server serves files given with ``--data``."""
    return published().dumps_dir


# ---------------------------------------------------------------------------
# What is computed once per build and process
# ---------------------------------------------------------------------------


@dataclass
class _BuildCache:
    build_id: str
    counts: Counts | None = None
    ontology: Graph | None = None
    shapes: Graph | None = None
    bodies: dict[tuple[str, ...], bytes] = field(default_factory=dict)


_cache: _BuildCache | None = None
_lock = threading.Lock()


def _build_cache() -> _BuildCache:
    global _cache
    site = published()
    with _lock:
        if _cache is None or _cache.build_id != site.build_id:
            _cache = _BuildCache(site.build_id)
        return _cache


def counts() -> Counts:
    """The description's counts, measured once per build in this process."""
    cache = _build_cache()
    if cache.counts is None:
        measured = measure(published().store, published().settings.dataset_base)
        with _lock:
            cache.counts = measured
    return cache.counts


def ontology_graph() -> Graph:
    """The ontology as asserted (the store's ontology graph), as an rdflib graph."""
    cache = _build_cache()
    if cache.ontology is None:
        triples = [quad.triple for quad in published().store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))]
        out = io.BytesIO()
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in ONTOLOGY_PREFIXES.items():
            graph.bind(prefix, namespace)
        graph.parse(data=out.getvalue().decode("utf-8"), format="nt")
        with _lock:
            cache.ontology = graph
    return cache.ontology


def shapes_graph() -> Graph:
    """The SHACL shapes of the build (its ``shapes.ttl`` dump)."""
    directory = dumps_dir()
    path = directory / "shapes.ttl" if directory is not None else None
    if path is None or not path.is_file():
        raise HTTPError(404, "this server runs without a build, so it has no shapes file to publish")
    cache = _build_cache()
    if cache.shapes is None:
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in SHAPE_PREFIXES.items():
            graph.bind(prefix, namespace)
        graph.parse(path, format="turtle")
        with _lock:
            cache.shapes = graph
    return cache.shapes


def description_graph(public: str) -> Graph:
    """The DCAT-AP and VoID description, with access and download URLs on ``public``."""
    site = published()
    context = Context(
        dataset_base=site.settings.dataset_base,
        public_base=public,
        dumps=dump_files(dumps_dir()),
        issued=site.modified,
        modified=site.modified,
        version=site.build_id,
    )
    return describe(counts(), context)


def catalog_shapes() -> Graph:
    """The SHACL shapes the descriptions are held to (``catalog_shapes/*.ttl``)."""
    graph = Graph()
    for path in sorted(CATALOG_SHAPES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


# ---------------------------------------------------------------------------
# Negotiation, headers, caching
# ---------------------------------------------------------------------------


def _public() -> str:
    return published().public_base(request.host_url)


def _format(suffix: str | None, offers: dict[str, str], form: str) -> str:
    if suffix is None:
        return choose_format(offers, form, request.args.getlist("format"))
    fmt = SUFFIXES.get(suffix)
    if fmt is None or fmt not in offers.values():
        raise HTTPError(404, f"there is nothing at {request.path}")
    return fmt


def _mimetype(fmt: str) -> str:
    media = MEDIA_TYPE[fmt]
    return f"{media}; charset=utf-8" if fmt in ("html", "turtle", "ntriples", "jsonld", "rdfxml") else media


def _answer(path: str, suffix: str | None, offers: dict[str, str], form: str,
            render: Callable[[str], bytes | str], forms_at: str | None = None) -> Response:
    """The representation of ``path`` that the suffix or negotiation picks, with ETag, Link and 304.

    ``forms_at`` is the path whose suffixed forms (``.ttl``…) the Link and
    Content-Location headers name, when it is not ``path`` itself.
    """
    forms_at = forms_at or path
    site = published()
    fmt = _format(suffix, offers, form)
    lang = reader_language() if fmt == "html" else ""
    public = _public()
    etag = etag_for(site.build_id, path, fmt, lang, public)
    links = [f'<{public}{forms_at}{ext}>; rel="alternate"; type="{MEDIA_TYPE[name]}"'
             for ext, name in SUFFIXES.items() if name in offers.values()]
    if not_modified(etag):
        response = Response(status=304)
    else:
        key = (path, fmt, lang, public)
        cache = _build_cache()
        body = cache.bodies.get(key)
        if body is None:
            rendered = render(fmt)
            body = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
            with _lock:
                if len(cache.bodies) < 256:
                    cache.bodies[key] = body
        response = Response(body, content_type=_mimetype(fmt))
    response.headers["Link"] = ", ".join(links)
    if suffix is None:
        ext = next(e for e, name in SUFFIXES.items() if name == fmt)
        response.headers["Content-Location"] = f"{request.script_root}/{forms_at}{ext}"
    if fmt == "html":
        response.vary.add("Accept-Language")
        response.content_language = lang
    return conditional(response, etag)


def _rdflib_bytes(graph: Graph, fmt: str) -> bytes:
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", encoding="utf-8", auto_compact=True)
    return graph.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")


def _ox_bytes(graph: Graph, fmt: str, prefixes: dict[str, str]) -> bytes:
    """``graph`` serialized by Oxigraph, with ``prefixes`` declared where the format has them."""
    out = io.BytesIO()
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, out, OX_FORMATS[fmt], prefixes=None if fmt == "ntriples" else prefixes)
    return out.getvalue()


# ---------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------


def _curie(iri: str, prefixes: dict[str, str] = ONTOLOGY_PREFIXES) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _texts(graph: Graph, subject: Any, predicate: URIRef) -> dict[str, str]:
    values: dict[str, str] = {}
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal):
            values.setdefault(value.language or "", str(value))
    return values


KIND_ORDER = ("classes", "object_properties", "datatype_properties", "annotation_properties", "other_properties")
KIND_OF = {OWL.Class: "classes", RDFS.Class: "classes", OWL.ObjectProperty: "object_properties",
           OWL.DatatypeProperty: "datatype_properties", OWL.AnnotationProperty: "annotation_properties",
           RDF.Property: "other_properties"}
RELATIONS: tuple[tuple[str, URIRef], ...] = (
    ("subClassOf", RDFS.subClassOf), ("equivalentClass", OWL.equivalentClass),
    ("subPropertyOf", RDFS.subPropertyOf), ("equivalentProperty", OWL.equivalentProperty),
    ("inverseOf", OWL.inverseOf), ("domain", RDFS.domain), ("range", RDFS.range),
    ("domainIncludes", SCHEMA.domainIncludes), ("rangeIncludes", SCHEMA.rangeIncludes),
    ("disjointWith", OWL.disjointWith), ("exactMatch", SKOS.exactMatch), ("closeMatch", SKOS.closeMatch),
)
CHARACTERISTICS = {OWL.SymmetricProperty: "owl:SymmetricProperty", OWL.TransitiveProperty: "owl:TransitiveProperty",
                   OWL.FunctionalProperty: "owl:FunctionalProperty", OWL.InverseFunctionalProperty: "owl:InverseFunctionalProperty",
                   OWL.AsymmetricProperty: "owl:AsymmetricProperty", OWL.ReflexiveProperty: "owl:ReflexiveProperty",
                   OWL.IrreflexiveProperty: "owl:IrreflexiveProperty"}


@dataclass
class Link:
    href: str
    text: str
    internal: bool
    iri: str


def ontology_page(graph: Graph, lang: str, public: str, dataset_base: str) -> dict[str, Any]:
    """What the ontology page shows, in ``lang``: the ontology's header, its terms by kind, the external terms."""
    namespace = with_slash(dataset_base) + "ontology#"
    other = next(code for code in LANGUAGES if code != lang)
    owl_ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), URIRef(with_slash(dataset_base) + "ontology"))
    own = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)
                  and (s, RDF.type, None) in graph}, key=lambda s: str(s).lower() + str(s))

    def label(term: URIRef) -> str:
        return pick(_texts(graph, term, RDFS.label), lang) or _curie(str(term))

    def link(term: Any) -> Link:
        iri = str(term)
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            return Link("#" + local, label(term), True, iri)
        if isinstance(term, Literal):
            return Link("", str(term), False, "")
        return Link(iri, _curie(iri), False, iri)

    terms: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER}
    for term in own:
        kinds = [KIND_OF[k] for k in graph.objects(term, RDF.type) if k in KIND_OF]
        kind = kinds[0] if kinds else "other_properties"
        relations = []
        for key, predicate in RELATIONS:
            values = sorted((link(o) for o in graph.objects(term, predicate)), key=lambda l: (not l.internal, l.text))
            if values:
                relations.append((word(key, lang), values))
        characteristics = [CHARACTERISTICS[k] for k in graph.objects(term, RDF.type) if k in CHARACTERISTICS]
        reverse = []
        for key, predicate in (("subclasses", RDFS.subClassOf), ("subproperties", RDFS.subPropertyOf),
                               ("properties_of", SCHEMA.domainIncludes), ("properties_to", SCHEMA.rangeIncludes)):
            values = sorted((link(s) for s in graph.subjects(predicate, term) if str(s).startswith(namespace)),
                            key=lambda l: l.text)
            if values:
                reverse.append((word(key, lang), values))
        labels = _texts(graph, term, RDFS.label)
        definitions = _texts(graph, term, SKOS.definition)
        terms[kind].append({
            "iri": str(term),
            "anchor": str(term)[len(namespace):],
            "curie": _curie(str(term)),
            "labels": labels,
            "label": pick(labels, lang) or _curie(str(term)),
            "other_label": labels.get(other),
            "definition": pick(definitions, lang),
            "other_definition": definitions.get(other),
            "comment": pick(_texts(graph, term, RDFS.comment), lang),
            "note": pick(_texts(graph, term, SKOS.editorialNote), lang),
            "relations": relations,
            "reverse": reverse,
            "characteristics": characteristics,
        })
    external = []
    for kind_iri, kind in KIND_OF.items():
        for term in sorted(graph.subjects(RDF.type, kind_iri), key=str):
            iri = str(term)
            if isinstance(term, URIRef) and not iri.startswith(namespace):
                users = sorted({(link(s).text, link(s).href) for s, _, _ in graph.triples((None, None, term))
                                if str(s).startswith(namespace)})
                external.append({
                    "iri": iri, "curie": _curie(iri), "kind": word(kind, lang),
                    "anchor": "ext-" + _curie(iri).replace(":", "-").replace("/", "-").replace("#", "-"),
                    "users": [Link(href, text, True, "") for text, href in users],
                })
    ontology = {
        "iri": str(owl_ontology),
        "title": pick(_texts(graph, owl_ontology, URIRef("http://purl.org/dc/terms/title")), lang),
        "description": pick(_texts(graph, owl_ontology, URIRef("http://purl.org/dc/terms/description")), lang),
        "comment": pick(_texts(graph, owl_ontology, RDFS.comment), lang),
        "version": graph.value(owl_ontology, OWL.versionInfo),
        "version_iri": graph.value(owl_ontology, OWL.versionIRI),
        "licence": graph.value(owl_ontology, URIRef("http://purl.org/dc/terms/license")),
        "created": graph.value(owl_ontology, URIRef("http://purl.org/dc/terms/created")),
        "modified": graph.value(owl_ontology, URIRef("http://purl.org/dc/terms/modified")),
        "prefix": graph.value(owl_ontology, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")),
        "namespace": graph.value(owl_ontology, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")) or namespace,
    }
    disjoint = [(link(a), link(b)) for a, b in sorted(graph.subject_objects(OWL.disjointWith),
                                                        key=lambda pair: (str(pair[0]), str(pair[1])))]
    return {"ontology": ontology, "terms": terms, "kinds": [k for k in KIND_ORDER if terms[k]],
            "external": external, "disjoint": disjoint, "other_lang": other}


@blueprint.route("/ontology", endpoint="ontology")
@blueprint.route("/ontology<any('.ttl', '.jsonld', '.rdf', '.nt', '.html'):suffix>", endpoint="ontology_suffix")
def ontology(suffix: str | None = None) -> Response:
    site = published()

    def render(fmt: str) -> bytes | str:
        graph = ontology_graph()
        if fmt != "html":
            return _ox_bytes(graph, fmt, ONTOLOGY_PREFIXES)
        lang = reader_language()
        public = _public()
        return render_template(
            "ontology.html", t=lambda key: word(key, lang), public=public,
            formats=[(ext, MEDIA_TYPE[name]) for ext, name in RDF_SUFFIXES.items()],
            **ontology_page(graph, lang, public, site.settings.dataset_base),
        )

    return _answer("ontology", suffix, PAGE_OFFERS, "the ontology", render)


# ---------------------------------------------------------------------------
# The shapes
# ---------------------------------------------------------------------------


def shapes_page(graph: Graph, lang: str, dataset_base: str) -> list[dict[str, Any]]:
    namespace = with_slash(dataset_base) + "ontology#"
    rows = []
    for shape in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = []
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            for value in graph.objects(shape, predicate):
                iri = str(value)
                href = (url_for("catalog.ontology", lang=lang) + "#" + iri[len(namespace):]
                        if iri.startswith(namespace) else iri)
                targets.append((_curie(predicate), Link(href, _curie(iri, SHAPE_PREFIXES), iri.startswith(namespace), iri)))
        name = _curie(str(shape), SHAPE_PREFIXES) if isinstance(shape, URIRef) else "_:" + str(shape)
        rows.append({
            "name": name,
            "anchor": name.split(":")[-1],
            "label": pick(_texts(graph, shape, RDFS.label), lang) or pick(_texts(graph, shape, RDFS.comment), lang),
            "targets": targets,
            "properties": [_curie(str(p), SHAPE_PREFIXES) for p in
                           sorted({str(graph.value(ps, SH.path)) for ps in graph.objects(shape, SH.property)
                                   if isinstance(graph.value(ps, SH.path), URIRef)})],
        })
    return rows


@blueprint.route("/shapes", endpoint="shapes")
@blueprint.route("/shapes<any('.ttl', '.jsonld', '.rdf', '.nt', '.html'):suffix>", endpoint="shapes_suffix")
def shapes(suffix: str | None = None) -> Response:
    site = published()
    graph = shapes_graph()

    def render(fmt: str) -> bytes | str:
        if fmt == "turtle":
            directory = dumps_dir()
            assert directory is not None
            return (directory / "shapes.ttl").read_bytes()
        if fmt != "html":
            return _rdflib_bytes(graph, fmt)
        lang = reader_language()
        return render_template("ontology-shapes.html", t=lambda key: word(key, lang),
                               shapes=shapes_page(graph, lang, site.settings.dataset_base),
                               formats=[(ext, MEDIA_TYPE[name]) for ext, name in RDF_SUFFIXES.items()])

    return _answer("shapes", suffix, PAGE_OFFERS, "the shapes", render)


# ---------------------------------------------------------------------------
# The dataset, the catalogue, VoID
# ---------------------------------------------------------------------------


def _dataset_html(path: str) -> str:
    site = published()
    lang = reader_language()
    public = _public()
    measured = counts()
    base = with_slash(site.settings.dataset_base)
    dumps = dump_files(dumps_dir())
    to_page = lambda iri: page_url(iri, base, public)  # noqa: E731
    classes = sorted(measured.classes.items(), key=lambda item: (-item[1], item[0]))
    properties = sorted(measured.properties.items(), key=lambda item: (-item[1], item[0]))
    return render_template(
        "dataset.html", t=lambda key: word(key, lang), path=path, public=public,
        title=pick(TITLE, lang), description=pick(DESCRIPTION, lang),
        catalog_title=pick(CATALOG_TITLE, lang), catalog_description=pick(CATALOG_DESCRIPTION, lang),
        service_title=pick(SERVICE_TITLE, lang),
        dataset_iri=base + "dataset", catalog_iri=base + "catalog",
        counts=measured, dumps=dumps, classes=[(_curie(c), to_page(c), n) for c, n in classes],
        properties=[(_curie(p), to_page(p), n) for p, n in properties],
        examples=[(to_page(e), _curie(e, {**PREFIXES, "": base + "id/"}).lstrip(":")) for e in measured.examples],
        vocabularies=measured.vocabularies,
        keywords=KEYWORDS.get(lang, KEYWORDS["en"]),
        themes=[("http://publications.europa.eu/resource/authority/data-theme/" + code, pick(THEME_NAMES[code], lang))
                for code in THEMES],
        daugavpils=(to_page(base + "id/municipality/daugavpils"),
                    pick(measured.labels.get(base + "id/municipality/daugavpils", {"en": "Daugavpils"}), lang)),
        owner=(to_page(base + "id/organisation/daugavpils-city-municipality"),
               pick(measured.labels.get(base + "id/organisation/daugavpils-city-municipality",
                                        {"en": "Daugavpils City Municipality"}), lang)),
        latvia=pick(measured.labels.get(base + "id/country/latvia", {"en": "Latvia"}), lang),
        issued=site.modified, version=site.build_id, kinds=DUMP_KINDS,
        formats=[(ext, MEDIA_TYPE[name]) for ext, name in RDF_SUFFIXES.items()],
    )


def _description(path: str, suffix: str | None, offers: dict[str, str], forms_at: str | None = None) -> Response:
    def render(fmt: str) -> bytes | str:
        if fmt == "html":
            return _dataset_html(path)
        return _rdflib_bytes(description_graph(_public()), fmt)

    return _answer(path, suffix, offers, "the dataset description", render, forms_at)


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
    return _description(".well-known/void", None, RDF_OFFERS, forms_at="dataset")


# ---------------------------------------------------------------------------
# The dumps
# ---------------------------------------------------------------------------


@blueprint.route("/dumps/", endpoint="dumps", defaults={"name": ""})
@blueprint.route("/dumps/<path:name>", endpoint="dump")
def dump(name: str) -> Response:
    """A file of the build's dumps directory: only a name its listing holds, never a path."""
    site = published()
    directory = dumps_dir()
    listing = {p.name: p for p in directory.iterdir() if p.is_file()} if directory is not None and directory.is_dir() else {}
    path = listing.get(name)
    if path is None:
        raise HTTPError(404, f"there is no dump named {name!r}; the dumps are: {', '.join(sorted(listing)) or 'none'}")
    kind = DUMP_KINDS.get(name)
    media = kind.media_type if kind else "application/octet-stream"
    download = name
    encoded = False
    if name.endswith(".gz"):
        encoded = request.accept_encodings["gzip"] > 0
        if encoded:
            download = name[:-3]
        else:
            media = "application/gzip"
    etag = etag_for(site.build_id, "dump", name, "gzip" if encoded else "identity")
    response = send_file(path, mimetype=media, as_attachment=True, download_name=download, conditional=True,
                         etag=etag, last_modified=site.modified, max_age=0)
    if encoded:
        response.headers["Content-Encoding"] = "gzip"
    if name.endswith(".gz"):
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
