"""Real SPARQL clients against the endpoint: SPARQLWrapper and rdflib's SPARQLStore.

These are what researchers will point at the endpoint; each is used the way
its documentation shows, with its own defaults (SPARQLWrapper adds
``format``/``output``/``results`` parameters; SPARQLStore asks for XML results).
"""

from __future__ import annotations

import urllib.error
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from coopgraph.namespaces import COOP, ID, PREFIXES

RADOM = ID["municipality/radom"]
AGREEMENTS = "SELECT ?a WHERE { ?a a coop:CooperationAgreement }"
PROJECTS = "CONSTRUCT { ?p a coop:Project ; rdfs:label ?l } WHERE { ?p a coop:Project ; rdfs:label ?l }"


@pytest.fixture(scope="module")
def truth(store: ox.Store) -> dict[str, Any]:
    def select(query: str, var: str) -> set[str]:
        return {str(row[var].value) for row in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)}

    (count,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return {
        "agreements": select(AGREEMENTS, "a"),
        "projects": select("SELECT ?p WHERE { ?p a coop:Project }", "p"),
        "project_labels": len(select("SELECT ?p ?l WHERE { ?p a coop:Project ; rdfs:label ?l }", "l")),
        "triples": int(count["n"].value),
    }


def wrapper(server: str, query: str, return_format: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    return sparql


def run(sparql: SPARQLWrapper) -> Any:
    """The converted answer, with the HTTP response closed (SPARQLWrapper leaves it open)."""
    result = sparql.query()
    try:
        return result.convert()
    finally:
        result.response.close()


# ---------------------------------------------------------------- SPARQLWrapper


@pytest.mark.parametrize(
    ("method", "request_method"),
    [(None, None), (POST, URLENCODED), (POST, POSTDIRECTLY)],
    ids=["get", "post-form", "post-direct"],
)
def test_sparqlwrapper_select_json(
    server: str, truth: dict[str, Any], method: str | None, request_method: str | None
) -> None:
    sparql = wrapper(server, AGREEMENTS)
    if method:
        sparql.setMethod(method)
        sparql.setRequestMethod(request_method)
    results = run(sparql)
    found = {row["a"]["value"] for row in results["results"]["bindings"]}
    assert len(found) == 23 and found == truth["agreements"]


def test_sparqlwrapper_select_xml_and_csv(server: str, truth: dict[str, Any]) -> None:
    document = run(wrapper(server, AGREEMENTS, XML))
    uris = {node.firstChild.data for node in document.getElementsByTagName("uri")}
    assert uris == truth["agreements"]
    table = run(wrapper(server, AGREEMENTS, CSV)).decode("utf-8").splitlines()
    assert table[0].strip() == "a" and {line.strip() for line in table[1:]} == truth["agreements"]


@pytest.mark.parametrize("return_format", [JSON, XML])
def test_sparqlwrapper_ask(server: str, return_format: str) -> None:
    yes = run(wrapper(server, f"ASK {{ <{RADOM}> a coop:Municipality }}", return_format))
    no = run(wrapper(server, f"ASK {{ <{RADOM}> a coop:Project }}", return_format))
    if return_format == JSON:
        assert yes["boolean"] is True and no["boolean"] is False
    else:
        assert yes.getElementsByTagName("boolean")[0].firstChild.data == "true"
        assert no.getElementsByTagName("boolean")[0].firstChild.data == "false"


def _as_graph(converted: Any, rdflib_format: str) -> Graph:
    if isinstance(converted, Graph):
        return converted
    return Graph().parse(data=converted, format=rdflib_format)


@pytest.mark.parametrize(
    ("return_format", "rdflib_format"),
    [(TURTLE, "turtle"), (XML, "xml"), (JSONLD, "json-ld")],
    ids=["turtle", "rdfxml", "jsonld"],
)
def test_sparqlwrapper_construct(server: str, truth: dict[str, Any], return_format: str, rdflib_format: str) -> None:
    g = _as_graph(run(wrapper(server, PROJECTS, return_format)), rdflib_format)
    assert {str(s) for s in g.subjects(RDF.type, COOP.Project)} == truth["projects"]
    assert len(list(g.triples((None, RDFS.label, None)))) == truth["project_labels"]


def test_sparqlwrapper_describe(server: str) -> None:
    g = _as_graph(run(wrapper(server, f"DESCRIBE <{RADOM}>", TURTLE)), "turtle")
    assert (RADOM, RDFS.label, Literal("Radom", lang="en")) in g
    assert (RADOM, RDFS.label, Literal("Radoma", lang="lv")) in g


def test_sparqlwrapper_syntax_error(server: str) -> None:
    with pytest.raises(QueryBadFormed) as error:
        run(wrapper(server, "SELECT * WHERE { ?s ?p }"))
    assert "line 1, column 18: this triple pattern has no object" in str(error.value)


def test_sparqlwrapper_update_is_forbidden(server: str, truth: dict[str, Any]) -> None:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert sparql.isSparqlUpdateRequest()
    with pytest.raises(urllib.error.HTTPError) as error:
        sparql.query()
    error.value.close()
    assert error.value.code == 403
    check = run(wrapper(server, "ASK { <urn:a> <urn:b> <urn:c> }"))
    assert check["boolean"] is False


# ---------------------------------------------------------------- rdflib SPARQLStore


@pytest.fixture(params=["GET", "POST", "POST_FORM"])
def remote(server: str, request: pytest.FixtureRequest) -> Graph:
    return Graph(store=SPARQLStore(f"{server}/sparql", method=request.param))


def test_sparqlstore_query(remote: Graph, truth: dict[str, Any]) -> None:
    found = {str(row.a) for row in remote.query(AGREEMENTS)}
    assert len(found) == 23 and found == truth["agreements"]
    assert remote.query(f"ASK {{ <{RADOM}> a coop:Municipality }}").askAnswer is True


def test_sparqlstore_triples(remote: Graph, truth: dict[str, Any]) -> None:
    projects = {str(s) for s, _, _ in remote.triples((None, RDF.type, COOP.Project))}
    assert len(projects) == 4 and projects == truth["projects"]
    assert (RADOM, RDFS.label, Literal("Radom", lang="en")) in remote
    assert (RADOM, RDFS.label, Literal("Radom", lang="de")) not in remote
    assert set(remote.objects(RADOM, COOP.country)) == {ID["country/poland"]}


def test_sparqlstore_construct_and_len(remote: Graph, truth: dict[str, Any]) -> None:
    result = remote.query(PROJECTS)
    assert result.graph is not None
    assert {str(s) for s in result.graph.subjects(RDF.type, COOP.Project)} == truth["projects"]
    assert len(remote) == truth["triples"]


def test_sparqlstore_named_graphs(server: str) -> None:
    store = SPARQLStore(f"{server}/sparql")
    graphs = {str(g) for g in store.contexts()}
    assert {
        "https://w3id.org/coopgraph/graph/ontology",
        "https://w3id.org/coopgraph/graph/data",
        "https://w3id.org/coopgraph/graph/inferred",
    } <= graphs
    data = Graph(store=store, identifier=URIRef("https://w3id.org/coopgraph/graph/data"))
    assert len({s for s, _, _ in data.triples((None, RDF.type, COOP.Project))}) == 4
