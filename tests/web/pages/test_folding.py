"""A reader sees each fact once: inferred restatements fold into an "also in other vocabularies" line."""

from __future__ import annotations

from tests.web.pages.facts_reading import also, also_inbound, fact_rows, inbound_groups, soup, values
from tests.web.pages.page_reading import COOP, ID, SCHEMA

WDT = "http://www.wikidata.org/prop/direct/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_daugavpils_lists_each_partner_once_with_the_other_vocabularies_beside(server: str) -> None:
    page = soup(server, "/id/municipality/daugavpils")
    rows = fact_rows(page)
    partners = values(rows[COOP + "partnerOf"])
    assert len(partners) == len(set(partners)) == 22
    assert "Radom" in partners and "Vitebsk" in partners
    assert WDT + "P190" not in rows, "P190 restates partnerOf: no row of its own"
    assert also(rows[COOP + "partnerOf"]) == ["wdt:P190"]
    # the partners' own partnerOf / P190 statements, pointing back here, are the same links
    assert also_inbound(rows[COOP + "partnerOf"]) == {"coop:partnerOf": 22, "wdt:P190": 22}
    assert COOP + "partnerOf" not in inbound_groups(page) and WDT + "P190" not in inbound_groups(page)
    shown = [name for row in rows.values() for name in values(row)]
    assert shown.count("Radom") == 1, "a partner appears once among the facts"
    assert also(rows[COOP + "country"]) == ["wdt:P17"]


def test_daugavpils_referenced_by_names_each_agreement_once(server: str) -> None:
    groups = inbound_groups(soup(server, "/id/municipality/daugavpils"))
    assert PROV + "wasAttributedTo" not in groups, "each party again as attributed-to is folded"
    party = groups[COOP + "party"]
    agreements = [a.get_text() for a in party.select("ul.values a")]
    assert len(agreements) == len(set(agreements))
    assert "Cooperation agreement between Daugavpils and Radom (1993)" in agreements
    assert [code.get_text() for code in party.select("p.also code")] == ["prov:wasAttributedTo"]
    located = groups[COOP + "locatedIn"]
    assert "Daugavpils City Council" in [a.get_text() for a in located.select("ul.values a")]
    assert [code.get_text() for code in located.select("p.also code")] == ["schema:location"]
    # schema:location stays a group only for what is stated with it and not with coop:locatedIn (an event)
    location = [a.get_text() for a in groups[SCHEMA + "location"].select("ul.values a")]
    assert "Daugavpils City Council" not in location and len(location) == 1


def test_a_project_lists_its_partners_once_and_its_types_with_their_prefixes(server: str) -> None:
    page = soup(server, "/id/project/our-cities-pairing-on-environment-issues")
    rows = fact_rows(page)
    assert COOP + "participant" not in rows and SCHEMA + "member" not in rows
    partner = rows[COOP + "partner"]
    assert "Daugavpils City Council" in values(partner)
    assert also(partner) == ["coop:participant", "schema:member"]
    chips = [" ".join(a.get_text().replace("†", "").split()) for a in page.select("p.types a.type")]
    assert chips[0] == "coop:Project"
    assert {"schema:Project", "foaf:Project"} <= set(chips)
    assert len(chips) == len(set(chips)), "each type once, and the vocabularies told apart"
    inferred = [" ".join(a.get_text().replace("†", "").split()) for a in page.select("p.types a.type.inferred")]
    assert "schema:Project" in inferred and "coop:Project" not in inferred
    assert values(rows[RDF_TYPE]) == ["coop:Project"]
    assert {"schema:Project", "foaf:Project"} <= set(also(rows[RDF_TYPE]))


def test_a_fact_stated_only_by_inference_keeps_its_row(server: str) -> None:
    radom = fact_rows(soup(server, "/id/municipality/radom"))
    assert values(radom[COOP + "partnerOf"]) == ["Daugavpils"]  # inferred from the agreements, and shown
    assert radom[COOP + "partnerOf"].select("li .marker"), "marked as inferred"
    assert not any(ID in " ".join(values(row)) for row in radom.values())
