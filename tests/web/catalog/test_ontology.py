"""The ontology documented and the shapes listed: every term anchored, every form the same graph."""

from __future__ import annotations

import html

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from coopgraph.build.layout import Build
from coopgraph.namespaces import SH
from tests.web.catalog.catalog_reading import (
    COOP,
    FORMS,
    TERM_TYPES,
    media,
    page,
    parse,
)


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_ontology_page_has_every_term_with_anchor_and_label(server: str, ontology_graph: Graph, lang: str) -> None:
    response = requests.get(f"{server}/ontology", params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    assert response.status_code == 200 and media(response) == "text/html"
    parsed = page(response.text)
    text = html.unescape(" ".join(parsed.text))
    terms = {s for t in TERM_TYPES for s in ontology_graph.subjects(RDF.type, t) if isinstance(s, URIRef)}
    own = {s for s in terms if str(s).startswith(COOP)}
    assert len(own) > 40
    for term in own:
        anchor = str(term)[len(COOP) :]
        assert anchor in parsed.ids, f"no anchor #{anchor}"
        labels = [o for o in ontology_graph.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == lang]
        assert labels, f"{term} has no {lang} label"
        assert all(str(label) in text for label in labels), f"{lang} label of {term} missing"
    for term in terms - own:  # external terms the ontology declares are listed, as links
        assert f'href="{term}"' in response.text, term
    assert 'href="/shapes' in response.text and "table" in response.text
    assert "toc-title" in parsed.ids  # a table of contents


def test_ontology_page_follows_the_language(server: str) -> None:
    en = requests.get(f"{server}/ontology", headers={"Accept": "text/html", "Accept-Language": "en"}, timeout=10)
    lv = requests.get(f"{server}/ontology", headers={"Accept": "text/html", "Accept-Language": "lv"}, timeout=10)
    assert '<html lang="en">' in en.text and '<html lang="lv">' in lv.text
    assert "Apakšklase no" in lv.text and "Subclass of" in en.text
    assert "Accept-Language" in lv.headers["Vary"]
    assert en.headers["ETag"] != lv.headers["ETag"]


@pytest.mark.parametrize("suffix", list(FORMS))
def test_ontology_rdf_forms_are_the_ontology_graph(server: str, ontology_graph: Graph, suffix: str) -> None:
    response = requests.get(f"{server}/ontology{suffix}", timeout=10)
    assert response.status_code == 200
    assert media(response) == FORMS[suffix][0]
    graph = parse(response)
    assert len(graph) == len(ontology_graph)
    assert isomorphic(graph, ontology_graph)
    assert (URIRef(COOP + "Municipality"), RDF.type, OWL.Class) in graph


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("text/html;q=0.1, application/rdf+xml;q=0.8, text/turtle;q=0.7", "application/rdf+xml"),
        ("application/json;q=0.2, text/*;q=0.5", "text/html"),
        ("image/png", 406),
        ("text/html;q=0, image/png", 406),
    ],
)
def test_ontology_negotiation(server: str, accept: str | None, expected: str | int) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    if accept is None:
        session = requests.Session()
        session.headers.pop("Accept", None)
        response = session.get(f"{server}/ontology", timeout=10)
    else:
        response = requests.get(f"{server}/ontology", headers=headers, timeout=10)
    assert "Accept" in response.headers["Vary"]
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == 200 and media(response) == expected
    links = response.headers["Link"]
    for suffix, (media_type, _) in FORMS.items():
        assert f'{server}/ontology{suffix}>; rel="alternate"; type="{media_type}"' in links
    extension = {"text/html": ".html", **{m: s for s, (m, _) in FORMS.items()}}[expected]
    assert response.headers["Content-Location"] == f"/ontology{extension}"


def test_ontology_format_parameter_and_unknown_suffix(server: str) -> None:
    assert media(requests.get(f"{server}/ontology", params={"format": "ttl"}, timeout=10)) == "text/turtle"
    assert requests.get(f"{server}/ontology", params={"format": "png"}, timeout=10).status_code == 400
    assert requests.get(f"{server}/ontology.png", timeout=10).status_code == 404


def test_ontology_revalidation(server: str) -> None:
    first = requests.get(f"{server}/ontology.ttl", timeout=10)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = requests.get(f"{server}/ontology.ttl", headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and not again.content
    since = requests.get(
        f"{server}/ontology.ttl", headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=10
    )
    assert since.status_code == 304


@pytest.mark.parametrize("suffix", list(FORMS))
def test_shapes_parse_and_have_node_shapes(server: str, published: Build, suffix: str) -> None:
    response = requests.get(f"{server}/shapes{suffix}", timeout=10)
    assert response.status_code == 200 and media(response) == FORMS[suffix][0]
    graph = parse(response)
    assert len(set(graph.subjects(RDF.type, SH.NodeShape))) > 5
    expected = Graph().parse(published.dumps_dir / "shapes.ttl")
    assert len(graph) == len(expected)


def test_shapes_page_lists_node_shapes_with_targets(server: str, published: Build) -> None:
    response = requests.get(f"{server}/shapes", headers={"Accept": "text/html"}, timeout=10)
    assert response.status_code == 200 and media(response) == "text/html"
    shapes = Graph().parse(published.dumps_dir / "shapes.ttl")
    for target in set(shapes.objects(None, SH.targetClass)):
        if str(target).startswith(COOP):
            assert f'/ontology?lang=en#{str(target)[len(COOP) :]}"' in response.text
