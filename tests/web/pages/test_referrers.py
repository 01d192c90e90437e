"""Referenced by: grouped by property, each group counted, the counts what a SPARQL COUNT says."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import requests
from rdflib import RDFS, Graph, Literal, URIRef

from tests.web.pages.facts_reading import inbound_groups, soup
from tests.web.pages.page_reading import COOP, HUB_LINKS, ID, link_header


def sparql_count(server: str, predicate: str, target: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{predicate}> <{target}> FILTER(isIRI(?s)) }}"
    answer = requests.get(
        server + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    assert answer.status_code == 200
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_the_groups_counts_are_what_sparql_counts(server: str) -> None:
    groups = inbound_groups(soup(server, "/id/municipality/daugavpils"))
    daugavpils = ID + "municipality/daugavpils"
    party = groups[COOP + "party"]
    assert int(str(party["data-count"])) == sparql_count(server, COOP + "party", daugavpils) == 24
    assert f"({party['data-count']})" in party.th.get_text()
    assert len(party.select("ul.values a")) == 24
    located = groups[COOP + "locatedIn"]
    assert int(str(located["data-count"])) == sparql_count(server, COOP + "locatedIn", daugavpils)


def test_radom_is_referenced_by_its_two_agreements(server: str) -> None:
    groups = inbound_groups(soup(server, "/id/municipality/radom", "lv"))
    names = [a.get_text() for a in groups[COOP + "party"].select("ul.values a")]
    assert names == ["Daugavpils un Radomas papildu līgums (2003)", "Daugavpils un Radomas sadarbības līgums (1993)"]
    assert all("lang=lv" in str(a["href"]) for a in groups[COOP + "party"].select("ul.values a"))


def test_a_hub_lists_a_bounded_page_of_each_group_and_links_the_rest(hub_server: str) -> None:
    party = inbound_groups(soup(hub_server, "/id/municipality/hub"))[COOP + "party"]
    assert (
        int(str(party["data-count"])) == HUB_LINKS == sparql_count(hub_server, COOP + "party", ID + "municipality/hub")
    )
    shown = party.select("ul.values a")
    assert len(shown) == 50
    assert f"50 of {HUB_LINKS} shown" in party.get_text(" ")
    link = party.select_one("p.more a")
    assert link is not None
    query = parse_qs(urlparse(str(link["href"])).query)["query"][0]
    answer = requests.get(
        hub_server + "/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert len(answer.json()["results"]["bindings"]) == HUB_LINKS, "the link lists them all"


def test_a_hubs_rdf_carries_a_bounded_number_of_inbound_statements_and_links_them_all(hub_server: str) -> None:
    response = requests.get(hub_server + "/id/municipality/hub.ttl", timeout=30)
    graph = Graph().parse(data=response.content, format="turtle")
    hub, party = URIRef(ID + "municipality/hub"), URIRef(COOP + "party")
    assert len(set(graph.subjects(party, hub))) == 1000, "bounded: the first 1000"
    related = link_header(response)["related"]
    assert "all of the statements pointing here" in related[0]["title"]
    everything = requests.get(hub_server + related[0]["url"], headers={"Accept": "text/turtle"}, timeout=30)
    assert everything.status_code == 200
    assert len(set(Graph().parse(data=everything.content, format="turtle").subjects(party, hub))) == HUB_LINKS


def test_radoms_turtle_finds_its_agreements(server: str) -> None:
    response = requests.get(server + "/id/municipality/radom.ttl", timeout=30)
    graph = Graph().parse(data=response.content, format="turtle")
    radom = URIRef(ID + "municipality/radom")
    assert set(graph.subjects(URIRef(COOP + "party"), radom)) == {
        URIRef(ID + "agreement/daugavpils-radom-1993"),
        URIRef(ID + "agreement/daugavpils-radom-2003"),
    }
    agreement = URIRef(ID + "agreement/daugavpils-radom-1993")
    assert (
        agreement,
        RDFS.label,
        Literal("Cooperation agreement between Daugavpils and Radom (1993)", lang="en"),
    ) in graph
    assert "related" not in link_header(response), "all of Radom's inbound statements are in the document"
