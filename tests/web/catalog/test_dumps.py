"""The dumps: each parses into the manifest's counts, gzip as the client accepts it, nothing else served."""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from rdflib.namespace import RDF

from coopgraph.build.layout import Build
from coopgraph.namespaces import ONTOLOGY_GRAPH, SH
from tests.web.catalog.catalog_reading import (
    media,
    raw,
)


@pytest.mark.parametrize(
    ("name", "media_type", "fmt", "unit"),
    [
        ("coopgraph.ttl", "text/turtle", ox.RdfFormat.TURTLE, "triples"),
        ("coopgraph.nt.gz", "application/n-triples", ox.RdfFormat.N_TRIPLES, "triples"),
        ("coopgraph.jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, "triples"),
        ("coopgraph.trig", "application/trig", ox.RdfFormat.TRIG, "quads"),
        ("coopgraph.nq.gz", "application/n-quads", ox.RdfFormat.N_QUADS, "quads"),
        ("ontology.ttl", "text/turtle", ox.RdfFormat.TURTLE, "ontology"),
    ],
)
def test_dumps_parse_into_the_manifest_counts(
    server: str, published: Build, name: str, media_type: str, fmt: ox.RdfFormat, unit: str
) -> None:
    response = raw(server, name, "identity")
    assert response.status_code == 200
    body = response.raw.read(decode_content=False)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and name in disposition
    if name.endswith(".gz"):
        assert media(response) == "application/gzip" and "Content-Encoding" not in response.headers
        body = gzip.decompress(body)
    else:
        assert media(response) == media_type
    parsed = list(ox.parse(body, fmt))
    expected = {
        "triples": published.manifest["triples"],
        "quads": sum(published.manifest["graphs"].values()),
        "ontology": published.manifest["graphs"][str(ONTOLOGY_GRAPH)],
    }[unit]
    assert len(parsed) == expected
    if unit == "triples":
        assert len({q.triple if isinstance(q, ox.Quad) else q for q in parsed}) == expected


@pytest.mark.parametrize(
    ("name", "media_type"), [("coopgraph.nt.gz", "application/n-triples"), ("coopgraph.nq.gz", "application/n-quads")]
)
def test_gzip_dumps_to_a_client_that_accepts_gzip(server: str, published: Build, name: str, media_type: str) -> None:
    response = raw(server, name, "gzip, deflate")
    assert response.status_code == 200
    assert media(response) == media_type and response.headers["Content-Encoding"] == "gzip"
    assert f"filename={name[:-3]}" in response.headers["Content-Disposition"]
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.raw.read(decode_content=False)
    assert body == (published.dumps_dir / name).read_bytes()
    identity = raw(server, name, "identity")
    assert identity.headers["ETag"] != response.headers["ETag"]


@pytest.mark.parametrize("name", ["shapes.ttl", "validation.ttl"])
def test_other_build_files(server: str, name: str) -> None:
    response = requests.get(f"{server}/dumps/{name}", timeout=10)
    assert response.status_code == 200 and media(response) == "text/turtle"
    graph = Graph().parse(data=response.content, format="turtle")
    expected = SH.NodeShape if name == "shapes.ttl" else SH.ValidationReport
    assert (None, RDF.type, expected) in graph


def test_dump_revalidation(server: str) -> None:
    first = requests.get(f"{server}/dumps/coopgraph.ttl", timeout=10)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    assert requests.get(f"{server}/dumps/coopgraph.ttl", headers={"If-None-Match": etag}, timeout=10).status_code == 304
    assert (
        requests.get(f"{server}/dumps/coopgraph.ttl", headers={"If-Modified-Since": modified}, timeout=10).status_code
        == 304
    )
    other = requests.get(f"{server}/dumps/coopgraph.ttl", headers={"If-None-Match": '"something-else"'}, timeout=10)
    assert other.status_code == 200 and other.content == first.content


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/../manifest.json",
        "/dumps/..%2Fmanifest.json",
        "/dumps/%2e%2e/manifest.json",
        "/dumps/../store/CURRENT",
        "/dumps/nope.ttl",
        "/dumps/coopgraph.ttl/",
        "/dumps/.%2Fcoopgraph.ttl",
    ],
)
def test_unknown_dumps_and_traversal_are_404(server: str, path: str) -> None:
    where = urlsplit(server)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:
        connection.request("GET", path)  # sent as written: no client-side dot-segment removal
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 404, (path, body[:200])
    assert b"build_id" not in body and b"source_digest" not in body


def test_the_dumps_directory_lists_every_dump_with_a_link(server: str, published: Build) -> None:
    response = requests.get(f"{server}/dumps/", headers={"Accept": "text/html"}, timeout=10)
    assert response.status_code == 200 and media(response) == "text/html"
    links = set(re.findall(r'href="/dumps/([^"]+)"', response.text))
    on_disk = {p.name for p in (published.path / "dumps").iterdir() if p.is_file()}
    assert links and links == on_disk & links
    assert {"coopgraph.ttl", "coopgraph.nt.gz", "coopgraph.trig"} <= links
    for name in links:
        assert requests.head(f"{server}/dumps/{name}", timeout=10).status_code == 200
