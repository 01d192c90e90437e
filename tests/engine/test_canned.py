"""Canned queries: the same files for every project, each project's home municipality bound as ?home."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.engine.canned import HOME, CannedQueryError, canned_queries, home_bindings, parse_canned_query
from coopgraph.engine.parameters import ParameterError
from coopgraph.engine.sparql import OxigraphEngine, rows
from coopgraph.sources.project import REPOSITORY, Sources

EX = "http://example.org/"
DATA = f"""
<{EX}a1> a <https://w3id.org/coopgraph/ontology#CooperationAgreement> ;
    <https://w3id.org/coopgraph/ontology#party> <{EX}tartu> , <{EX}riga> .
<{EX}a2> a <https://w3id.org/coopgraph/ontology#CooperationAgreement> ;
    <https://w3id.org/coopgraph/ontology#party> <{EX}daugavpils> , <{EX}vitebsk> .
"""

PARTNERS = """\
# title: Partners
# description: The partners of the home municipality.
# parameter: home (IRI): the home municipality
SELECT ?home ?partner WHERE {
  ?a coop:party ?home , ?partner .
  FILTER(?partner != ?home)
}
ORDER BY ?partner
"""


@pytest.fixture
def engine() -> OxigraphEngine:
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.TURTLE)
    return OxigraphEngine(store)


def partners(engine: OxigraphEngine, path: Path, **values: str) -> list[str]:
    query = parse_canned_query(path)
    names, found = rows(engine.query(query.text, query.bindings(values, {HOME: ox.NamedNode(EX + "tartu")})))
    return [row[names.index("partner")].value for row in found]


def test_home_is_bound_from_the_defaults(tmp_path: Path, engine: OxigraphEngine) -> None:
    path = tmp_path / "partners.rq"
    path.write_text(PARTNERS, encoding="utf-8")
    assert partners(engine, path) == [EX + "riga"]


def test_a_given_home_wins_over_the_default(tmp_path: Path, engine: OxigraphEngine) -> None:
    path = tmp_path / "partners.rq"
    path.write_text(PARTNERS, encoding="utf-8")
    assert partners(engine, path, home=EX + "daugavpils") == [EX + "vitebsk"]


def test_a_query_that_uses_home_must_declare_it(tmp_path: Path) -> None:
    path = tmp_path / "partners.rq"
    path.write_text(PARTNERS.replace("# parameter: home (IRI): the home municipality\n", ""), encoding="utf-8")
    with pytest.raises(CannedQueryError, match=r"uses \?home without declaring it"):
        parse_canned_query(path)


def test_a_default_the_query_does_not_declare_is_not_bound(tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text("# title: Count\n# description: Count.\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    assert parse_canned_query(path).bindings({}, {HOME: ox.NamedNode(EX + "tartu")}) == {}


def test_no_repository_query_names_a_city() -> None:
    for query in canned_queries(Sources()).values():
        assert "daugavpils" not in query.text.lower(), query.name


def test_every_repository_query_about_the_home_municipality_declares_it() -> None:
    queries = canned_queries(Sources())
    uses = [q.name for q in queries.values() if "?home" in q.text]
    assert uses and all(queries[name].uses_home for name in uses)


def test_home_comes_from_the_project_s_settings(tmp_path: Path) -> None:
    root = tmp_path / "tartu"
    root.mkdir()
    text = (REPOSITORY / "coopgraph.toml").read_text(encoding="utf-8")
    text = text.replace('iri = "https://w3id.org/coopgraph/id/municipality/daugavpils"\n', "")
    (root / "coopgraph.toml").write_text(text.replace('en = "Daugavpils", lv', 'en = "Tartu", lv'), encoding="utf-8")
    assert home_bindings(Sources(root)) == {HOME: ox.NamedNode("https://w3id.org/coopgraph/id/municipality/tartu")}


def test_a_project_s_own_queries_join_the_defaults(tmp_path: Path) -> None:
    root = tmp_path / "tartu"
    (root / "queries").mkdir(parents=True)
    shutil.copy(REPOSITORY / "coopgraph.toml", root / "coopgraph.toml")
    (root / "queries" / "partners.rq").write_text(PARTNERS, encoding="utf-8")
    mine = canned_queries(Sources(root))
    assert set(mine) == {*canned_queries(Sources()), "partners"}
    assert mine["partners"].path == root / "queries" / "partners.rq"


def test_a_title_and_description_in_latvian_are_read_for_a_latvian_reader(tmp_path: Path) -> None:
    path = tmp_path / "partners.rq"
    path.write_text(
        PARTNERS.replace(
            "# parameter:",
            "# title@lv: Partneri\n# description@lv: Sākumpašvaldības\n#   partneri.\n# parameter:",
        ),
        encoding="utf-8",
    )
    query = parse_canned_query(path)
    assert (query.title_in("lv"), query.description_in("lv")) == ("Partneri", "Sākumpašvaldības partneri.")
    assert (query.title_in("en"), query.description_in("en")) == ("Partners", "The partners of the home municipality.")
    assert query.title == "Partners"


def test_a_query_without_a_latvian_title_shows_the_english_one(tmp_path: Path) -> None:
    path = tmp_path / "partners.rq"
    path.write_text(PARTNERS, encoding="utf-8")
    assert parse_canned_query(path).title_in("lv") == "Partners"


def test_a_parameter_with_a_language_tag_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "partners.rq"
    path.write_text(PARTNERS.replace("# parameter:", "# parameter@lv:"), encoding="utf-8")
    with pytest.raises(CannedQueryError, match=r"partners\.rq:3: a parameter has no language"):
        parse_canned_query(path)


def test_every_canned_query_of_the_repository_has_a_latvian_title_and_description() -> None:
    untranslated = [
        q.name
        for q in canned_queries(Sources(REPOSITORY)).values()
        if q.title_in("lv") == q.title or q.description_in("lv") == q.description
    ]
    assert not untranslated


TYPED = """\
# title: Typed
# description: Agreements of a year.
# parameter: since (date, required): the date
# parameter: country (IRI of coop:Country): the country
SELECT ?since ?country WHERE { ?a coop:concluded ?since ; coop:country ?country }
ORDER BY ?since
"""


def test_a_header_s_types_and_required_flags_are_read(tmp_path: Path) -> None:
    path = tmp_path / "typed.rq"
    path.write_text(TYPED, encoding="utf-8")
    since, country = parse_canned_query(path).parameters
    assert (since.name, since.type.base, since.required, since.line) == ("since", "date", True, 3)
    assert (country.type.of_class, country.required, country.line) == (
        "https://w3id.org/coopgraph/ontology#Country",
        False,
        4,
    )


def test_a_required_parameter_must_be_given(tmp_path: Path) -> None:
    path = tmp_path / "typed.rq"
    path.write_text(TYPED, encoding="utf-8")
    query = parse_canned_query(path)
    with pytest.raises(ParameterError, match="parameter since is required") as raised:
        query.bindings({"country": "https://w3id.org/coopgraph/id/country/belarus"})
    assert raised.value.parameter == "since"
    assert query.bindings({"since": "2012-09"})["since"] == ox.Literal(
        "2012-09", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")
    )


def test_an_unknown_parameter_is_named(tmp_path: Path) -> None:
    path = tmp_path / "typed.rq"
    path.write_text(TYPED, encoding="utf-8")
    with pytest.raises(ParameterError, match="typed has no parameter cuntry") as raised:
        parse_canned_query(path).bindings({"since": "2012", "cuntry": "x"})
    assert raised.value.parameter == "cuntry"


def test_an_unknown_type_fails_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "typed.rq"
    path.write_text(TYPED.replace("(IRI of coop:Country)", "(IRI of kop:Country)"), encoding="utf-8")
    at = re.escape(str(path))
    with pytest.raises(CannedQueryError, match=rf"^{at}:4: parameter country: the class 'kop:Country'"):
        parse_canned_query(path)
    path.write_text(TYPED.replace("(date, required)", "(datum, required)"), encoding="utf-8")
    with pytest.raises(CannedQueryError, match=rf"^{at}:3: parameter since: unknown parameter type"):
        parse_canned_query(path)


def test_a_parameter_the_query_never_uses_fails_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "typed.rq"
    text = TYPED.replace("# parameter: country", "# parameter: year (integer): unused\n# parameter: country")
    path.write_text(text.replace("SELECT ?since", "SELECT ?since  # not ?year"), encoding="utf-8")
    at = re.escape(str(path))
    with pytest.raises(CannedQueryError, match=rf"^{at}:4: parameter year is declared, but the query"):
        parse_canned_query(path)


def test_the_columns_are_the_projection_in_order(tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text("# title: C\n# description: C.\nSELECT ?b (COUNT(?x) AS ?n) ?a WHERE { ?a ?b ?x } GROUP BY ?a ?b\n")
    assert parse_canned_query(path).columns == ("b", "n", "a")


def test_a_query_that_assigns_a_parameter_itself_is_known(tmp_path: Path) -> None:
    path = tmp_path / "decades.rq"
    path.write_text(
        "# title: D\n# description: D.\n# parameter: decade (integer): d\n# parameter: home (IRI): h\n"
        "SELECT ?home ?decade WHERE { ?a coop:party ?home ; coop:year ?y BIND(FLOOR(?y / 10) * 10 AS ?decade) }\n"
        "ORDER BY ?decade\n"
    )
    query = parse_canned_query(path)
    assert query.assigns("decade") and not query.assigns("home")
