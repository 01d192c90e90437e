"""The ontology documented, the shapes, the dataset described (DCAT-AP, VoID) and the dumps, over real HTTP."""

from __future__ import annotations

import gzip
import html
import http.client
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, RDFS, XSD

from coopgraph.build.layout import Build
from coopgraph.build.validate import validate
from coopgraph.namespaces import ONTOLOGY_GRAPH, SH
from coopgraph.web.catalog.base import catalog_shapes

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef("https://w3id.org/coopgraph/dataset")
COOP = "https://w3id.org/coopgraph/ontology#"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
FORMS = {
    ".ttl": ("text/turtle", "turtle"),
    ".jsonld": ("application/ld+json", "json-ld"),
    ".rdf": ("application/rdf+xml", "xml"),
    ".nt": ("application/n-triples", "nt"),
}
PARSE_AS = dict(FORMS.values())


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page(body: str) -> Ids:
    parser = Ids()
    parser.feed(body)
    return parser


def media(response: requests.Response) -> str:
    return response.headers["Content-Type"].split(";")[0].strip()


def parse(response: requests.Response) -> Graph:
    return Graph().parse(data=response.content, format=PARSE_AS[media(response)])


@pytest.fixture(scope="module")
def ontology_graph(store: ox.Store) -> Graph:
    """The asserted ontology graph of the store, in rdflib."""
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))]
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=out.getvalue(), format="nt")


def count(store: ox.Store, query: str) -> int:
    prefixes = {"skos": "http://www.w3.org/2004/02/skos/core#", "coop": COOP}
    return int(next(iter(store.query(query, use_default_graph_as_union=True, prefixes=prefixes)))[0].value)


# ---------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# The shapes
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# The dataset described
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def description(server: str) -> Graph:
    response = requests.get(f"{server}/dataset.ttl", timeout=30)
    assert response.status_code == 200 and media(response) == "text/turtle"
    return parse(response)


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/dataset", "text/turtle", "text/turtle"),
        ("/dataset", "application/ld+json", "application/ld+json"),
        ("/dataset.jsonld", None, "application/ld+json"),
        ("/dataset.rdf", None, "application/rdf+xml"),
        ("/catalog", "text/turtle", "text/turtle"),
        ("/catalog.jsonld", None, "application/ld+json"),
        ("/.well-known/void", None, "text/turtle"),
        ("/.well-known/void", "*/*", "text/turtle"),
        ("/.well-known/void", "application/ld+json", "application/ld+json"),
    ],
)
def test_descriptions_parse_and_validate(server: str, path: str, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server + path, headers=headers, timeout=30)
    assert response.status_code == 200 and media(response) == expected
    graph = parse(response)
    report = validate(graph, catalog_shapes())
    assert report.conforms, report.as_text()
    assert not report.violations() and not report.warnings(), report.as_text()
    assert (URIRef("https://w3id.org/coopgraph/catalog"), RDF.type, DCAT.Catalog) in graph
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (DATASET, RDF.type, DCAT.Dataset) in graph


def test_void_refuses_html_only(server: str) -> None:
    assert requests.get(f"{server}/.well-known/void", headers={"Accept": "text/html"}, timeout=10).status_code == 406


def test_broken_descriptions_are_caught(description: Graph) -> None:
    shapes = catalog_shapes()
    broken = Graph()
    for triple in description:
        broken.add(triple)
    distribution = next(description.objects(DATASET, DCAT.distribution))
    broken.remove((distribution, DCAT.accessURL, None))
    report = validate(broken, shapes)
    assert not report.conforms
    assert [(v.focus, v.path) for v in report.violations()] == [(str(distribution), "dcat:accessURL")]

    broken = Graph()
    for triple in description:
        broken.add(triple)
    broken.remove((DATASET, VOID.triples, None))
    broken.add((DATASET, VOID.triples, Literal("many")))
    service = next(description.subjects(RDF.type, DCAT.DataService))
    broken.remove((service, DCAT.endpointURL, None))
    report = validate(broken, shapes)
    found = {(v.focus, v.path) for v in report.violations()}
    assert (str(DATASET), "void:triples") in found
    assert (str(service), "dcat:endpointURL") in found


def test_void_triples_is_the_store_count(description: Graph, store: ox.Store, published: Build) -> None:
    triples = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    stated = description.value(DATASET, VOID.triples)
    assert stated.datatype == XSD.integer
    assert int(stated) == triples == published.manifest["triples"]
    classes = {
        str(description.value(p, VOID["class"])): int(description.value(p, VOID.entities))
        for p in description.objects(DATASET, VOID.classPartition)
    }
    assert classes[COOP + "CooperationAgreement"] == count(
        store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a coop:CooperationAgreement }"
    )
    assert int(description.value(DATASET, VOID.classes)) == len(classes)
    properties = list(description.objects(DATASET, VOID.propertyPartition))
    assert sum(int(description.value(p, VOID.triples)) for p in properties) == triples
    vocabularies = set(description.objects(DATASET, VOID.vocabulary))
    for used in (COOP, "https://schema.org/", "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#"):
        assert URIRef(used) in vocabularies
    assert str(description.value(DATASET, VOID.uriSpace)) == "https://w3id.org/coopgraph/id/"


def test_downloads_and_dumps_resolve_with_the_declared_media_type(server: str, description: Graph) -> None:
    downloads = {}
    for distribution in description.objects(DATASET, DCAT.distribution):
        url = str(description.value(distribution, DCAT.downloadURL))
        assert str(description.value(distribution, DCAT.accessURL)) == url
        declared = str(description.value(distribution, DCAT.mediaType))
        downloads[url] = declared.removeprefix("http://www.iana.org/assignments/media-types/")
        assert str(description.value(distribution, DCTERMS_FORMAT)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
    dumps = {str(url) for url in description.objects(DATASET, VOID.dataDump)}
    assert len(downloads) == 5 and set(downloads) == dumps
    for url, declared in downloads.items():
        assert url.startswith(server + "/dumps/")
        response = requests.get(url, timeout=30)  # requests accepts gzip
        assert response.status_code == 200, url
        assert media(response) == declared, url
        size = int(description.value(next(description.subjects(DCAT.downloadURL, URIRef(url))), DCAT.byteSize))
        assert int(response.headers["Content-Length"]) == size


def test_sparql_endpoint_of_the_description_answers(description: Graph, server: str) -> None:
    endpoint = str(description.value(DATASET, VOID.sparqlEndpoint))
    assert endpoint == f"{server}/sparql"
    service = next(description.subjects(RDF.type, DCAT.DataService))
    assert str(description.value(service, DCAT.endpointURL)) == endpoint
    assert (service, DCAT.servesDataset, DATASET) in description
    answer = requests.get(
        endpoint,
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_wikidata_linkset_counts_the_links(description: Graph, store: ox.Store) -> None:
    linkset = URIRef("https://w3id.org/coopgraph/id/linkset/wikidata")
    assert (DATASET, VOID.subset, linkset) in description
    assert (linkset, RDF.type, VOID.Linkset) in description
    assert set(description.objects(linkset, VOID.target)) == {DATASET, URIRef("http://www.wikidata.org/")}
    links = count(
        store,
        """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        VALUES ?p { skos:exactMatch skos:closeMatch } ?s ?p ?o
        FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")
               && STRSTARTS(STR(?s), "https://w3id.org/coopgraph/id/")) } }""",
    )
    assert links > 20
    assert int(description.value(linkset, VOID.triples)) == links


def test_temporal_coverage_starts_at_the_earliest_agreement(description: Graph, store: ox.Store) -> None:
    period = description.value(DATASET, URIRef("http://purl.org/dc/terms/temporal"))
    start = description.value(period, DCAT.startDate)
    assert start == Literal("1993-12-17", datatype=XSD.date)
    earliest = min(
        row["d"].value
        for row in store.query(
            "SELECT ?d WHERE { ?a a coop:CooperationAgreement ; coop:concluded ?d FILTER(DATATYPE(?d) = xsd:date) }",
            use_default_graph_as_union=True,
            prefixes={"coop": COOP, "xsd": "http://www.w3.org/2001/XMLSchema#"},
        )
    )
    assert str(start) == earliest
    assert description.value(period, DCAT.endDate).toPython() >= start.toPython()


def test_dataset_page_shows_the_description(server: str, description: Graph) -> None:
    response = requests.get(f"{server}/dataset", params={"lang": "lv"}, headers={"Accept": "text/html"}, timeout=10)
    assert response.status_code == 200 and media(response) == "text/html"
    text = html.unescape(response.text)
    assert "Daugavpils starptautiskā sadarbība" in text
    assert str(int(description.value(DATASET, VOID.triples))) in text
    assert "1993-12-17" in text and 'href="/dumps/coopgraph.nt.gz"' in text and 'href="/sparql"' in text


# ---------------------------------------------------------------------------
# The dumps
# ---------------------------------------------------------------------------

DCTERMS_FORMAT = URIRef("http://purl.org/dc/terms/format")


def raw(server: str, name: str, encoding: str) -> requests.Response:
    return requests.get(f"{server}/dumps/{name}", headers={"Accept-Encoding": encoding}, stream=True, timeout=30)


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
        "/dumps/",
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


def test_home_navigation_endpoints_exist(server: str) -> None:
    response = requests.get(f"{server}/dataset", headers={"Accept": "text/html"}, timeout=10)
    assert re.search(r'href="/ontology\?lang=en"', response.text)
    assert re.search(r'href="/dataset\?lang=en"', response.text)
