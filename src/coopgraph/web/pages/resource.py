"""A resource's page: ``/id/<path>`` as HTML for people, or as RDF by Accept (q-values) or suffix.

The data's IRIs (``https://w3id.org/coopgraph/id/…``) are answered under the
same path on whichever host serves them; links in pages point there, RDF keeps
the dataset IRIs. Unknown or malformed paths are 404, never 500.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Response, render_template, request

from coopgraph.engine.sparql import MEDIA_TYPE_OF
from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.errors import HTTPError
from coopgraph.web.links import dataset_iri, with_slash
from coopgraph.web.negotiation import RDF_SUFFIXES, choose_format, reader_language
from coopgraph.web.pages import describe as d
from coopgraph.web.pages.base import COOP, bases, blueprint, cached_html, linker_for, page_etag, picture
from coopgraph.web.pages.schema_org import schema_org
from coopgraph.web.pictures.periods import project_period_svg
from coopgraph.web.published import current as published

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


SUFFIX_OF: dict[str, str] = {fmt: suffix for suffix, fmt in RDF_SUFFIXES.items()}


FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]")


MAX_PATH = 1024


def _split_suffix(path: str) -> tuple[str, str | None]:
    for suffix, fmt in RDF_SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def _valid_path(path: str) -> bool:
    return (
        0 < len(path) <= MAX_PATH
        and not FORBIDDEN.search(path)
        and not any(part in ("", ".", "..") for part in path.split("/"))
    )


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


ALL_INBOUND = "CONSTRUCT {{ ?s ?p <{iri}> }} WHERE {{ ?s ?p <{iri}> }}"


def _all_inbound_link(iri: str) -> str:
    """Where to get every statement pointing at ``iri``, when the RDF carries only the first ``MAX_INBOUND_RDF``."""
    query = urlencode({"query": ALL_INBOUND.format(iri=iri)})
    title = f"all of the statements pointing here (this document carries the first {d.MAX_INBOUND_RDF})"
    return f'</sparql?{query}>; rel="related"; title="{title}"'


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
    dataset_base, public_base = bases()
    iri = dataset_iri("id/" + base_path, dataset_base)
    if d.resource_node(iri) is None or not d.exists(site.store, iri):
        return _not_found(path, lang)
    resource_url = with_slash(public_base) + "id/" + base_path
    etag = page_etag("resource", iri, fmt, lang if fmt == HTML else "")
    headers = {"Link": _links(resource_url, fmt, suffix_format is not None)}
    if fmt != HTML and not d.inbound_triples(site.store, iri)[1]:
        headers["Link"] += ", " + _all_inbound_link(iri)
    if suffix_format is None and fmt != HTML:
        headers["Content-Location"] = resource_url + SUFFIX_OF[fmt]
    if not_modified(etag):
        response = conditional(Response(status=304), etag)
        response.headers.update(headers)
        return response
    if fmt == HTML:
        response = cached_html(etag, lambda: _resource_html(iri, lang, resource_url))
    else:
        answer = site.cache.fetch(
            "rdf:" + etag, etag, MEDIA_TYPE_OF[fmt], lambda: d.serialize(d.rdf_description(site.store, iri), fmt)
        )
        response = conditional(Response(answer.body, mimetype=answer.mimetype), etag)
    response.headers.update(headers)
    return response


def _resource_html(iri: str, lang: str, resource_url: str) -> str:
    site = published()
    description = d.describe(site.store, iri, lang, linker_for(lang))
    schema = schema_org(description, resource_url, lang)
    figure = None
    if any(t.iri == COOP + "Project" for t in description.types):
        figure = picture(project_period_svg(site.store, iri, lang))
    formats = [(MEDIA_TYPE_OF[fmt], resource_url + suffix, suffix) for fmt, suffix in SUFFIX_OF.items()]
    return render_template(
        "resource.html", r=description, schema=schema, figure=figure, formats=formats, resource_url=resource_url
    )
