"""Content negotiation, in one place for the SPARQL endpoint and the pages: format and language.

A client names a format by a parameter (``format=``), a URL suffix
(``/id/x.ttl``) or the Accept header with its q-values; Werkzeug's
``best_match`` does the q-value arithmetic. The first offer is the default,
so the order of an offers mapping is part of its meaning.
"""

from __future__ import annotations

from flask import Response, g, request

from coopgraph.i18n import LANGUAGES
from coopgraph.web.errors import HTTPError

RDF_SUFFIXES: dict[str, str] = {".ttl": "turtle", ".jsonld": "jsonld", ".rdf": "rdfxml", ".nt": "ntriples"}
"""URL suffixes that ask for an RDF form of a page."""

FORMAT_ALIASES: dict[str, str] = {
    "srj": "json",
    "srx": "xml",
    "ttl": "turtle",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
}
"""Other names clients use in ``format`` (SPARQLWrapper sends ``json-ld``, and ``xml`` for RDF/XML graphs)."""


def _format_name(value: str, offers: dict[str, str]) -> str | None:
    names = set(offers.values())
    value = value.strip().lower()
    candidates = [value, FORMAT_ALIASES.get(value, value), offers.get(value, "")]
    if "rdfxml" in names:  # for graphs, "xml" and "json" can only mean RDF/XML and JSON-LD
        candidates += [{"xml": "rdfxml", "json": "jsonld"}.get(value, "")]
    return next((c for c in candidates if c in names), None)


def choose_format(offers: dict[str, str], form: str, wanted: list[str]) -> str:
    """The first format the ``format`` parameters (``wanted``) name, else the best match of Accept.

    406 when none fits.
    """
    names = dict.fromkeys(offers.values())
    if wanted:
        for value in wanted:
            found = _format_name(value, offers)
            if found is not None:
                return found
        raise HTTPError(400, f"format {wanted[0]!r} is not available for {form}; use one of {', '.join(names)}")
    exact = offers.get(request.headers.get("Accept", ""))
    if exact is not None:
        return exact  # one media type, as SPARQL clients send: no q-values to weigh
    accept = request.accept_mimetypes
    if not accept:
        return next(iter(offers.values()))
    best = accept.best_match(list(offers))
    if best is None:
        raise HTTPError(
            406, f"none of the accepted types ({accept}) is available for {form}; offered: {', '.join(offers)}"
        )
    return offers[best]


def reader_language() -> str:
    """``en`` or ``lv`` for the current request: ``?lang=`` first, then Accept-Language (q-values)."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    g.read_accept_language = True
    best = request.accept_languages.best_match(LANGUAGES)
    return best or "en"


def vary_by_language(response: Response) -> Response:
    """Add ``Vary: Accept-Language`` when this request's answer was chosen by it, so caches keep each language."""
    if g.get("read_accept_language"):
        response.vary.add("Accept-Language")
    return response
