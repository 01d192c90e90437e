"""data/projects.ttl checked fact by fact against the four documents it comes from.

Each fact is asserted twice: the graph must hold the value, and the passage the value
was taken from (``EVIDENCE``) must occur in the source document. The second check reads
the seed texts; it is skipped, not failed, where they are not available (set
``COOPGRAPH_SEEDS`` to their directory).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from coopgraph.namespaces import COOP, ID, SCHEMA
from coopgraph.sources.load import read_graph
from coopgraph.sources.project import REPOSITORY

PROJECTS_TTL = REPOSITORY / "data" / "projects.ttl"

# The four source documents: file-name hash -> file name.
SOURCE_FILES = {
    "a963f303aad55ee8": "000_a963f303aad55ee8.txt",
    "edf813028eb51fb7": "002_edf813028eb51fb7.txt",
    "28fdca7e924ea301": "003_28fdca7e924ea301.txt",
    "c183aa67ad5c6ec1": "004_c183aa67ad5c6ec1.txt",
}
S000, S002, S003, S004 = SOURCE_FILES

SMARTGREEN = ID["project/green-energy-for-smart-cities"]
PAIRING = ID["project/our-cities-pairing-on-environment-issues"]
INNOVATION = ID["project/development-of-innovation-centre-in-daugavpils"]
CHANGE = ID["project/cities-of-change"]
PROJECT_SOURCE = {SMARTGREEN: S000, PAIRING: S002, INNOVATION: S003, CHANGE: S004}

DATE_PROPERTIES = (SCHEMA.startDate, SCHEMA.endDate, SCHEMA.duration)
ROLE_PROPERTIES = (COOP.leadPartner, COOP.partner, COOP.associatedPartner, COOP.participant)


def org(slug: str) -> URIRef:
    return ID[f"organisation/{slug}"]


def country(slug: str) -> URIRef:
    return ID[f"country/{slug}"]


def normalise(text: str) -> str:
    """Whitespace (including the sources' no-break spaces) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def without_digit_group_spaces(text: str) -> str:
    """ "138 000" -> "138000", as the sources group thousands with a space."""
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", normalise(text))


def seeds_dir() -> Path | None:
    candidates = [os.environ.get("COOPGRAPH_SEEDS"), REPOSITORY / "seeds", "/work/shared/seeds"]
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in SOURCE_FILES.values()):
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    directory = seeds_dir()
    if directory is None:
        pytest.skip("seed texts not available (set COOPGRAPH_SEEDS)")
    return {h: normalise((directory / name).read_text(encoding="utf-8")) for h, name in SOURCE_FILES.items()}


@pytest.fixture(scope="module")
def own() -> Graph:
    """projects.ttl alone, read with the pyoxigraph-based loader the build uses."""
    return read_graph([PROJECTS_TTL])


def objects(graph: Graph, subject: URIRef, predicate: URIRef) -> set:
    return set(graph.objects(subject, predicate))


def the(graph: Graph, subject: URIRef, predicate: URIRef):
    values = objects(graph, subject, predicate)
    assert len(values) == 1, f"{subject} {predicate}: expected one value, got {values}"
    return values.pop()


def closure(graph: Graph, start: URIRef, predicates: Iterable[URIRef]) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for predicate in predicates:
            for target in graph.objects(node, predicate):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return seen


# --------------------------------------------------------------------------------------
# Evidence: every passage a fact below was taken from, verbatim (whitespace aside)
# --------------------------------------------------------------------------------------

EVIDENCE: list[tuple[str, str]] = [
    (S000, "project “GREEN ENERGY FOR SMART CITIES”, No. PA-GRO-1575"),
    (S000, "The SmartGreen project will continue until the end of this year."),
    (S000, "Within this project Daugavpils is cooperating with partners in Nordic countries – Sweden and Iceland."),
    (S000, "In April this year a project activity took place in Vänersborg (Sweden)"),
    (S000, "administrated by the Nordic Council of Ministers' Office Estonia"),
    (S002, "Pilsētu sadarbība vides problēmu risināšanā (Our Cities Pairing on Environment Issues)"),
    (
        S002,
        (
            "Projekta iesniedzējs (vadošais partneris): Suluova Apgabala Valdība, Turcija "
            "/Suluova District Governorship, Turkey/"
        ),
    ),
    (
        S002,
        (
            "Projekta partneri: Daugavpils pilsētas dome, Daugavpils, Latvija "
            "Suluovas Tirdzniecības un Rūpniecības Kamera, Turcija"
        ),
    ),
    (
        S002,
        (
            "Projekta sadarbības partneri: 1) Amasjas Valdība, "
            "2) Amasjas - Suluovas Nacionālās Izglītības Direktorāts, "
            "3) Amasjas Provinces Vides un Urbanizācijas Direkcija, 4) Suluova pašvaldība"
        ),
    ),
    (S002, "Grant Scheme (TTGS) – programmu finansē ES un Turcijas Republika"),
    (S002, "Kopējais projekta budžets sastāda 138 000 EUR"),
    (S002, "Domes līdzfinansējums 4673 EUR"),
    (S002, "12 mēneši (15.01.2019.-15.01.2020.)"),
    (S002, "organizēs 5 starptautiskās tikšanās Daugavpilī"),
    (S002, "piedalīties 3 starptautiskajās tikšanās (darba grupās) Turcijā"),
    (S002, "Projekta ietvaros 29.augustā notiks seminārs par sadzīves atkritumu apsaimniekošanu"),
    (S002, "Daugavpils Universitātes lektors Mg.vid.plān. Dainis Lazdāns"),
    (S002, "Komunālās saimniecības pārvaldes vides inženieris Kaspars Laizāns"),
    (S003, "project No. NFI/IC/VIAA/2020/4, Agreement No. 9.-, implemented"),
    (
        S003,
        (
            "the European Economic Area Financial Mechanism and the Norwegian Financial Mechanism for the period "
            "2014-2021 program “Research and Education” activity “Innovation Centres”"
        ),
    ),
    (
        S003,
        (
            "Daugavpils City Municipality in cooperation with Trondheim Science Centre (Vitensenteret) in Norway "
            "implemented two cooperation project activities in September."
        ),
    ),
    (S003, "a meeting with representatives of the Czech delegation from the centre DOLNÍ VÍTKOVICE"),
    (S003, "Information prepared by the Project Manager Jolanta Ūzuliņa"),
    (
        S004,
        (
            "„Eiropa pilsoņiem” programmas 1.aktivitātes „Aktīvi iedzīvotāji Eiropai” 1.2.apakšaktivitātes "
            "„Sadraudzības pašvaldību tīklojumi”"
        ),
    ),
    (
        S004,
        (
            "„Cities of change – the co-operation of cities in the field of city development” jeb "
            "„Pilsētu sadarbība teritorijas attīstības jomā – pārmaiņu pilsētas”"
        ),
    ),
    (
        S004,
        (
            "Kopumā projektā iesaistīti 14 partneri no 11 valstīm: Polijas, Latvijas, Itālijas, Īrijas, Nīderlandes, "
            "Lietuvas, Spānijas, Francijas, Lielbritānijas, Vācijas un Rumānijas."
        ),
    ),
    (S004, "Daugavpils pilsētas dome uzsākusi sadarbību ar Poznaņas pašvaldību Polijā"),
    (S004, "http://www.ccnet.poznan.pl"),
    (S004, "Projekts tiks īstenots līdz 2015.gada 31.maijam."),
    (S004, "Projekta kopējās izmaksas 99 000 EUR."),
    (S004, "Projekts tiek īstenots ar Eiropas Komisijas finansiālu atbalstu 100% apjomā."),
]


@pytest.mark.parametrize(("source", "passage"), EVIDENCE, ids=[p[:40] for _, p in EVIDENCE])
def test_evidence_occurs_in_source(seeds: dict[str, str], source: str, passage: str) -> None:
    assert normalise(passage) in seeds[source]


# --------------------------------------------------------------------------------------
# The file itself
# --------------------------------------------------------------------------------------


def test_parses_with_the_build_loader(own: Graph) -> None:
    assert len(own) > 300


def test_exactly_the_four_projects(own: Graph) -> None:
    assert set(own.subjects(RDF.type, COOP.Project)) == set(PROJECT_SOURCE)


def test_projects_are_in_the_merged_data(data: Graph) -> None:
    for project in PROJECT_SOURCE:
        assert (project, RDF.type, COOP.Project) in data


def test_every_resource_has_provenance_from_the_four_sources(own: Graph) -> None:
    allowed = {ID[f"source/{h}"] for h in SOURCE_FILES}
    subjects = {s for s in own.subjects() if not isinstance(s, BNode)}
    assert len(subjects) >= 40
    for subject in subjects:
        derived = objects(own, subject, PROV.wasDerivedFrom)
        assert derived, f"{subject} has no prov:wasDerivedFrom"
        assert derived <= allowed, f"{subject} derived from {derived - allowed}"


def test_every_resource_has_one_english_and_one_latvian_label(own: Graph) -> None:
    for subject in {s for s in own.subjects() if not isinstance(s, BNode)}:
        labels = objects(own, subject, RDFS.label)
        for lang in ("en", "lv"):
            tagged = [label for label in labels if isinstance(label, Literal) and label.language == lang]
            assert len(tagged) == 1, f"{subject}: {len(tagged)} rdfs:label @{lang}"


def test_no_blank_nodes(own: Graph) -> None:
    assert not [t for t in own if any(isinstance(term, BNode) for term in t)]


def test_own_references_are_defined_here(own: Graph) -> None:
    """Every project/programme/organisation/event/amount/person this file points to, it defines."""
    kinds = ("project", "programme", "organisation", "event", "amount", "person")
    for _, _, target in own:
        if isinstance(target, URIRef) and any(str(target).startswith(str(ID[k + "/"])) for k in kinds):
            assert (target, RDF.type, None) in own, f"{target} is referenced but not defined"


@pytest.mark.parametrize(
    ("kind", "file"),
    [("municipality", "places.ttl"), ("country", "places.ttl"), ("source", "sources.csv"), ("field", "fields.ttl")],
)
def test_references_to_other_files_resolve(own: Graph, data: Graph, kind: str, file: str) -> None:
    if not (REPOSITORY / "data" / file).is_file():
        pytest.skip(f"data/{file} not written yet")
    prefix = str(ID[kind + "/"])
    targets = {o for o in own.objects() if isinstance(o, URIRef) and str(o).startswith(prefix)}
    assert targets
    missing = {t for t in targets if (t, RDF.type, None) not in data}
    assert not missing, f"not defined in data/{file}: {sorted(missing)}"


# --------------------------------------------------------------------------------------
# Names and identifiers
# --------------------------------------------------------------------------------------

IDENTIFIERS = [(SMARTGREEN, "PA-GRO-1575"), (INNOVATION, "NFI/IC/VIAA/2020/4")]


@pytest.mark.parametrize(("project", "identifier"), IDENTIFIERS)
def test_identifier_as_written(data: Graph, seeds: dict[str, str], project: URIRef, identifier: str) -> None:
    assert the(data, project, URIRef("http://purl.org/dc/terms/identifier")) == Literal(identifier)
    assert f"No. {identifier}" in seeds[PROJECT_SOURCE[project]]


def test_projects_without_identifier_have_none(data: Graph) -> None:
    for project in (PAIRING, CHANGE):
        assert not objects(data, project, URIRef("http://purl.org/dc/terms/identifier"))


def test_agreement_number_kept_verbatim_and_flagged(data: Graph) -> None:
    assert the(data, INNOVATION, COOP.agreementNumber) == Literal("9.-")
    comments = " ".join(str(c) for c in objects(data, INNOVATION, RDFS.comment))
    assert "truncated" in comments


def test_smartgreen_alternate_name(data: Graph) -> None:
    assert Literal("SmartGreen") in objects(data, SMARTGREEN, SCHEMA.alternateName)


@pytest.mark.parametrize(
    ("project", "lv"),
    [
        (PAIRING, "Pilsētu sadarbība vides problēmu risināšanā"),
        (CHANGE, "Pilsētu sadarbība teritorijas attīstības jomā – pārmaiņu pilsētas"),
    ],
)
def test_latvian_titles_as_written(data: Graph, seeds: dict[str, str], project: URIRef, lv: str) -> None:
    assert Literal(lv, lang="lv") in objects(data, project, RDFS.label)
    assert lv in seeds[PROJECT_SOURCE[project]]


def test_english_titles_as_written(data: Graph, seeds: dict[str, str]) -> None:
    assert "Our Cities Pairing on Environment Issues" in seeds[S002]
    assert Literal("Our Cities Pairing on Environment Issues", lang="en") in objects(data, PAIRING, RDFS.label)
    title = "Cities of change – the co-operation of cities in the field of city development"
    assert title in seeds[S004]
    assert Literal(title, lang="en") in objects(data, CHANGE, RDFS.label)


# --------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------

AMOUNTS = [
    (PAIRING, COOP.budget, "138000", "138 000 EUR"),
    (PAIRING, COOP.coFinancing, "4673", "4673 EUR"),
    (CHANGE, COOP.budget, "99000", "99 000 EUR"),
]


@pytest.mark.parametrize(("project", "prop", "value", "_written"), AMOUNTS)
def test_amounts(data: Graph, project: URIRef, prop: URIRef, value: str, _written: str) -> None:
    amount = the(data, project, prop)
    assert (amount, RDF.type, SCHEMA.MonetaryAmount) in data
    literal = the(data, amount, SCHEMA.value)
    assert literal.datatype == XSD.decimal
    assert literal.toPython() == Decimal(value)
    assert the(data, amount, SCHEMA.currency) == Literal("EUR")


@pytest.mark.parametrize(("project", "_prop", "value", "written"), AMOUNTS)
def test_amounts_as_in_source(seeds: dict[str, str], project: URIRef, _prop: URIRef, value: str, written: str) -> None:
    text = seeds[PROJECT_SOURCE[project]]
    assert written in text
    assert f"{value} EUR" in without_digit_group_spaces(text)


def test_only_stated_amounts(data: Graph) -> None:
    assert not objects(data, SMARTGREEN, COOP.budget) and not objects(data, INNOVATION, COOP.budget)
    assert not objects(data, CHANGE, COOP.coFinancing)


def test_council_co_financing_contributed_by_the_council(data: Graph) -> None:
    amount = the(data, PAIRING, COOP.coFinancing)
    assert the(data, amount, COOP.contributedBy) == org("daugavpils-city-council")


def test_cities_of_change_fully_funded_by_the_commission(data: Graph) -> None:
    percentage = the(data, CHANGE, COOP.fundingPercentage)
    assert percentage.datatype == XSD.decimal and percentage.toPython() == 100
    assert objects(data, CHANGE, COOP.funder) == {org("european-commission")}
    for project in (SMARTGREEN, PAIRING, INNOVATION):
        assert not objects(data, project, COOP.fundingPercentage) and not objects(data, project, COOP.funder)


# --------------------------------------------------------------------------------------
# Dates: only as far as written
# --------------------------------------------------------------------------------------


def test_pairing_period(data: Graph, seeds: dict[str, str]) -> None:
    assert the(data, PAIRING, SCHEMA.startDate) == Literal("2019-01-15", datatype=XSD.date)
    assert the(data, PAIRING, SCHEMA.endDate) == Literal("2020-01-15", datatype=XSD.date)
    assert the(data, PAIRING, SCHEMA.duration) == Literal("P12M", datatype=XSD.duration)
    start, end = re.search(r"12 mēneši \((\d\d\.\d\d\.\d{4})\.-(\d\d\.\d\d\.\d{4})\.\)", seeds[S002]).groups()
    as_iso = lambda d: "-".join(reversed(d.split(".")))  # noqa: E731
    assert (as_iso(start), as_iso(end)) == ("2019-01-15", "2020-01-15")


def test_cities_of_change_end_only(data: Graph) -> None:
    assert the(data, CHANGE, SCHEMA.endDate) == Literal("2015-05-31", datatype=XSD.date)
    assert not objects(data, CHANGE, SCHEMA.startDate)


@pytest.mark.parametrize("project", [SMARTGREEN, INNOVATION])
def test_no_dates_where_none_are_written(data: Graph, project: URIRef) -> None:
    for prop in DATE_PROPERTIES:
        assert not objects(data, project, prop), f"{project} has {prop}, which its source does not give"


def test_smartgreen_end_not_guessed(data: Graph, seeds: dict[str, str]) -> None:
    assert "until the end of this year" in seeds[S000]
    assert not re.search(r"\b(19|20)\d\d\b", seeds[S000].split("cooperation between the municipalities")[0])


def test_mechanism_periods(data: Graph) -> None:
    for slug in ("eea-financial-mechanism-2014-2021", "norwegian-financial-mechanism-2014-2021"):
        programme = ID[f"programme/{slug}"]
        assert the(data, programme, SCHEMA.startDate) == Literal("2014", datatype=XSD.gYear)
        assert the(data, programme, SCHEMA.endDate) == Literal("2021", datatype=XSD.gYear)


# --------------------------------------------------------------------------------------
# Participants and roles
# --------------------------------------------------------------------------------------

ROLES = [
    (PAIRING, COOP.leadPartner, org("suluova-district-governorship")),
    (PAIRING, COOP.partner, org("daugavpils-city-council")),
    (PAIRING, COOP.partner, org("suluova-chamber-of-commerce-and-industry")),
    (PAIRING, COOP.associatedPartner, org("amasya-governorship")),
    (PAIRING, COOP.associatedPartner, org("amasya-suluova-national-education-directorate")),
    (PAIRING, COOP.associatedPartner, org("amasya-provincial-directorate-of-environment-and-urbanisation")),
    (PAIRING, COOP.associatedPartner, org("suluova-municipality")),
    (SMARTGREEN, COOP.participant, org("daugavpils-city-municipality")),
    (INNOVATION, COOP.participant, org("daugavpils-city-municipality")),
    (INNOVATION, COOP.participant, org("trondheim-science-centre")),
    (CHANGE, COOP.participant, org("daugavpils-city-council")),
    (CHANGE, COOP.participant, org("poznan-municipality")),
]


@pytest.mark.parametrize(
    ("project", "role", "who"), ROLES, ids=[f"{r.fragment}-{w.split('/')[-1]}" for _, r, w in ROLES]
)
def test_role_as_stated(own: Graph, project: URIRef, role: URIRef, who: URIRef) -> None:
    assert (project, role, who) in own
    for other in ROLE_PROPERTIES:
        if other != role:
            assert (project, other, who) not in own, f"{who} also has {other}"


@pytest.mark.parametrize("project", list(PROJECT_SOURCE))
def test_no_participant_beyond_the_table(own: Graph, project: URIRef) -> None:
    stated = {(role, who) for p, role, who in ROLES if p == project}
    found = {(role, who) for role in ROLE_PROPERTIES for who in own.objects(project, role)}
    assert found == stated


def test_roles_only_where_the_text_gives_them(own: Graph) -> None:
    for role in (COOP.leadPartner, COOP.partner, COOP.associatedPartner):
        assert set(own.subjects(role, None)) <= {PAIRING}
    assert len(objects(own, PAIRING, COOP.leadPartner)) == 1


def test_smartgreen_partner_countries_only(data: Graph) -> None:
    assert objects(data, SMARTGREEN, COOP.partnerCountry) == {country("sweden"), country("iceland")}


CHANGE_COUNTRIES = {
    "Polijas": "poland",
    "Latvijas": "latvia",
    "Itālijas": "italy",
    "Īrijas": "ireland",
    "Nīderlandes": "netherlands",
    "Lietuvas": "lithuania",
    "Spānijas": "spain",
    "Francijas": "france",
    "Lielbritānijas": "united-kingdom",
    "Vācijas": "germany",
    "Rumānijas": "romania",
}


def test_cities_of_change_partner_countries(data: Graph, seeds: dict[str, str]) -> None:
    listed = seeds[S004].split("valstīm:")[1].split(".")[0]
    names = [n.strip() for n in re.split(r",| un ", listed)]
    assert sorted(names) == sorted(CHANGE_COUNTRIES)
    assert objects(data, CHANGE, COOP.partnerCountry) == {country(s) for s in CHANGE_COUNTRIES.values()}


def test_cities_of_change_counts(data: Graph, seeds: dict[str, str]) -> None:
    partners, countries = map(int, re.search(r"(\d+) partneri no (\d+) valstīm", seeds[S004]).groups())
    assert the(data, CHANGE, COOP.numberOfPartners).toPython() == partners == 14
    assert the(data, CHANGE, COOP.numberOfPartnerCountries).toPython() == countries == 11
    assert len(objects(data, CHANGE, COOP.partnerCountry)) == countries


def test_municipality_and_council_kept_distinct(data: Graph) -> None:
    a, b = org("daugavpils-city-municipality"), org("daugavpils-city-council")
    assert (a, RDF.type, COOP.Organisation) in data and (b, RDF.type, COOP.Organisation) in data
    for p in (OWL.sameAs, URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")):
        assert (a, p, b) not in data and (b, p, a) not in data


def test_unnamed_organisations_are_not_resources(own: Graph) -> None:
    labels = " | ".join(
        str(label).lower() for s in own.subjects(RDF.type, COOP.Organisation) for label in own.objects(s, RDFS.label)
    )
    for unnamed in ("solar panel", "heating company", "innovation science centre", "manufactur"):
        assert unnamed not in labels


def test_trondheim_science_centre_alt_label(own: Graph) -> None:
    assert "Vitensenteret" in {
        str(x)
        for x in own.objects(org("trondheim-science-centre"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    }


# --------------------------------------------------------------------------------------
# Funding programmes
# --------------------------------------------------------------------------------------

CHAINS = [
    (SMARTGREEN, {"nordic-baltic-mobility-programme-for-public-administration"}),
    (PAIRING, {"town-twinning-action-between-turkey-and-the-eu-grant-scheme"}),
    (
        INNOVATION,
        {
            "innovation-centres",
            "research-and-education",
            "eea-financial-mechanism-2014-2021",
            "norwegian-financial-mechanism-2014-2021",
        },
    ),
    (CHANGE, {"networks-of-twinned-towns", "active-citizens-for-europe", "europe-for-citizens"}),
]


@pytest.mark.parametrize(("project", "programmes"), CHAINS)
def test_programme_chain(data: Graph, project: URIRef, programmes: set[str]) -> None:
    reached = closure(data, project, (COOP.fundedBy, COOP.partOfProgramme))
    assert reached == {ID[f"programme/{p}"] for p in programmes}
    for programme in reached:
        assert (programme, RDF.type, COOP.FundingProgramme) in data


def test_funded_by_the_most_specific_programme(data: Graph) -> None:
    assert the(data, INNOVATION, COOP.fundedBy) == ID["programme/innovation-centres"]
    assert the(data, CHANGE, COOP.fundedBy) == ID["programme/networks-of-twinned-towns"]


def test_programme_funders_and_operator(data: Graph) -> None:
    ttgs = ID["programme/town-twinning-action-between-turkey-and-the-eu-grant-scheme"]
    assert objects(data, ttgs, COOP.funder) == {org("european-union"), country("turkey")}
    assert Literal("TTGS") in objects(data, ttgs, SCHEMA.alternateName)
    efc = ID["programme/europe-for-citizens"]
    assert objects(data, efc, COOP.funder) == {org("european-commission")}
    nbm = ID["programme/nordic-baltic-mobility-programme-for-public-administration"]
    assert the(data, nbm, COOP.operator) == org("nordic-council-of-ministers-office-estonia")


@pytest.mark.parametrize(
    ("slug", "lv"),
    [
        ("europe-for-citizens", "Eiropa pilsoņiem"),
        ("active-citizens-for-europe", "Aktīvi iedzīvotāji Eiropai"),
        ("networks-of-twinned-towns", "Sadraudzības pašvaldību tīklojumi"),
    ],
)
def test_programme_latvian_names_as_written(data: Graph, seeds: dict[str, str], slug: str, lv: str) -> None:
    assert Literal(lv, lang="lv") in objects(data, ID[f"programme/{slug}"], RDFS.label)
    assert f"„{lv}”" in seeds[S004]


# --------------------------------------------------------------------------------------
# Objectives and results
# --------------------------------------------------------------------------------------


def latvian(graph: Graph, subject: URIRef, prop: URIRef) -> list[str]:
    return [str(v) for v in graph.objects(subject, prop) if isinstance(v, Literal) and v.language == "lv"]


def english(graph: Graph, subject: URIRef, prop: URIRef) -> list[str]:
    return [str(v) for v in graph.objects(subject, prop) if isinstance(v, Literal) and v.language == "en"]


def test_pairing_results_one_literal_per_bullet(own: Graph, seeds: dict[str, str]) -> None:
    section = seeds[S002].split("Projekta rezultāti")[1].split("Preses relīzes:")[0]
    bullets = [b.strip().rstrip(";.") for b in section.split(" - ") if b.strip()]
    assert len(bullets) == 7
    assert sorted(latvian(own, PAIRING, COOP.result)) == sorted(normalise(b) for b in bullets)
    assert len(english(own, PAIRING, COOP.result)) == 7
    assert "5 international events organised in Daugavpils" in english(own, PAIRING, COOP.result)


@pytest.mark.parametrize("project", [PAIRING, CHANGE])
def test_latvian_objectives_verbatim_with_translation(own: Graph, seeds: dict[str, str], project: URIRef) -> None:
    lv = latvian(own, project, COOP.objective)
    assert lv and len(english(own, project, COOP.objective)) == len(lv)
    for text in lv:
        assert normalise(text) in seeds[PROJECT_SOURCE[project]]


def test_pairing_meeting_counts(own: Graph) -> None:
    text = " ".join(english(own, PAIRING, COOP.objective))
    assert "5 international meetings in Daugavpils" in text
    assert "3 international meetings (working groups) in Turkey" in text


def test_every_literal_number_is_in_the_source(own: Graph, seeds: dict[str, str]) -> None:
    """Typed numbers and the digits in Latvian free text all occur in the resource's source."""
    for s, p, o in own:
        if not isinstance(o, Literal) or isinstance(s, BNode):
            continue
        if o.datatype in (XSD.decimal, XSD.integer, XSD.nonNegativeInteger):
            numbers = [str(o)]
        elif o.language == "lv" and p in (COOP.objective, COOP.result):
            numbers = re.findall(r"\d+", str(o))
        else:
            continue
        sources = [str(x).rsplit("/", 1)[-1] for x in own.objects(s, PROV.wasDerivedFrom)]
        for number in numbers:
            assert any(
                re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", without_digit_group_spaces(seeds[h]))
                for h in sources
            ), f"{s} {p}: {number} not in {sources}"


def test_cities_of_change_website(data: Graph) -> None:
    assert the(data, CHANGE, SCHEMA.url) == URIRef("http://www.ccnet.poznan.pl")


# --------------------------------------------------------------------------------------
# Events and people
# --------------------------------------------------------------------------------------

EVENT_DATES = [
    ("smartgreen-vanersborg-partners-meeting", "--04", XSD.gMonth),
    ("smartgreen-vanersborg-seminar", "--04", XSD.gMonth),
    ("our-cities-pairing-waste-management-seminar", "--08-29", XSD.gMonthDay),
    ("innovation-centre-trondheim-experience-exchange-visit", "--09", XSD.gMonth),
    ("innovation-centre-dolni-vitkovice-meeting", "--09", XSD.gMonth),
]


@pytest.mark.parametrize(("slug", "value", "datatype"), EVENT_DATES)
def test_event_date_at_the_precision_written(data: Graph, slug: str, value: str, datatype: URIRef) -> None:
    assert the(data, ID[f"event/{slug}"], SCHEMA.startDate) == Literal(value, datatype=datatype)


def test_no_event_date_with_a_guessed_year(own: Graph) -> None:
    events = {
        s for cls in (COOP.Event, COOP.Meeting, COOP.Seminar, COOP.StudyVisit) for s in own.subjects(RDF.type, cls)
    }
    dated = {e for e in events if (e, SCHEMA.startDate, None) in own}
    assert dated == {ID[f"event/{slug}"] for slug, _, _ in EVENT_DATES}
    for event in events:
        for prop in DATE_PROPERTIES:
            for value in own.objects(event, prop):
                assert value.datatype in (XSD.gMonth, XSD.gMonthDay), f"{event} {prop} {value!r}"


def test_every_event_belongs_to_a_project(own: Graph) -> None:
    events = {
        s for cls in (COOP.Event, COOP.Meeting, COOP.Seminar, COOP.StudyVisit) for s in own.subjects(RDF.type, cls)
    }
    assert len(events) == 14
    for event in events:
        assert the(own, event, COOP.project) in PROJECT_SOURCE


def test_vanersborg_seminar_title_verbatim(data: Graph, seeds: dict[str, str]) -> None:
    title = the(data, ID["event/smartgreen-vanersborg-seminar"], SCHEMA.name)
    assert title.language == "en"
    assert f'seminar "{title}”' in seeds[S000]


def test_vanersborg_events_located_in_vanersborg(data: Graph) -> None:
    for slug in ("smartgreen-vanersborg-partners-meeting", "smartgreen-vanersborg-seminar"):
        assert the(data, ID[f"event/{slug}"], SCHEMA.location) == ID["municipality/vanersborg"]


PEOPLE = [
    ("dainis-lazdans", "Dainis Lazdāns", "lecturer", "daugavpils-university", S002),
    (
        "kaspars-laizans",
        "Kaspars Laizāns",
        "environmental engineer",
        "daugavpils-municipal-economy-administration",
        S002,
    ),
    ("jolanta-uzulina", "Jolanta Ūzuliņa", "Project Manager", None, S003),
]


@pytest.mark.parametrize(("slug", "name", "job", "employer", "source"), PEOPLE)
def test_people(
    own: Graph, seeds: dict[str, str], slug: str, name: str, job: str, employer: str | None, source: str
) -> None:
    person = ID[f"person/{slug}"]
    assert (person, RDF.type, SCHEMA.Person) in own
    assert the(own, person, SCHEMA.name) == Literal(name)
    assert {str(x) for x in own.objects(person, RDFS.label)} == {name}
    assert Literal(job, lang="en") in objects(own, person, SCHEMA.jobTitle)
    assert objects(own, person, SCHEMA.worksFor) == ({org(employer)} if employer else set())
    assert name in seeds[source]


def test_waste_seminar_presenters(own: Graph) -> None:
    seminar = ID["event/our-cities-pairing-waste-management-seminar"]
    assert objects(own, seminar, SCHEMA.performer) == {ID["person/dainis-lazdans"], ID["person/kaspars-laizans"]}


def test_only_named_people(own: Graph) -> None:
    assert set(own.subjects(RDF.type, SCHEMA.Person)) == {ID[f"person/{slug}"] for slug, *_ in PEOPLE}


# --------------------------------------------------------------------------------------
# Fields of cooperation: only where the document clearly states the field
# --------------------------------------------------------------------------------------

FIELDS = [
    (SMARTGREEN, set(), None),  # green energy / smart city: no matching concept in fields.ttl
    (PAIRING, {"environmental-protection"}, "vides problēmu risināšanā"),
    (INNOVATION, {"science", "technology", "education"}, "STEM fields (which include science, technology"),
    (CHANGE, {"strategic-planning"}, "pilsētas stratēģisko plānošanu"),
]


@pytest.mark.parametrize(("project", "fields", "_phrase"), FIELDS)
def test_fields(data: Graph, project: URIRef, fields: set[str], _phrase: str | None) -> None:
    assert objects(data, project, COOP.field) == {ID[f"field/{f}"] for f in fields}
    for field in objects(data, project, COOP.field):
        assert (field, RDF.type, COOP.FieldOfCooperation) in data


@pytest.mark.parametrize(("project", "_fields", "phrase"), [f for f in FIELDS if f[2]])
def test_field_phrase_in_source(seeds: dict[str, str], project: URIRef, _fields: set[str], phrase: str) -> None:
    assert phrase in seeds[PROJECT_SOURCE[project]]
