"""What the catalogue's views share: their forms and negotiation, and what is computed once per build.

The ontology, the shapes and the dataset description are each offered as HTML
and four RDF forms, by suffix, ``format=`` or Accept (q-values; 406 when
nothing fits). Their graphs and rendered bodies are kept per build and process.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request
from rdflib import Graph, Literal, URIRef

from coopgraph.build.dumps import dump_files
from coopgraph.namespaces import ONTOLOGY_GRAPH, PREFIXES
from coopgraph.web.catalog.description import Context, describe
from coopgraph.web.catalog.measure import Counts, measure
from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.errors import HTTPError
from coopgraph.web.negotiation import RDF_SUFFIXES, choose_format, reader_language
from coopgraph.web.protocol import etag_for
from coopgraph.web.published import current as published

blueprint = Blueprint("catalog", __name__)

RDF_OFFERS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-triples": "ntriples",
}


PAGE_OFFERS: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html", **RDF_OFFERS}


SUFFIXES: dict[str, str] = {**RDF_SUFFIXES, ".html": "html"}


MEDIA_TYPE: dict[str, str] = {"html": "text/html", **{name: media for media, name in RDF_OFFERS.items()}}


OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


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


def dumps_dir() -> Path | None:
    """The build's dumps directory; None when the server serves files given with ``--data``."""
    return published().dumps_dir


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
        site = published()
        home = site.config.home
        named = (home.organisation, site.dataset_base + "id/country/" + home.country_slug)
        measured = measure(site.store, site.dataset_base, home.iri, named)
        with _lock:
            cache.counts = measured
    return cache.counts


def ontology_graph() -> Graph:
    """The ontology as asserted (the store's ontology graph), as an rdflib graph."""
    cache = _build_cache()
    if cache.ontology is None:
        triples = [
            quad.triple
            for quad in published().store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))
        ]
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
        config=site.config,
        dataset_base=site.dataset_base,
        public_base=public,
        dumps=dump_files(dumps_dir()),
        issued=site.modified,
        modified=site.modified,
        version=site.build_id,
    )
    return describe(counts(), context)


OFFICIAL = ("dcat-ap-SHACL.ttl", "range.ttl", "deprecateduris.ttl")
"""The official DCAT-AP 3 files that decide whether a description conforms (``catalog_shapes/dcat-ap-3/``)."""


def catalog_shapes() -> Graph:
    """The shapes the descriptions are held to: the official DCAT-AP 3 ones, and coopgraph's VoID shapes.

    Validate with RDFS inference (``validate(..., inference=True)``), as DCAT-AP's own validation runs;
    the description states the class of every value, so it conforms without the EU vocabularies loaded.
    """
    graph = Graph()
    for name in OFFICIAL:
        graph.parse(CATALOG_SHAPES / "dcat-ap-3" / name, format="turtle")
    for path in sorted(CATALOG_SHAPES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def recommended_shapes() -> Graph:
    """DCAT-AP 3's recommended properties, as warnings (``shapes_recommended.ttl``)."""
    return Graph().parse(CATALOG_SHAPES / "dcat-ap-3" / "shapes_recommended.ttl", format="turtle")


def public_base() -> str:
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


def answer(
    path: str,
    suffix: str | None,
    offers: dict[str, str],
    form: str,
    render: Callable[[str], bytes | str],
    forms_at: str | None = None,
) -> Response:
    """The representation of ``path`` that the suffix or negotiation picks, with ETag, Link and 304.

    ``forms_at`` is the path whose suffixed forms (``.ttl``…) the Link and
    Content-Location headers name, when it is not ``path`` itself.
    """
    forms_at = forms_at or path
    site = published()
    fmt = _format(suffix, offers, form)
    lang = reader_language() if fmt == "html" else ""
    public = public_base()
    etag = etag_for(site.build_id, path, fmt, lang, public)
    links = [
        f'<{public}{forms_at}{ext}>; rel="alternate"; type="{MEDIA_TYPE[name]}"'
        for ext, name in SUFFIXES.items()
        if name in offers.values()
    ]
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


def rdflib_bytes(graph: Graph, fmt: str) -> bytes:
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", encoding="utf-8", auto_compact=True)
    return graph.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")


def ox_bytes(graph: Graph, fmt: str, prefixes: dict[str, str]) -> bytes:
    """``graph`` serialized by Oxigraph, with ``prefixes`` declared where the format has them."""
    out = io.BytesIO()
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, out, OX_FORMATS[fmt], prefixes=None if fmt == "ntriples" else prefixes)
    return out.getvalue()


def curie(iri: str, prefixes: dict[str, str] = ONTOLOGY_PREFIXES) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def texts(graph: Graph, subject: Any, predicate: URIRef) -> dict[str, str]:
    values: dict[str, str] = {}
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal):
            values.setdefault(value.language or "", str(value))
    return values


@dataclass
class Link:
    href: str
    text: str
    internal: bool
    iri: str
