"""What a person or a client sees when a query goes wrong, or holds what a format cannot easily carry.

All against a real ``coopgraph serve``: a mistyped query is told in words with
a caret under it, no query ever yields a 500, triple terms are written as the
SPARQL 1.2 result formats write them, and the small HTTP details (one charset,
``SELECT *`` in the query's order, a browser following a query link) hold.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import requests

SRX = "{http://www.w3.org/2005/sparql-results#}"
ACCEPT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
TRIPLE = "SELECT ?t WHERE { BIND(<<( <http://a> <http://b> <http://c> )>> AS ?t) }"


def ask(server: str, query: str, fmt: str = "json", accept: str | None = None) -> requests.Response:
    headers = {"Accept": accept or ACCEPT[fmt]}
    return requests.get(f"{server}/sparql", params={"query": query}, headers=headers, timeout=30)


def plain_error(response: requests.Response, status: int) -> list[str]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    return response.text.splitlines()


@pytest.mark.parametrize(
    ("query", "sentence", "marked"),
    [
        ("SELECT ?x WHERE { ?x a foo:Bar }", "the prefix foo: is not declared", "foo:Bar"),
        ("SELECT ?x WHERE { ?x a coop:Municipality", "this { is never closed: add }", "{ ?x"),
        ("SELECT ?x WHERE { ?x a coop:Municipality ?x coop:name ?n }", "a dot is missing", "?x coop:name"),
    ],
)
def test_a_mistyped_query_is_told_in_words_with_a_caret(server: str, query: str, sentence: str, marked: str) -> None:
    first, quoted, caret = plain_error(ask(server, query), 400)
    assert first.startswith("400 Bad Request: SPARQL syntax error at line 1, column ")
    assert sentence in first and first.count("line ") == 1 and "expected one of" not in first
    assert quoted == "  " + query
    assert quoted[caret.index("^") :].startswith(marked)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_triple_term_is_written_as_sparql_1_2_writes_it(server: str, fmt: str) -> None:
    response = ask(server, TRIPLE, fmt)
    assert response.status_code == 200, response.text
    if fmt == "json":
        term = response.json()["results"]["bindings"][0]["t"]
        assert term == {
            "type": "triple",
            "value": {
                "subject": {"type": "uri", "value": "http://a"},
                "predicate": {"type": "uri", "value": "http://b"},
                "object": {"type": "uri", "value": "http://c"},
            },
        }
    elif fmt == "xml":
        triple = ET.fromstring(response.content).find(f".//{SRX}binding[@name='t']/{SRX}triple")
        assert triple is not None
        assert [part.findtext(f"{SRX}uri") for part in triple] == ["http://a", "http://b", "http://c"]
    else:
        delimiter = "," if fmt == "csv" else "\t"
        rows = list(csv.reader(io.StringIO(response.text, newline=""), delimiter=delimiter, quotechar='"'))
        assert rows[1] == ["<<( <http://a> <http://b> <http://c> )>>"]


def test_a_character_xml_cannot_carry_is_refused_in_rdf_xml_and_kept_in_turtle(server: str) -> None:
    query = 'CONSTRUCT { <http://a> <http://b> ?l } WHERE { BIND("a\\u0001b" AS ?l) }'
    (line,) = plain_error(ask(server, query, accept="application/rdf+xml"), 406)
    assert "U+0001" in line
    turtle = ask(server, query, accept="text/turtle")
    assert turtle.status_code == 200
    (triple,) = ox.parse(turtle.content, ox.RdfFormat.TURTLE)
    assert triple.object.value == "a\x01b"


def test_a_character_xml_cannot_carry_is_refused_in_xml_and_kept_in_json(server: str) -> None:
    query = 'SELECT ?l WHERE { BIND("a\\u0001b" AS ?l) }'
    (line,) = plain_error(ask(server, query, "xml"), 406)
    assert "U+0001" in line and "JSON" in line
    assert ask(server, query, "json").json()["results"]["bindings"][0]["l"]["value"] == "a\x01b"


ODD_QUERIES = [
    TRIPLE,
    "SELECT ?t WHERE { BIND(TRIPLE(<http://a>, <http://b>, TRIPLE(BNODE(), <http://c>, 'x'@en)) AS ?t) }",
    'SELECT ?l WHERE { BIND("a\\u0001b" AS ?l) }',
    "SELECT ?x WHERE { BIND(1/0 AS ?x) }",
    "SELECT ?x WHERE { BIND(STRDT('x', <http://www.w3.org/2001/XMLSchema#integer>) AS ?x) }",
    "SELECT * WHERE { VALUES ?x { UNDEF } }",
    "ASK { FILTER(<<( <http://a> <http://b> <http://c> )>> = <<( <http://a> <http://b> <http://c> )>>) }",
    "SELECT (SUM(?x) AS ?s) WHERE { VALUES ?x { 'a' 1 } }",
    "SELECT ?x WHERE { } GROUP BY ?x",
    "SELECT ?x WHERE { ?x ?p ?o } ORDER BY (?nothing + 1) LIMIT 1",
]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_no_query_yields_a_500(server: str, query: str, fmt: str) -> None:
    response = ask(server, query, fmt)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        plain_error(response, response.status_code)
    elif fmt == "xml":
        ET.fromstring(response.content)  # well-formed
    elif fmt == "json":
        json.loads(response.content)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_the_charset_is_named_once(server: str, fmt: str) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for _ in range(2):  # the second answer comes from the cache
        content_type = ask(server, query, fmt).headers["Content-Type"]
        assert content_type == f"{ACCEPT[fmt]}; charset=utf-8"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_select_star_columns_come_in_the_order_of_the_query(server: str, fmt: str) -> None:
    response = ask(server, "SELECT * WHERE { ?subject ?predicate ?anObject } LIMIT 2", fmt)
    assert response.status_code == 200
    if fmt == "json":
        names = response.json()["head"]["vars"]
    elif fmt == "xml":
        names = [v.get("name") for v in ET.fromstring(response.content).iter(f"{SRX}variable")]
    else:
        names = [n.lstrip("?") for n in response.text.splitlines()[0].split("," if fmt == "csv" else "\t")]
    assert names == ["subject", "predicate", "anObject"]


def test_a_browser_following_a_query_link_gets_the_editor_holding_it(server: str) -> None:
    query = "SELECT ?m WHERE { ?m a coop:Municipality } LIMIT 3"
    page = ask(server, query, accept=BROWSER_ACCEPT)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    config = page.text.split('<script id="editor-config" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(config)["linkedQuery"] == query
    # clients that do not prefer HTML still get the results
    for accept in ("*/*", "application/sparql-results+json", "text/html;q=0.5,application/json"):
        assert ask(server, query, accept=accept).headers["Content-Type"].startswith("application/")
    assert requests.get(
        f"{server}/sparql", params={"query": query, "format": "json"}, headers={"Accept": BROWSER_ACCEPT}, timeout=30
    ).json()["results"]
