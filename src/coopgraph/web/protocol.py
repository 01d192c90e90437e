"""What every ``/sparql`` answer carries, in one place for the view and the direct path (:mod:`coopgraph.web.direct`).

Two code paths write answers to the same requests, so the parts a client or
a cache can see (the ETag, the cache keys, the headers, what is kept for the
next request) are made here, without Flask, and both call them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from werkzeug.http import http_date

from coopgraph.engine.sparql import MEDIA_TYPE_OF
from coopgraph.web.published import CachedAnswer, Published, ResponseCache

REVALIDATE = "public, max-age=0, must-revalidate"
"""Cache-Control of every answer: a cache may keep it, and asks again (cheaply, by ETag) before each use."""
CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag, Last-Modified, Content-Type, Link, Retry-After"),
)
"""On every answer: any origin may read it (a notebook's or another portal's page)."""
TEXT_TYPES = (
    "text/",
    "application/sparql-results+json",
    "application/json",
    "application/ld+json",
    "application/n-triples",
    "application/n-quads",
    "application/sparql-results+xml",
    "application/rdf+xml",
    "application/xml",
)
"""Media types whose Content-Type names the charset."""


def etag_for(*parts: object) -> str:
    """An ETag for a representation: include the build id among ``parts`` so it changes with the data."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return digest[:32]


def repeat_key(build_id: str, query_string: bytes, accept: str, base_url: str) -> str:
    """A cache key from the raw GET request, so a repeated request skips parsing, checks and negotiation.

    It covers everything the answer depends on: the build, the query string
    (query, graphs, format), the Accept header and the URL (the base IRI).
    """
    return "repeat:" + etag_for(build_id, query_string, accept, base_url)


def mimetype_header(fmt: str) -> str:
    """The Content-Type of an answer in ``fmt``."""
    media = MEDIA_TYPE_OF[fmt]
    return f"{media}; charset=utf-8" if media.startswith(TEXT_TYPES) else media


def answer_headers(site: Published, etag: str, mimetype: str, length: int | None) -> list[tuple[str, str]]:
    """The headers of a 200 answer, in the order the view's response has them (no length: it streams)."""
    sized = [] if length is None else [("Content-Length", str(length))]
    return [
        ("Content-Type", mimetype),
        *sized,
        ("ETag", f'"{etag}"'),
        ("Last-Modified", http_date(site.modified)),
        ("Cache-Control", REVALIDATE),
        *CORS,
        ("Vary", "Accept"),
    ]


def caching(
    chunks: Iterator[bytes], cache: ResponseCache, etag: str, mimetype: str, keys: list[str]
) -> Iterator[bytes]:
    """Yield the chunks, and keep the whole answer in ``cache`` (under each of ``keys``) when it fits."""
    if cache.entries <= 0:
        yield from chunks
        return
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= cache.max_entry_bytes:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        answer = CachedAnswer(etag, mimetype, b"".join(kept))
        for key in keys:
            cache.put(key, answer)
