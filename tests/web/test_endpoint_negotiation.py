"""Content negotiation, the service description, CORS and caching of the /sparql endpoint.

Every answer is parsed back in the format it claims to be and checked for the
right content (the 23 agreements, the 4 projects, Radom's labels), so a wrong
media type, a wrong serialisation or a wrong answer all fail.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from coopgraph.namespaces import COOP, ID, PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SRX = "{http://www.w3.org/2005/sparql-results#}"

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"

RADOM = ID["municipality/radom"]
SELECT = "SELECT ?a WHERE { ?a a coop:CooperationAgreement }"
ASK = f"ASK {{ <{RADOM}> a coop:Municipality }}"
CONSTRUCT = "CONSTRUCT { ?p a coop:Project } WHERE { ?p a coop:Project }"
DESCRIBE = f"DESCRIBE <{RADOM}>"
QUERIES = {"select": SELECT, "ask": ASK, "construct": CONSTRUCT, "describe": DESCRIBE}

RDFLIB_FORMAT = {TURTLE: "turtle", JSONLD: "json-ld", RDFXML: "xml", NTRIPLES: "nt", NQUADS: "nquads"}
GRAPH_FORMAT_PARAM = {"turtle": TURTLE, "jsonld": JSONLD, "rdfxml": RDFXML, "ntriples": NTRIPLES, "nquads": NQUADS}
RESULT_FORMAT_PARAM = {"json": JSON_RESULTS, "xml": XML_RESULTS, "csv": CSV, "tsv": TSV}


# ---------------------------------------------------------------- helpers


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def header_tokens(response: requests.Response, name: str) -> set[str]:
    return {token.strip().lower() for token in response.headers.get(name, "").split(",") if token.strip()}


def get(base: str, query: str | None = None, accept: str | None = None, **params: str) -> requests.Response:
    """GET /sparql; ``accept=None`` sends no Accept header at all."""
    if query is not None:
        params["query"] = query
    return requests.get(f"{base}/sparql", params=params, headers={"Accept": accept}, timeout=30)


def _tsv_term(text: str) -> str:
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith('"'):
        end = text.rindex('"')
        return text[1:end].encode().decode("unicode_escape") if "\\" in text else text[1:end]
    return text


def solutions(response: requests.Response) -> list[dict[str, str]]:
    """SELECT results, whatever results format they came in, as {variable: lexical value or IRI}."""
    kind = media_type(response)
    if kind in (JSON_RESULTS, "application/json"):
        body = json.loads(response.content)
        return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]
    if kind == XML_RESULTS:
        root = ET.fromstring(response.content)
        rows = []
        for result in root.iter(f"{SRX}result"):
            row = {}
            for binding in result.findall(f"{SRX}binding"):
                term = binding[0]
                row[binding.get("name")] = term.text or ""
            rows.append(row)
        return rows
    if kind == CSV:
        return [dict(row) for row in csv.DictReader(io.StringIO(response.content.decode("utf-8")))]
    if kind == TSV:
        lines = response.content.decode("utf-8").splitlines()
        names = [name.lstrip("?") for name in lines[0].split("\t")]
        return [
            {n: _tsv_term(v) for n, v in zip(names, line.split("\t"), strict=True) if v} for line in lines[1:] if line
        ]
    raise AssertionError(f"not a SELECT results format: {response.headers.get('Content-Type')!r}")


def boolean(response: requests.Response) -> bool:
    kind = media_type(response)
    if kind in (JSON_RESULTS, "application/json"):
        return bool(json.loads(response.content)["boolean"])
    if kind == XML_RESULTS:
        element = ET.fromstring(response.content).find(f"{SRX}boolean")
        assert element is not None and element.text in ("true", "false")
        return element.text == "true"
    if kind in (CSV, TSV):
        return response.content.decode().strip().splitlines()[-1] == "true"
    raise AssertionError(f"not an ASK results format: {response.headers.get('Content-Type')!r}")


def graph(response: requests.Response) -> Graph:
    """A CONSTRUCT/DESCRIBE answer (or the service description) parsed as RDF; quads are merged."""
    kind = media_type(response)
    assert kind in RDFLIB_FORMAT, f"not an RDF format: {response.headers.get('Content-Type')!r}"
    if kind == NQUADS:
        dataset = Dataset()
        dataset.parse(data=response.content, format="nquads")
        merged = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return Graph().parse(data=response.content, format=RDFLIB_FORMAT[kind], publicID="urn:x-base:")


def agreements_in(rows: list[dict[str, str]]) -> set[str]:
    return {row["a"] for row in rows}


def projects_in(g: Graph) -> set[str]:
    return {str(s) for s in g.subjects(RDF.type, COOP.Project)}


@pytest.fixture(scope="module")
def truth(store: ox.Store) -> dict[str, Any]:
    """The right answers, read from the published store itself, not through HTTP."""

    def select(query: str, var: str) -> set[str]:
        return {str(row[var].value) for row in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)}

    agreements = select(SELECT, "a")
    projects = select("SELECT ?p WHERE { ?p a coop:Project }", "p")
    assert len(agreements) == 23 and len(projects) == 4
    return {"agreements": agreements, "projects": projects}


def check_answer(form: str, response: requests.Response, truth: dict[str, Any]) -> None:
    """The response, parsed in its own format, carries the right answer for the query form."""
    if form == "select":
        assert agreements_in(solutions(response)) == truth["agreements"]
    elif form == "ask":
        assert boolean(response) is True
    elif form == "construct":
        g = graph(response)
        assert projects_in(g) == truth["projects"] and len(g) == 4
    else:
        g = graph(response)
        assert (RADOM, RDFS.label, Literal("Radom", lang="en")) in g
        assert (RADOM, RDF.type, COOP.Municipality) in g


# ---------------------------------------------------------------- Accept header


EDITOR = "the editor"
"""Expected where HTML is preferred: a GET then opens the query editor with the query (a followed link)."""

ACCEPT_TABLE: list[tuple[str, str | None, set[str] | int | str]] = [
    # SELECT
    ("select", None, {JSON_RESULTS}),
    ("select", "*/*", {JSON_RESULTS}),
    ("select", "application/json", {JSON_RESULTS, "application/json"}),
    ("select", JSON_RESULTS, {JSON_RESULTS}),
    ("select", XML_RESULTS, {XML_RESULTS}),
    ("select", CSV, {CSV}),
    ("select", TSV, {TSV}),
    ("select", f"{CSV};q=0.5, {XML_RESULTS}", {XML_RESULTS}),
    ("select", f"{XML_RESULTS};q=0.2, {CSV};q=0.9", {CSV}),
    ("select", f"{TSV};q=0.3, {CSV};q=0.2, */*;q=0.1", {TSV}),
    ("select", f"text/html, {XML_RESULTS};q=0.9", EDITOR),
    ("select", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", EDITOR),
    ("select", f"text/html;q=0.5, {XML_RESULTS}", {XML_RESULTS}),
    ("select", "text/*", {CSV, TSV}),
    ("select", f"{JSON_RESULTS};q=0, {XML_RESULTS}", {XML_RESULTS}),
    ("select", "text/html", EDITOR),
    ("select", TURTLE, 406),
    ("select", f"{JSON_RESULTS};q=0", 406),
    # ASK
    ("ask", None, {JSON_RESULTS}),
    ("ask", "*/*", {JSON_RESULTS}),
    ("ask", XML_RESULTS, {XML_RESULTS}),
    ("ask", f"{JSON_RESULTS};q=0.1, {XML_RESULTS};q=0.8", {XML_RESULTS}),
    ("ask", "text/html", EDITOR),
    ("ask", JSONLD, 406),
    # CONSTRUCT
    ("construct", None, {TURTLE}),
    ("construct", "*/*", {TURTLE}),
    ("construct", TURTLE, {TURTLE}),
    ("construct", JSONLD, {JSONLD}),
    ("construct", RDFXML, {RDFXML}),
    ("construct", NTRIPLES, {NTRIPLES}),
    ("construct", NQUADS, {NQUADS}),
    ("construct", f"{TURTLE};q=0.1, {JSONLD}", {JSONLD}),
    ("construct", f"{RDFXML};q=0.5, {NTRIPLES};q=0.8", {NTRIPLES}),
    ("construct", f"text/html, {RDFXML};q=0.4", EDITOR),
    ("construct", f"text/html;q=0.3, {RDFXML};q=0.4", {RDFXML}),
    ("construct", JSON_RESULTS, 406),
    ("construct", "text/html", EDITOR),
    ("construct", f"{TURTLE};q=0", 406),
    # DESCRIBE
    ("describe", None, {TURTLE}),
    ("describe", "*/*", {TURTLE}),
    ("describe", NTRIPLES, {NTRIPLES}),
    ("describe", f"{NTRIPLES};q=0.2, {JSONLD};q=0.7", {JSONLD}),
    ("describe", CSV, 406),
]


@pytest.mark.parametrize(
    ("form", "accept", "expected"),
    ACCEPT_TABLE,
    ids=[f"{form}-{accept or 'no-accept'}" for form, accept, _ in ACCEPT_TABLE],
)
def test_accept_header_picks_the_format(
    server: str, truth: dict[str, Any], form: str, accept: str | None, expected: set[str] | int | str
) -> None:
    response = get(server, QUERIES[form], accept=accept)
    assert "accept" in header_tokens(response, "Vary")
    if expected == EDITOR:  # a browser following a query link: the editor, holding the query to run
        assert response.status_code == 200 and media_type(response) == "text/html"
        config = response.text.split('<script id="editor-config" type="application/json">', 1)[1]
        assert json.loads(config.split("</script>", 1)[0])["linkedQuery"] == QUERIES[form]
        return
    if isinstance(expected, int):
        assert response.status_code == expected, response.text[:300]
        assert media_type(response) == "text/plain"
        assert response.text.strip(), "a 406 says what was wrong"
        return
    assert response.status_code == 200, response.text[:300]
    assert media_type(response) in expected
    check_answer(form, response, truth)


@pytest.mark.parametrize("method", ["form", "direct"])
@pytest.mark.parametrize(
    ("form", "accept", "expected"),
    [
        ("select", f"{CSV};q=0.5, {XML_RESULTS}", XML_RESULTS),
        ("construct", f"{TURTLE};q=0.1, {JSONLD}", JSONLD),
        ("ask", XML_RESULTS, XML_RESULTS),
    ],
)
def test_accept_header_is_honoured_on_post(
    server: str, truth: dict[str, Any], method: str, form: str, accept: str, expected: str
) -> None:
    if method == "form":
        response = requests.post(
            f"{server}/sparql", data={"query": QUERIES[form]}, headers={"Accept": accept}, timeout=30
        )
    else:
        response = requests.post(
            f"{server}/sparql",
            data=QUERIES[form].encode(),
            headers={"Accept": accept, "Content-Type": "application/sparql-query"},
            timeout=30,
        )
    assert response.status_code == 200, response.text[:300]
    assert media_type(response) == expected
    assert "accept" in header_tokens(response, "Vary")
    check_answer(form, response, truth)


# ---------------------------------------------------------------- format parameter


@pytest.mark.parametrize("fmt", list(RESULT_FORMAT_PARAM))
@pytest.mark.parametrize("form", ["select", "ask"])
def test_format_parameter_wins_over_accept_for_results(server: str, truth: dict[str, Any], form: str, fmt: str) -> None:
    if form == "ask" and fmt in ("csv", "tsv"):
        # CSV/TSV are tabular formats; a boolean in them is not standardised, only asked to be answered.
        response = get(server, ASK, accept=JSON_RESULTS, format=fmt)
        assert response.status_code == 200, response.text[:300]
        assert media_type(response) == RESULT_FORMAT_PARAM[fmt]
        return
    contrary = XML_RESULTS if fmt != "xml" else JSON_RESULTS
    response = get(server, QUERIES[form], accept=contrary, format=fmt)
    assert response.status_code == 200, response.text[:300]
    assert media_type(response) == RESULT_FORMAT_PARAM[fmt]
    check_answer(form, response, truth)


@pytest.mark.parametrize("fmt", list(GRAPH_FORMAT_PARAM))
@pytest.mark.parametrize("form", ["construct", "describe"])
def test_format_parameter_wins_over_accept_for_graphs(server: str, truth: dict[str, Any], form: str, fmt: str) -> None:
    contrary = RDFXML if fmt != "rdfxml" else TURTLE
    response = get(server, QUERIES[form], accept=contrary, format=fmt)
    assert response.status_code == 200, response.text[:300]
    assert media_type(response) == GRAPH_FORMAT_PARAM[fmt]
    check_answer(form, response, truth)


def test_format_parameter_wins_even_over_an_unacceptable_accept(server: str, truth: dict[str, Any]) -> None:
    response = get(server, SELECT, accept="text/html", format="csv")
    assert response.status_code == 200, response.text[:300]
    assert media_type(response) == CSV
    check_answer("select", response, truth)


def test_format_parameter_in_a_post_form(server: str, truth: dict[str, Any]) -> None:
    response = requests.post(f"{server}/sparql", data={"query": SELECT, "format": "tsv"}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    assert media_type(response) == TSV
    check_answer("select", response, truth)


@pytest.mark.parametrize(
    ("form", "fmt"), [("select", "turtle"), ("construct", "csv"), ("select", "bogus"), ("construct", "nonsense")]
)
def test_format_parameter_that_does_not_fit_is_a_client_error(server: str, form: str, fmt: str) -> None:
    response = get(server, QUERIES[form], format=fmt)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert media_type(response) == "text/plain"
    assert response.text.strip()


# ---------------------------------------------------------------- Vary and CORS on every answer


def _answers(server: str) -> dict[str, requests.Response]:
    url = f"{server}/sparql"
    return {
        "select-200": get(server, SELECT),
        "construct-200": get(server, CONSTRUCT),
        "post-form-200": requests.post(url, data={"query": ASK}, timeout=30),
        "syntax-400": get(server, "SELECT * WHERE { ?s ?p }"),
        "update-403": requests.post(url, data={"update": "CLEAR ALL"}, timeout=30),
        "put-405": requests.put(url, params={"query": "ASK {}"}, timeout=30),
        "not-acceptable-406": get(server, SELECT, accept=TURTLE),
        "media-type-415": requests.post(url, data=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=30),
        "service-description": get(server),
        "html-editor": get(server, accept="text/html"),
    }


@pytest.fixture(scope="module")
def answers(server: str) -> dict[str, requests.Response]:
    return _answers(server)


@pytest.mark.parametrize(
    "name",
    [
        "select-200",
        "construct-200",
        "post-form-200",
        "syntax-400",
        "update-403",
        "put-405",
        "not-acceptable-406",
        "media-type-415",
        "service-description",
        "html-editor",
    ],
)
def test_every_answer_has_vary_accept_and_cors(answers: dict[str, requests.Response], name: str) -> None:
    response = answers[name]
    expected_status = {"400": 400, "403": 403, "405": 405, "406": 406, "415": 415}.get(name.rsplit("-", 1)[-1], 200)
    assert response.status_code == expected_status, (response.status_code, response.text[:300])
    assert "accept" in header_tokens(response, "Vary"), response.headers
    assert response.headers.get("Access-Control-Allow-Origin") == "*", response.headers


@pytest.mark.parametrize("name", ["syntax-400", "update-403", "put-405", "not-acceptable-406", "media-type-415"])
def test_errors_are_plain_utf8_text(answers: dict[str, requests.Response], name: str) -> None:
    response = answers[name]
    assert response.headers["Content-Type"].replace(" ", "").lower() == "text/plain;charset=utf-8"
    assert len(response.text.strip()) > 5


def test_cors_preflight(server: str) -> None:
    response = requests.options(
        f"{server}/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert response.status_code in (200, 204)
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    methods = header_tokens(response, "Access-Control-Allow-Methods")
    assert {"get", "post"} <= methods or "*" in methods, response.headers
    allowed = header_tokens(response, "Access-Control-Allow-Headers")
    assert "content-type" in allowed or "*" in allowed, response.headers


def test_cors_on_a_cross_origin_get(server: str) -> None:
    response = requests.get(
        f"{server}/sparql", params={"query": ASK}, headers={"Origin": "https://example.org"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == "*"


# ---------------------------------------------------------------- HEAD


@pytest.mark.parametrize("query", [SELECT, CONSTRUCT, None], ids=["select", "construct", "service-description"])
def test_head_is_get_without_a_body(server: str, query: str | None) -> None:
    params = {"query": query} if query else {}
    headers = {} if query else {"Accept": TURTLE}
    full = requests.get(f"{server}/sparql", params=params, headers=headers, timeout=30)
    head = requests.head(f"{server}/sparql", params=params, headers=headers, timeout=30)
    assert full.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Type"] == full.headers["Content-Type"]
    assert head.headers.get("ETag") == full.headers.get("ETag")
    assert head.headers.get("Access-Control-Allow-Origin") == "*"


# ---------------------------------------------------------------- service description


def service_description(response: requests.Response) -> tuple[Graph, URIRef]:
    assert response.status_code == 200, response.text[:300]
    g = graph(response)
    endpoints = list(g.objects(None, SD.endpoint))
    assert len(endpoints) == 1, endpoints
    return g, endpoints[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, TURTLE),
        ("*/*", TURTLE),
        (TURTLE, TURTLE),
        (JSONLD, JSONLD),
        (RDFXML, RDFXML),
        (NTRIPLES, NTRIPLES),
        (f"{TURTLE};q=0.2, {NTRIPLES}", NTRIPLES),
    ],
)
def test_service_description_by_negotiation(server: str, accept: str | None, expected: str) -> None:
    response = get(server, accept=accept)
    assert media_type(response) == expected
    g, endpoint = service_description(response)
    assert endpoint == URIRef(f"{server}/sparql")
    assert "accept" in header_tokens(response, "Vary")
    turtle, _ = service_description(get(server, accept=TURTLE))
    assert isomorphic(g, turtle), "every format describes the same service"


def test_service_description_says_what_the_service_does(server: str) -> None:
    g, endpoint = service_description(get(server))
    service = g.value(predicate=SD.endpoint, object=endpoint)
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g, "the service is read-only"
    formats = set(g.objects(service, SD.resultFormat))
    expected = {
        FORMATS.SPARQL_Results_JSON,
        FORMATS.SPARQL_Results_XML,
        FORMATS.SPARQL_Results_CSV,
        FORMATS.SPARQL_Results_TSV,
        FORMATS.Turtle,
        FORMATS["JSON-LD"],
        FORMATS.RDF_XML,
        FORMATS["N-Triples"],
        FORMATS["N-Quads"],
    }
    assert expected <= formats, f"missing sd:resultFormat: {sorted(expected - formats)}"
    dataset = g.value(service, SD.defaultDataset)
    assert dataset is not None, "no sd:defaultDataset"
    assert g.value(dataset, SD.defaultGraph) is not None, "the default dataset has no sd:defaultGraph"


def test_service_description_endpoint_is_the_url_requested_without_query_string(server: str) -> None:
    _, endpoint = service_description(get(server, accept=TURTLE, unrelated="x", foo="bar"))
    assert endpoint == URIRef(f"{server}/sparql")


def test_service_description_endpoint_follows_the_host_header(server: str) -> None:
    response = requests.get(f"{server}/sparql", headers={"Host": "data.example.org:8443", "Accept": TURTLE}, timeout=30)
    _, endpoint = service_description(response)
    assert endpoint == URIRef("http://data.example.org:8443/sparql")


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"])
def test_html_editor_for_browsers(server: str, accept: str) -> None:
    response = get(server, accept=accept)
    assert response.status_code == 200
    assert media_type(response) == "text/html"
    body = response.text.lower()
    assert "<html" in body and "sparql" in body
    assert "accept" in header_tokens(response, "Vary")


# ---------------------------------------------------------------- ETag and Last-Modified


def _conditional(server: str, query: str | None, **headers: str) -> requests.Response:
    """GET the query (or, for None, the service description as Turtle) with extra headers."""
    params = {"query": query} if query else {}
    accept = {} if query else {"Accept": TURTLE}
    return requests.get(f"{server}/sparql", params=params, headers={**accept, **headers}, timeout=30)


@pytest.mark.parametrize("query", [SELECT, CONSTRUCT, None], ids=["select", "construct", "service-description"])
def test_conditional_get_with_etag(server: str, query: str | None) -> None:
    first = _conditional(server, query)
    assert first.status_code == 200
    etag = first.headers.get("ETag")
    assert etag, "no ETag"
    again = _conditional(server, query, **{"If-None-Match": etag})
    assert again.status_code == 304, again.text[:300]
    assert again.content == b""
    assert again.headers.get("ETag") == etag
    other = _conditional(server, query, **{"If-None-Match": '"not-the-etag"'})
    assert other.status_code == 200 and other.content == first.content


@pytest.mark.parametrize("query", [SELECT, None], ids=["select", "service-description"])
def test_conditional_get_with_last_modified(server: str, query: str | None) -> None:
    first = _conditional(server, query)
    last_modified = first.headers.get("Last-Modified")
    assert last_modified, "no Last-Modified"
    assert parsedate_to_datetime(last_modified).tzinfo is not None
    again = _conditional(server, query, **{"If-Modified-Since": last_modified})
    assert again.status_code == 304
    assert again.content == b""
    old = _conditional(server, query, **{"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})
    assert old.status_code == 200 and old.content == first.content


def test_etag_is_the_same_from_every_worker_and_differs_per_query(server: str) -> None:
    etags = {get(server, SELECT).headers.get("ETag") for _ in range(8)}
    assert len(etags) == 1 and None not in etags, etags
    assert get(server, ASK).headers.get("ETag") not in etags
    assert get(server, SELECT + " LIMIT 3").headers.get("ETag") not in etags


def test_etag_differs_per_representation(server: str) -> None:
    """A strong validator names one representation: JSON and CSV of one query are not the same bytes."""
    as_json = get(server, SELECT, accept=JSON_RESULTS)
    as_csv = get(server, SELECT, accept=CSV)
    assert as_json.headers.get("ETag") and as_csv.headers.get("ETag")
    assert as_json.headers["ETag"] != as_csv.headers["ETag"]
    cross = requests.get(
        f"{server}/sparql",
        params={"query": SELECT},
        headers={"Accept": CSV, "If-None-Match": as_json.headers["ETag"]},
        timeout=30,
    )
    assert cross.status_code == 200 and media_type(cross) == CSV


def test_a_post_preferring_html_is_still_not_acceptable(server: str) -> None:
    """Only a followed link (GET) opens the editor; a POST is a client's request for results."""
    response = requests.post(f"{server}/sparql", data={"query": SELECT}, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 406 and media_type(response) == "text/plain"
