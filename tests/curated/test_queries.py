"""The canned queries of queries/, each answer checked against the source documents.

Every query must load, say what it answers and run on the built store. Then each
query's answer is held to the documents it comes from: where it is cheap the
expectation is computed from the seed text itself (the twin-city page 001 is parsed
into partner, country, dates and fields); otherwise it is written out here, with the
line of the document it is transcribed from quoted beside it. The seed texts are
read from ``COOPGRAPH_SEEDS`` (default /work/shared/seeds); the tests that need them
are skipped, not failed, where they are not available.

Names the documents spell their own way ("Harkova", "Magdebourg", "RASKA") are
resolved to resources through their labels and alternative labels, which the
rulebook says keep every spelling a document uses.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.engine.canned import CannedQuery, home_bindings, load_canned_queries
from coopgraph.engine.sparql import OxigraphEngine, Term, rows
from coopgraph.sources.project import REPOSITORY, Sources

QUERIES_DIR = REPOSITORY / "queries"
SEEDS = Path(os.environ.get("COOPGRAPH_SEEDS", "/work/shared/seeds"))
REFERENCE = Path(os.environ.get("COOPGRAPH_REFERENCE", "/work/shared/reference"))

ID = "https://w3id.org/coopgraph/id/"
COOP = "https://w3id.org/coopgraph/ontology#"
DAUGAVPILS = ID + "municipality/daugavpils"

TWIN_PAGE = "001_ddfea20fb17a6660.txt"
SMARTGREEN_NEWS = "000_a963f303aad55ee8.txt"
PAIRING_PAGE = "002_edf813028eb51fb7.txt"
INNOVATION_NEWS = "003_28fdca7e924ea301.txt"
CHANGE_NEWS = "004_c183aa67ad5c6ec1.txt"

SMARTGREEN = ID + "project/green-energy-for-smart-cities"
PAIRING = ID + "project/our-cities-pairing-on-environment-issues"
INNOVATION = ID + "project/development-of-innovation-centre-in-daugavpils"
CHANGE = ID + "project/cities-of-change"

QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
HOME = home_bindings(Sources(REPOSITORY))
"""``?home`` bound as the server binds it: to the municipality the repository's coopgraph.toml names."""


# ---------------------------------------------------------------------------
# Running queries
# ---------------------------------------------------------------------------

Row = dict[str, "str | None"]


def value(term: Term | None) -> str | None:
    """An IRI or a literal's lexical form; None when unbound."""
    return None if term is None else term.value


@pytest.fixture(scope="module")
def engine(store: ox.Store) -> OxigraphEngine:
    return OxigraphEngine(store)


@pytest.fixture(scope="module")
def canned() -> dict[str, CannedQuery]:
    return load_canned_queries(QUERIES_DIR)


@pytest.fixture(scope="module")
def answer(engine: OxigraphEngine, canned: dict[str, CannedQuery]):
    """``answer(name, **parameters)``: the rows of a canned query, values as text."""

    def run(name: str, **parameters: str) -> list[Row]:
        query = canned[name]
        names, found = rows(engine.query(query.text, query.bindings(parameters, HOME)))
        return [{n: value(t) for n, t in zip(names, row, strict=True)} for row in found]

    return run


def raw_rows(engine: OxigraphEngine, query: CannedQuery, **parameters: str) -> list[dict[str, Term | None]]:
    names, found = rows(engine.query(query.text, query.bindings(parameters, HOME)))
    return [dict(zip(names, row, strict=True)) for row in found]


# ---------------------------------------------------------------------------
# Reading the documents
# ---------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
# Latvian month names in the locative the documents use ("10. oktobrī", "29.augustā").
LV_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "janvārī",
            "februārī",
            "martā",
            "aprīlī",
            "maijā",
            "jūnijā",
            "jūlijā",
            "augustā",
            "septembrī",
            "oktobrī",
            "novembrī",
            "decembrī",
        ],
        1,
    )
}
MONTH = "|".join(MONTHS)
DATE_PATTERNS = (
    # "December 17th, 1993", "August 23rd , 2008"
    (re.compile(rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,\s*(\d{{4}})", re.I), "mdy"),
    # "September, 2012": the month only
    (re.compile(rf"\b({MONTH})\s*,\s*(\d{{4}})", re.I), "my"),
    # "17 November 2017"
    (re.compile(rf"\b(\d{{1,2}})\s+({MONTH})\s+(\d{{4}})", re.I), "dmy"),
    # "2015. gada 10. oktobrī"
    (re.compile(r"(\d{4})\.\s*gada\s+(\d{1,2})\.\s*(\w+)"), "lv"),
)


def dates_in(line: str) -> list[tuple[str, str]]:
    """The dates a line of the twin-city page gives, in order: (lexical form, precision)."""
    found: list[tuple[int, str, str]] = []
    for pattern, shape in DATE_PATTERNS:
        for m in pattern.finditer(line):
            if shape == "mdy":
                month, day, year = MONTHS[m[1].lower()], int(m[2]), m[3]
                found.append((m.start(), f"{year}-{month:02d}-{day:02d}", "date"))
            elif shape == "my":
                found.append((m.start(), f"{m[2]}-{MONTHS[m[1].lower()]:02d}", "gYearMonth"))
            elif shape == "dmy":
                found.append((m.start(), f"{m[3]}-{MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}", "date"))
            else:
                found.append((m.start(), f"{m[1]}-{LV_MONTHS[m[3].lower()]:02d}-{int(m[2]):02d}", "date"))
    return [(lexical, precision) for _, lexical, precision in sorted(found)]


@dataclass(frozen=True)
class PageEntry:
    """One partner of the twin-city page, as the page writes it."""

    name: str
    country: str
    dates: tuple[tuple[str, str], ...]
    fields: str
    """The entry's text after the date line: its list of fields, as one string."""


def twin_city_page(text: str) -> list[PageEntry]:
    """Parse 001: a heading "Radom (Poland)", then the date line, then the fields."""
    lines = text.splitlines()
    starts = [
        i
        for i, line in enumerate(lines[:-1])
        if re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", line)
        and re.search(r"agreement was (concluded|signed)|līgums noslēgts", lines[i + 1], re.I)
    ]
    entries = []
    for n, i in enumerate(starts):
        m = re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", lines[i])
        assert m is not None
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        country = m[2].split(",")[-1].strip()  # "Adžarija, Grūzija": region, country
        entries.append(PageEntry(m[1], country, tuple(dates_in(lines[i + 1])), "\n".join(lines[i + 1 : end])))
    return entries


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (set COOPGRAPH_SEEDS)")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def page(seeds: dict[str, str]) -> list[PageEntry]:
    entries = twin_city_page(seeds[TWIN_PAGE])
    assert len(entries) == 22, [e.name for e in entries]  # the page's list, counted by hand
    return entries


@pytest.fixture(scope="module")
def names(engine: OxigraphEngine):
    """``names(class)``: lower-cased label and alternative label -> IRI, for one class."""
    cache: dict[str, dict[str, str]] = {}

    def lookup(cls: str) -> dict[str, str]:
        if cls not in cache:
            result = engine.query(
                "SELECT ?class ?x ?name WHERE { ?x a ?class . "
                "{ ?x rdfs:label ?name } UNION { ?x skos:altLabel ?name } }",
                {"class": ox.NamedNode(COOP + cls)},
            )
            found: dict[str, set[str]] = defaultdict(set)
            for solution in result:
                found[solution["name"].value.lower()].add(solution["x"].value)
            assert all(len(v) == 1 for v in found.values()), {k: v for k, v in found.items() if len(v) > 1}
            cache[cls] = {k: v.pop() for k, v in found.items()}
        return cache[cls]

    return lookup


@pytest.fixture(scope="module")
def partners(page: list[PageEntry], names) -> dict[str, PageEntry]:
    """The page's entries by the IRI of the municipality each names."""
    municipalities = names("Municipality")
    resolved = {municipalities[e.name.lower()]: e for e in page}
    assert len(resolved) == len(page)
    return resolved


@pytest.fixture(scope="module")
def page_country(partners: dict[str, PageEntry], names) -> dict[str, str]:
    """Partner IRI -> the IRI of the country the page gives in brackets."""
    countries = names("Country")
    return {iri: countries[e.country.lower()] for iri, e in partners.items()}


def mentioning(partners: dict[str, PageEntry], pattern: str) -> set[str]:
    """The partners whose field list on the page matches ``pattern``."""
    return {iri for iri, e in partners.items() if re.search(pattern, e.fields, re.I)}


# ---------------------------------------------------------------------------
# Every query: loads, is documented, runs, answers
# ---------------------------------------------------------------------------


def test_there_are_at_least_fifteen_documented_queries(canned: dict[str, CannedQuery]) -> None:
    assert len(canned) >= 15
    for name, query in canned.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"{name}: file names are kebab-case"
        assert query.title.strip() and query.description.strip(), name
        assert "  " not in query.description, f"{name}: a continuation line was not joined"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_query_runs_and_answers(path: Path, engine: OxigraphEngine, canned: dict[str, CannedQuery]) -> None:
    query = canned[path.stem]
    found = raw_rows(engine, query)  # parameters unbound: free variables
    assert len(found) >= 1, f"{path.name} returns no row on the bundled data"
    for p in query.parameters:
        assert any(row[p.name] is not None for row in found), f"{path.name}: {p.name} is never bound"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_query_orders_its_rows_and_uses_no_blank_nodes(path: Path) -> None:
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    assert re.search(r"\bORDER\s+BY\b", text, re.I), f"{path.name} has no ORDER BY"
    assert "_:" not in text and "[]" not in text, f"{path.name} depends on blank nodes"


def test_readme_lists_every_query() -> None:
    readme = (QUERIES_DIR / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in QUERY_FILES if p.name not in readme]
    assert not missing, f"queries/README.md does not list {missing}"


# ---------------------------------------------------------------------------
# Partners
# ---------------------------------------------------------------------------


def test_partners_by_country_matches_the_twin_city_page(answer, partners, page_country) -> None:
    found = answer("partners-by-country")
    got: dict[str, set[tuple[str | None, str | None]]] = defaultdict(set)
    for row in found:
        assert row["country"] == page_country[row["partner"]], row["partnerLabel"]
        got[row["partner"]].add((row["concluded"], row["precision"]))
    assert set(got) == set(partners)
    assert {iri: set(e.dates) for iri, e in partners.items()} == dict(got)
    assert len(found) == sum(len(e.dates) for e in partners.values()) == 23
    assert DAUGAVPILS not in got
    # "Magdebourg (Germany) / Cooperation agreement was concluded on September, 2012"
    magdeburg = [r for r in found if r["partner"] == ID + "municipality/magdeburg"]
    assert [(r["concluded"], r["precision"]) for r in magdeburg] == [("2012-09", "gYearMonth")]
    assert all(r["partnerLabel"] and r["partnerLabelLv"] and r["countryLabel"] for r in found)


def test_partners_in_belarus_are_vitebsk_bobruisk_and_lida(answer) -> None:
    found = answer("partners-in-country", country=ID + "country/belarus")
    assert len(found) == 3
    # "Vitebsk(Belarus)", "Bobruisk (Belarus)", "Lida (Belarus)"
    assert {r["partner"] for r in found} == {ID + "municipality/" + s for s in ("vitebsk", "bobruisk", "lida")}
    assert {r["country"] for r in found} == {ID + "country/belarus"}
    # "Lida (Belarus) / Cooperation agreement was concluded on January, 2012"
    lida = next(r for r in found if r["partner"].endswith("/lida"))
    assert (lida["firstConcluded"], lida["precision"]) == ("2012-01", "gYearMonth")


def test_partners_in_each_country_of_the_page(answer, partners, page_country) -> None:
    by_country: dict[str, set[str]] = defaultdict(set)
    for iri, country in page_country.items():
        by_country[country].add(iri)
    for country, expected in by_country.items():
        found = answer("partners-in-country", country=country)
        assert {r["partner"] for r in found} == expected, country
        for row in found:
            entry = partners[row["partner"]]
            assert (row["firstConcluded"], row["precision"]) == min(entry.dates), entry.name
            assert int(row["agreements"]) == len(entry.dates), entry.name


def test_partners_by_decade_of_first_agreement(answer, partners) -> None:
    expected = Counter(int(min(e.dates)[0][:4]) // 10 * 10 for e in partners.values())
    found = answer("partners-by-decade")
    assert {int(r["decade"]): int(r["partners"]) for r in found} == dict(expected)
    # Bobruisk, Magdeburg, Batumi, Alaverdi, Lida (2012), Belci (2015), Vagharshapat
    # (2017), Raska and Suluova (2019): nine partners whose first agreement is of the 2010s.
    tens = next(r for r in found if r["decade"] == "2010")
    assert tens["partners"] == "9" and tens["decadeLabel"] == "2010s"
    assert "Radom" in next(r for r in found if r["decade"] == "1990")["partnerNames"].split(", ")
    assert [r["decade"] for r in found] == sorted((r["decade"] for r in found), key=int)


# ---------------------------------------------------------------------------
# Fields of cooperation
# ---------------------------------------------------------------------------

EDUCATION = ID + "field/education"
ENVIRONMENT = ID + "field/environmental-protection"
# Field lists that name education itself ("Education, CultureandSport", "Development of
# education", "izglītība un zinātne"), and those that name it or its narrower fields
# ("pupil exchange program", "pupil and teachers exchange program").
EDUCATION_NAMED = r"educat|izglīt"
EDUCATION_OR_NARROWER = r"educat|izglīt|pupil|teacher"
ENVIRONMENT_NAMED = r"environment"  # "environmental protection", "Protection of the environment"
ENVIRONMENT_OR_NARROWER = r"environment|ecolog"  # and Vagharshapat's "Ecology"
PUBLIC_ADMINISTRATION = ID + "field/public-administration"
# No list names public administration itself; its narrower fields are written "municipal
# cooperation (program)", "Municipality", "issues of European Union integration",
# "Strategic planning", "City management", and, two levels down, "local authorities
# exchange programs" (Motala).
ADMINISTRATION_OR_NARROWER = (
    r"municipal|european union integration|strategic planning|city management|local authorities"
)


def agreements_of(partners: dict[str, PageEntry], chosen: set[str]) -> int:
    return sum(len(partners[iri].dates) for iri in chosen)


def test_fields_ranked_puts_education_at_the_top(answer, partners) -> None:
    found = answer("fields-ranked")
    education = next(r for r in found if r["field"] == EDUCATION)
    expected = mentioning(partners, EDUCATION_NAMED)
    assert int(education["partners"]) == len(expected) == 18
    assert int(education["agreements"]) == agreements_of(partners, expected)
    assert int(education["partners"]) == max(int(r["partners"]) for r in found)
    assert found.index(education) < 3
    assert (education["fieldLabel"], education["fieldLabelLv"]) == ("education", "izglītība")
    environment = next(r for r in found if r["field"] == ENVIRONMENT)
    assert int(environment["partners"]) == len(mentioning(partners, ENVIRONMENT_NAMED))
    ranks = [(int(r["partners"]), int(r["agreements"])) for r in found]
    assert ranks == sorted(ranks, reverse=True)


def test_fields_ranked_with_broader_rolls_narrower_fields_up(answer, partners) -> None:
    found = answer("fields-ranked-with-broader")
    education = next(r for r in found if r["field"] == EDUCATION)
    expected = mentioning(partners, EDUCATION_OR_NARROWER)
    assert int(education["partners"]) == len(expected) == 20
    assert int(education["agreements"]) == agreements_of(partners, expected)
    assert int(education["named"]) == agreements_of(partners, mentioning(partners, EDUCATION_NAMED))
    assert int(education["partners"]) == max(int(r["partners"]) for r in found)
    environment = next(r for r in found if r["field"] == ENVIRONMENT)
    assert int(environment["partners"]) == len(mentioning(partners, ENVIRONMENT_OR_NARROWER)) == 13
    # a narrower field is counted under itself too: "pupil exchange program" (Narofominsk,
    # Vitebsk)
    administration = next(r for r in found if r["field"] == PUBLIC_ADMINISTRATION)
    assert int(administration["partners"]) == len(mentioning(partners, ADMINISTRATION_OR_NARROWER)) == 6
    assert administration["named"] == "0"
    pupil = next(r for r in found if r["field"] == ID + "field/pupil-exchange")
    assert int(pupil["partners"]) == len(mentioning(partners, r"pupil")) == 2
    assert pupil["topConcept"] == "false" and education["topConcept"] == "true"


def test_agreements_with_a_field_include_its_narrower_fields(answer, partners) -> None:
    found = answer("agreements-with-field", field=EDUCATION)
    assert {r["field"] for r in found} == {EDUCATION}
    assert {r["partner"] for r in found} == mentioning(partners, EDUCATION_OR_NARROWER)
    assert len(found) == agreements_of(partners, mentioning(partners, EDUCATION_OR_NARROWER)) == 21
    # "Vitebsk(Belarus) ... - pupil and teachers exchange program": there through its
    # narrower fields only
    vitebsk = next(r for r in found if r["partner"] == ID + "municipality/vitebsk")
    assert set(vitebsk["namedFields"].split(", ")) == {"pupil exchange", "teacher exchange"}
    found = answer("agreements-with-field", field=ENVIRONMENT)
    assert {r["partner"] for r in found} == mentioning(partners, ENVIRONMENT_OR_NARROWER)
    assert len(found) == len({r["agreement"] for r in found})  # one row per agreement
    # "Motala (Sweden) ... Cooperation within the framework of local authorities exchange
    # programs.": two levels below public administration
    found = answer("agreements-with-field", field=PUBLIC_ADMINISTRATION)
    assert {r["partner"] for r in found} == mentioning(partners, ADMINISTRATION_OR_NARROWER)
    motala = next(r for r in found if r["partner"] == ID + "municipality/motala")
    assert motala["namedFields"] == "local authorities exchange"


# ---------------------------------------------------------------------------
# Agreements
# ---------------------------------------------------------------------------


def test_agreements_timeline_is_the_page_in_date_order(answer, partners) -> None:
    found = answer("agreements-timeline")
    assert [r["concluded"] for r in found] == sorted(r["concluded"] for r in found)
    assert Counter((r["partner"], r["concluded"]) for r in found) == Counter(
        (iri, lexical) for iri, e in partners.items() for lexical, _ in e.dates
    )
    # "Radom (Poland) / Cooperation agreement was concluded on December 17th, 1993 and
    # additional agreement was signed on November 17th, 2003."
    radom = [r for r in found if r["partner"] == ID + "municipality/radom"]
    assert [r["concluded"] for r in radom] == ["1993-12-17", "2003-11-17"]
    first, additional = radom
    assert additional["supplements"] == first["agreement"]
    assert (first["isSupplement"], additional["isSupplement"]) == ("false", "true")
    assert [r["partner"] for r in found if r["isSupplement"] == "true"] == [ID + "municipality/radom"]


def test_agreements_concluded_on_a_date_find_the_page_s_dates_at_their_precision(answer, partners) -> None:
    dated = Counter((iri, lexical) for iri, e in partners.items() for lexical, _ in e.dates)
    for lexical in {lexical for _, lexical in dated}:
        found = answer("agreements-concluded-on", concluded=lexical)
        assert Counter((r["partner"], r["concluded"]) for r in found) == Counter(
            {key: n for key, n in dated.items() if key[1] == lexical}
        ), lexical
    # "Magdebourg (Germany) / Cooperation agreement was concluded on September, 2012": a month, found by it alone
    assert [r["partner"] for r in answer("agreements-concluded-on", concluded="2012-09")] == [
        ID + "municipality/magdeburg"
    ]
    assert answer("agreements-concluded-on", concluded="2012") == []


# ---------------------------------------------------------------------------
# Projects and programmes
# ---------------------------------------------------------------------------


def amount(text: str) -> Decimal:
    """ "138 000" -> 138000: the documents group thousands with a (no-break) space."""
    return Decimal(re.sub(r"\s", "", text))


def dmy(text: str) -> str:
    day, month, year = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})\.?", text).groups()  # type: ignore[union-attr]
    return f"{year}-{month}-{day}"


def test_projects_by_programme_budgets_and_periods(answer, seeds) -> None:
    found = answer("projects-by-programme")
    by_project: dict[str, list[Row]] = defaultdict(list)
    for row in found:
        by_project[row["project"]].append(row)
    assert set(by_project) == {SMARTGREEN, PAIRING, INNOVATION, CHANGE}

    pairing = seeds[PAIRING_PAGE]
    (row,) = by_project[PAIRING]
    # "Kopējais projekta budžets sastāda 138 000 EUR" / "Domes līdzfinansējums 4673 EUR"
    budget = re.search(r"budžets sastāda ([\d\s]+?)\s*(EUR)", pairing)
    co_financing = re.search(r"līdzfinansējums ([\d\s]+?)\s*(EUR)", pairing)
    assert budget and co_financing
    assert (Decimal(row["budget"]), row["budgetCurrency"]) == (amount(budget[1]), budget[2]) == (Decimal(138000), "EUR")
    assert (Decimal(row["coFinancing"]), row["coFinancingCurrency"]) == (amount(co_financing[1]), "EUR")
    # "12 mēneši (15.01.2019.-15.01.2020.)"
    period = re.search(r"\((\d{2}\.\d{2}\.\d{4}\.?)-(\d{2}\.\d{2}\.\d{4}\.?)\)", pairing)
    assert period and (row["startDate"], row["endDate"]) == (dmy(period[1]), dmy(period[2]))
    assert (
        row["topProgramme"]
        == row["programme"]
        == ID + "programme/town-twinning-action-between-turkey-and-the-eu-grant-scheme"
    )

    (row,) = by_project[CHANGE]
    # "Projekta kopējās izmaksas 99 000 EUR." / "Projekts tiks īstenots līdz 2015.gada 31.maijam."
    cost = re.search(r"kopējās izmaksas ([\d\s]+?)\s*EUR", seeds[CHANGE_NEWS])
    assert cost and Decimal(row["budget"]) == amount(cost[1]) == Decimal(99000)
    assert row["endDate"] == "2015-05-31" and row["startDate"] is None
    assert row["topProgramme"] == ID + "programme/europe-for-citizens"  # "„Eiropa pilsoņiem” programmas"
    assert row["programme"] == ID + "programme/networks-of-twinned-towns"
    assert Decimal(row["fundingPercentage"]) == Decimal(100)  # "finansiālu atbalstu 100% apjomā"

    # "... under the European Economic Area Financial Mechanism and the Norwegian
    # Financial Mechanism for the period 2014-2021 program “Research and Education”
    # activity “Innovation Centres”."
    assert {r["topProgramme"] for r in by_project[INNOVATION]} == {
        ID + "programme/eea-financial-mechanism-2014-2021",
        ID + "programme/norwegian-financial-mechanism-2014-2021",
    }
    assert {r["programme"] for r in by_project[INNOVATION]} == {ID + "programme/innovation-centres"}
    # "“GREEN ENERGY FOR SMART CITIES”, No. PA-GRO-1575"
    (row,) = by_project[SMARTGREEN]
    number = re.search(r"No\. (PA-GRO-\d+)", seeds[SMARTGREEN_NEWS])
    assert number and row["identifier"] == number[1]
    assert row["budget"] is None and row["startDate"] is None  # the item gives neither


def test_project_participants_of_the_pairing_project(answer, seeds) -> None:
    found = answer("project-participants")
    assert len({(r["project"], r["participant"]) for r in found}) == len(found), "one role per participant"
    pairing = [r for r in found if r["project"] == PAIRING]
    text = seeds[PAIRING_PAGE]
    # "Projekta iesniedzējs (vadošais partneris): Suluova Apgabala Valdība, Turcija
    #  /Suluova District Governorship, Turkey/"
    lead = re.search(r"vadošais partneris\):\s*(.+?),[^\n]*\s*/(.+?),[^/]*/", text)
    assert lead
    assert (
        [(r["participantLabelLv"], r["participantLabel"]) for r in pairing if r["role"] == "lead partner"]
        == [(lead[1].strip(), lead[2].strip())]
        == [("Suluova Apgabala Valdība", "Suluova District Governorship")]
    )
    # "Projekta partneri: Daugavpils pilsētas dome, Daugavpils, Latvija / Suluovas
    #  Tirdzniecības un Rūpniecības Kamera, Turcija"
    block = text.split("Projekta partneri:")[1].split("Projekta sadarbības partneri:")[0]
    listed = [line.split(",")[0].strip() for line in block.splitlines() if line.strip()]
    assert sorted(r["participantLabelLv"] for r in pairing if r["role"] == "partner") == sorted(listed)
    # "Projekta sadarbības partneri: 1) Amasjas Valdība, 2) Amasjas - Suluovas ... 4)
    #  Suluova pašvaldība" ("pašvaldība": the municipality's government, an organisation)
    block = text.split("Projekta sadarbības partneri:")[1].split("Finansēšanas avots:")[0]
    listed = [re.sub(r"^\d\)\s*|,$", "", line.strip()) for line in block.splitlines() if line.strip()]
    dash = lambda s: re.sub(r"\s*[-–]\s*", "-", s)  # noqa: E731
    associated = {dash(r["participantLabelLv"]): r for r in pairing if r["role"] == "associated partner"}
    assert set(associated) == {dash(name) for name in listed} and len(listed) == 4
    assert associated["Suluova pašvaldība"]["participantKind"] == "organisation"
    assert associated["Suluova pašvaldība"]["roleProperty"] == COOP + "associatedPartner"
    # 004 and 003 give no roles: "sadarbību ar Poznaņas pašvaldību" (the municipality's
    # government), "in cooperation with Trondheim Science Centre"; 003 does not make
    # Daugavpils Innovation Centre a participant of the project (it took part in the visit)
    assert {r["participantLabel"]: r["role"] for r in found if r["project"] == CHANGE} == {
        "Municipality of Poznań": "participant",
        "Daugavpils City Council": "participant",
    }
    assert {r["participantLabel"] for r in found if r["project"] == INNOVATION} == {
        "Daugavpils City Municipality",
        "Trondheim Science Centre",
    }


def test_partners_in_projects_is_suluova(answer, partners, seeds) -> None:
    found = answer("partners-in-projects")
    # the twin-city page's partners that any project document names at all
    project_texts = [t for name, t in seeds.items() if name != TWIN_PAGE]
    named = {
        iri for iri, e in partners.items() if any(re.search(r"\b" + re.escape(e.name), t, re.I) for t in project_texts)
    }
    assert {r["partner"] for r in found} == named == {ID + "municipality/suluova"}
    # 002: the lead partner "Suluova District Governorship", the partner "Suluovas
    # Tirdzniecības un Rūpniecības Kamera" and the associated partner "Suluova pašvaldība"
    # (the municipality's government) are located in Suluova.
    assert {(r["via"], r["role"]) for r in found} == {
        (ID + "organisation/suluova-district-governorship", "lead partner"),
        (ID + "organisation/suluova-chamber-of-commerce-and-industry", "partner"),
        (ID + "organisation/suluova-municipality", "associated partner"),
    }
    assert {r["project"] for r in found} == {PAIRING}


def test_programme_hierarchy_parents_operators_and_funders(answer, seeds) -> None:
    found = answer("programme-hierarchy")
    by_label = defaultdict(list)
    for row in found:
        by_label[row["programmeLabel"]].append(row)
    label_of = {r["programme"]: r for r in found}
    # 003: 'program “Research and Education” activity “Innovation Centres”'
    m = re.search(r"program “(.+?)” activity “(.+?)”", seeds[INNOVATION_NEWS])
    assert m
    (child,) = by_label[m[2]]  # the direct parent only, not the mechanisms above it
    assert child["parentLabel"] == m[1]
    assert {r["parentLabel"] for r in by_label[m[1]]} == {
        "EEA Financial Mechanism 2014–2021",
        "Norwegian Financial Mechanism 2014–2021",
    }
    # 004: 'programmas 1.aktivitātes „Aktīvi iedzīvotāji Eiropai” 1.2.apakšaktivitātes
    # „Sadraudzības pašvaldību tīklojumi”'
    m = re.search(r"„(.+?)” programmas 1\.aktivitātes „(.+?)” 1\.2\.apakšaktivitātes „(.+?)”", seeds[CHANGE_NEWS])
    assert m
    lv = {r["programmeLabelLv"]: r for r in found}
    assert label_of[lv[m[3]]["parent"]]["programmeLabelLv"] == m[2]
    assert label_of[lv[m[2]]["parent"]]["programmeLabelLv"] == m[1]
    assert lv[m[3]]["notation"] == "1.2"
    assert lv[m[1]]["parent"] is None
    # 000: "... is administrated by the Nordic Council of Ministers' Office Estonia."
    m = re.search(r"administrated by the (.+?)\.\s", seeds[SMARTGREEN_NEWS])
    (nordic,) = by_label["Nordic-Baltic Mobility Programme for Public Administration"]
    assert m and nordic["operators"] == m[1]
    # 002: "programmu finansē ES un Turcijas Republika"
    (ttgs,) = by_label["Town Twinning Action between Turkey and the EU Grant Scheme"]
    assert set(ttgs["funders"].split("; ")) == {"European Union", "Turkey"}
    assert ttgs["projects"] == "1"


def test_project_events_dates_and_places(answer, seeds) -> None:
    found = answer("project-events")
    assert len({(r["event"], r["location"]) for r in found}) == len(found), "one type per event"
    # 000: "In April this year a project activity took place in Vänersborg (Sweden), where
    # representatives ... participated in the project partners' meeting and seminar"
    m = re.search(r"In (\w+) this year a project activity took place in (\S+)", seeds[SMARTGREEN_NEWS])
    assert m
    april = [r for r in found if r["project"] == SMARTGREEN and r["startDate"] is not None]
    assert {(r["startDate"], r["precision"]) for r in april} == {(f"--{MONTHS[m[1].lower()]:02d}", "gMonth")}
    assert {r["locationLabel"] for r in april} == {m[2]}
    assert sorted(r["typeLabel"] for r in april) == ["meeting", "seminar"]
    # 002: "Projekta ietvaros 29.augustā notiks seminārs par sadzīves atkritumu
    # apsaimniekošanu"
    m = re.search(r"(\d{1,2})\.\s*(\w+) notiks seminārs", seeds[PAIRING_PAGE])
    assert m
    dated = [r for r in found if r["project"] == PAIRING and r["startDate"] is not None]
    assert [(r["startDate"], r["precision"], r["type"]) for r in dated] == [
        (f"--{LV_MONTHS[m[2]]:02d}-{int(m[1]):02d}", "gMonthDay", COOP + "Seminar")
    ]
    # 003: "... implemented two cooperation project activities in September."
    innovation = [r for r in found if r["project"] == INNOVATION]
    assert "in September" in seeds[INNOVATION_NEWS]
    assert {(r["startDate"], r["precision"]) for r in innovation} == {("--09", "gMonth")}
    assert {r["type"] for r in innovation} == {COOP + "StudyVisit", COOP + "Meeting"}


def test_countries_overview_counts(answer, page_country, seeds, names) -> None:
    found = {r["country"]: r for r in answer("countries-overview")}
    for country, count in Counter(page_country.values()).items():
        assert int(found[country]["partners"]) == count, found[country]["countryLabel"]
    assert sum(int(r["partners"]) for r in found.values()) == len(page_country)
    # Participants, transcribed: 002 lists six Turkish participants (the lead partner,
    # the chamber of commerce, three Amasya bodies, "Suluova pašvaldība"); the Daugavpils
    # participants are the City Municipality (000, 003) and the City Council (002, 004)
    # (the Innovation Centre took part in 003's visit, not as a project participant);
    # Trondheim Science Centre "in Norway" (003); "Poznaņas pašvaldību Polijā" (004).
    participants = {c: int(r["participants"]) for c, r in found.items() if r["participants"] != "0"}
    assert participants == {
        ID + "country/turkey": 6,
        ID + "country/latvia": 2,
        ID + "country/norway": 1,
        ID + "country/poland": 1,
    }
    # 004: "14 partneri no 11 valstīm: Polijas, Latvijas, ... Vācijas un Rumānijas." and
    # 000: "partners in Nordic countries – Sweden and Iceland"
    listed = re.search(r"valstīm: (.+?)\.", seeds[CHANGE_NEWS])
    assert listed
    genitives = re.split(r",\s*|\s+un\s+", listed[1])
    countries = names("Country")
    named = Counter(countries[g.removesuffix("s").lower()] for g in genitives)
    named.update([ID + "country/sweden", ID + "country/iceland"])
    assert {c: int(r["projectsNamingIt"]) for c, r in found.items() if r["projectsNamingIt"] != "0"} == dict(named)


# ---------------------------------------------------------------------------
# Sources and claims
# ---------------------------------------------------------------------------


def test_facts_by_source_covers_all_five_documents(answer, seeds, page) -> None:
    found = answer("facts-by-source")
    assert {r["file"] for r in found} == set(seeds) and len(seeds) == 5
    count = {(r["file"], r["class"]): int(r["resources"]) for r in found}
    # 001: one agreement per date on the page, one municipality per entry plus Daugavpils
    assert count[(TWIN_PAGE, COOP + "CooperationAgreement")] == sum(len(e.dates) for e in page) == 23
    assert count[(TWIN_PAGE, COOP + "Municipality")] == len(page) + 1
    assert count[(TWIN_PAGE, COOP + "Claim")] == 1
    # each project page describes one project
    for document in (SMARTGREEN_NEWS, PAIRING_PAGE, INNOVATION_NEWS, CHANGE_NEWS):
        assert count[(document, COOP + "Project")] == 1, document
    # the twin-city page yields exactly these classes, each resource under the class the
    # curators gave it (not also under inferred super-classes such as prov:Entity)
    assert {c for f, c in count if f == TWIN_PAGE} == {
        COOP + cls for cls in ("CooperationAgreement", "Municipality", "Country", "FieldOfCooperation", "Claim")
    } | {"http://www.w3.org/2004/02/skos/core#ConceptScheme"}
    # 002's press releases ("Preses relīzes:"), one event each, except that the final
    # trip ("NOTIKA NOSLĒGUMA PIEREDZES APMAIŅAS BRAUCIENS") is announced twice, by the
    # city and by Daugavpils University
    releases = seeds[PAIRING_PAGE].split("Preses relīzes:")[1]
    titles = [line.strip().lower() for line in releases.splitlines() if line.strip()]
    final_trip = [title for title in titles if "noslēguma pieredzes apmaiņas brauciens" in title]
    events = sum(count.get((PAIRING_PAGE, COOP + c), 0) for c in ("Event", "Meeting", "Seminar", "StudyVisit"))
    assert len(final_trip) == 2
    assert events == len(titles) - len(final_trip) + 1 == 5
    assert count[(PAIRING_PAGE, COOP + "Event")] == 3  # the three known only by their title
    # 002's two amounts: "Kopējais projekta budžets" and "Domes līdzfinansējums"
    assert count[(PAIRING_PAGE, "https://schema.org/MonetaryAmount")] == 2


def test_resources_from_the_pairing_page(answer, seeds) -> None:
    source = ID + "source/edf813028eb51fb7"
    found = answer("resources-from-source", source=source)
    assert {r["source"] for r in found} == {source}
    assert {r["file"] for r in found} == {PAIRING_PAGE}
    classes = {r["resource"]: r["class"] for r in found}
    assert classes[PAIRING] == COOP + "Project"
    assert classes[ID + "organisation/suluova-district-governorship"] == COOP + "Organisation"
    # every Latvian label of a participant is written in the document
    for lv in ("Suluova Apgabala Valdība", "Suluovas Tirdzniecības un Rūpniecības Kamera", "Daugavpils pilsētas dome"):
        assert lv in seeds[PAIRING_PAGE]
        assert lv in {r["labelLv"] for r in found}
    # nothing from the other documents only
    assert CHANGE not in classes and ID + "municipality/radom" not in classes
    other = answer("resources-from-source", source=ID + "source/c183aa67ad5c6ec1")
    assert CHANGE in {r["resource"] for r in other} and PAIRING not in {r["resource"] for r in other}


def test_source_claims_eighteen_stated_twenty_two_held(answer, seeds, page) -> None:
    (claim,) = answer("source-claims")
    # "Daugavpils has 18 twin cities, but the closest cooperation it has with ..."
    stated = re.search(r"Daugavpils has (\d+) twin cities", seeds[TWIN_PAGE])
    assert stated and int(claim["statedCount"]) == int(stated[1]) == 18
    assert int(claim["partnersInData"]) == len(page) == 22
    assert int(claim["agreementsInData"]) == sum(len(e.dates) for e in page) == 23
    assert int(claim["difference"]) == 22 - 18
    assert claim["file"] == TWIN_PAGE and claim["about"] == DAUGAVPILS
    assert claim["text"] in seeds[TWIN_PAGE]


# ---------------------------------------------------------------------------
# Map and data quality
# ---------------------------------------------------------------------------


def test_partners_on_the_map(answer, partners, names) -> None:
    found = {r["partner"]: r for r in answer("partners-on-the-map")}
    assert set(found) == set(partners)
    for iri, entry in partners.items():
        assert found[iri]["firstYear"] == min(entry.dates)[0][:4], entry.name
    # The gazetteer table (../shared/reference/alignment.csv): rows two gazetteers agree on
    # give the Wikidata item and the coordinates.
    if not (REFERENCE / "alignment.csv").is_file():
        pytest.skip(f"alignment.csv not found in {REFERENCE}")
    municipalities = names("Municipality")
    checked = 0
    with (REFERENCE / "alignment.csv").open(encoding="utf-8") as table:
        for row in csv.DictReader(table):
            spellings = [n.strip().lower() for n in row["name_in_sources"].split("/")]
            iri = next((municipalities[n] for n in spellings if n in municipalities), None)
            if iri not in found or row["confidence"] != "two sources":
                continue
            got = found[iri]
            assert got["wikidata"] == "http://www.wikidata.org/entity/" + row["wikidata"], row["name_in_sources"]
            assert got["match"] == "exact"
            assert Decimal(got["lat"]) == Decimal(row["lat"]) and Decimal(got["long"]) == Decimal(row["lon"])
            checked += 1
    assert checked >= 10
    # "Suluova ... one source ... district": a close match only; "Raska / Raška ... unresolved"
    suluova, raska = found[ID + "municipality/suluova"], found[ID + "municipality/raska"]
    assert (suluova["wikidata"], suluova["match"]) == ("http://www.wikidata.org/entity/Q1922386", "close")
    assert raska["wikidata"] is None and raska["lat"] is None


def test_undated_or_partly_dated(answer, partners, seeds) -> None:
    found = answer("undated-or-partly-dated")
    agreements = {r["resource"]: r for r in found if r["kind"] == "agreement"}
    # the page's entries whose date has no day: "September, 2012" (Magdebourg) and
    # "January, 2012" (Lida)
    coarse = {iri for iri, e in partners.items() if any(p != "date" for _, p in e.dates)}
    assert {
        f"{ID}municipality/{a.split('/')[-1].removeprefix('daugavpils-').rsplit('-', 1)[0]}" for a in agreements
    } == coarse
    assert {r["problem"] for r in agreements.values()} == {"month and year only"}
    projects = {(r["resource"], r["dateProperty"].rsplit("/", 1)[-1]) for r in found if r["kind"] == "project"}
    # 000: "The SmartGreen project will continue until the end of this year" (no year);
    # 003 gives no period; 004: "Projekts tiks īstenots līdz 2015.gada 31.maijam" (an end,
    # no start); 002: "15.01.2019.-15.01.2020." (both, to the day)
    assert projects == {
        (SMARTGREEN, "startDate"),
        (SMARTGREEN, "endDate"),
        (INNOVATION, "startDate"),
        (INNOVATION, "endDate"),
        (CHANGE, "startDate"),
    }
    events = {r["resource"]: r for r in found if r["kind"] == "event"}
    # "In April this year": a month without a year
    meeting = events[ID + "event/smartgreen-vanersborg-partners-meeting"]
    assert (meeting["date"], meeting["problem"]) == ("--04", "month only, no year")
    assert all(r["file"] in seeds for r in found)


# ---------------------------------------------------------------------------
# The other queries
# ---------------------------------------------------------------------------


def test_cooperation_with_vanersborg_has_no_agreement(answer, seeds) -> None:
    (row,) = answer("cooperations-without-agreement")
    # "cooperation between the municipalities of Vänersborg and Daugavpils has been
    # ongoing since 2018"
    since = re.search(r"municipalities of (\S+) and Daugavpils has been ongoing since (\d{4})", seeds[SMARTGREEN_NEWS])
    assert since
    assert (row["partnerLabel"], row["startDate"], row["precision"]) == (since[1], since[2], "gYear")
    assert row["file"] == SMARTGREEN_NEWS


def test_project_partner_counts_as_stated(answer, seeds) -> None:
    found = {r["project"]: r for r in answer("project-partner-countries")}
    # "Kopumā projektā iesaistīti 14 partneri no 11 valstīm"
    m = re.search(r"(\d+) partneri no (\d+) valstīm", seeds[CHANGE_NEWS])
    assert m
    change = found[CHANGE]
    assert (change["statedPartners"], change["statedCountries"]) == (m[1], m[2])
    assert change["listedCountries"] == m[2]
    assert change["namedParticipants"] == "2"  # Daugavpils City Council and Poznań
    # "partners in Nordic countries – Sweden and Iceland"
    assert set(found[SMARTGREEN]["countryNames"].split(", ")) == {"Sweden", "Iceland"}


def test_people_named_are_in_the_documents(answer, seeds) -> None:
    found = answer("people-named")
    everything = "\n".join(seeds.values())
    assert {r["name"] for r in found} == {"Dainis Lazdāns", "Kaspars Laizāns", "Jolanta Ūzuliņa"}
    for row in found:
        assert row["name"] in seeds[row["file"]]
    # "Daugavpils Universitātes lektors Mg.vid.plān. Dainis Lazdāns"; "Project Manager
    # Jolanta Ūzuliņa"
    titles = {r["name"]: (r["jobTitle"], r["jobTitleLv"]) for r in found}
    assert titles["Dainis Lazdāns"][1] == "lektors" and "lektors" in everything
    assert titles["Jolanta Ūzuliņa"][0] == "Project Manager" and "Project Manager Jolanta" in everything
