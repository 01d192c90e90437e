"""The query editor's context, prefixes and links, without a browser (tests/web/test_editor_browser.py has one).

``editor_context`` and ``with_prefixes`` are pure; the template is rendered by a
bare Flask app over the package's own templates and static files, and the
shipped YASGUI bundle is checked to need nothing from the internet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from flask import Flask, render_template

import coopgraph.web
from coopgraph.engine.canned import CannedQuery, load_canned_queries
from coopgraph.namespaces import PREFIXES
from coopgraph.sources.project import REPOSITORY
from coopgraph.web.editor import (
    DEFAULT_QUERY,
    DEFAULT_TAB_NAME,
    NEW_TAB_QUERY,
    PAGE_TITLE,
    editor_context,
    prefix_usage,
    resource_url,
    with_home,
    with_prefixes,
)

PACKAGE = Path(coopgraph.web.__file__).parent
STATIC = PACKAGE / "static" / "yasgui"
QUERIES = load_canned_queries(REPOSITORY / "queries")
ENDPOINT = "http://127.0.0.1:8765/sparql"
DATASET_BASE = "https://w3id.org/coopgraph/"
PUBLIC_BASE = "http://127.0.0.1:8765/"

P = {
    "coop": "https://w3id.org/coopgraph/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def context(queries=None, **overrides):
    arguments = {
        "endpoint": ENDPOINT,
        "queries": tuple(QUERIES.values()) if queries is None else queries,
        "prefixes": PREFIXES,
        "dataset_base": DATASET_BASE,
        "public_base": PUBLIC_BASE,
        **overrides,
    }
    return editor_context(**arguments)


# --- with_prefixes ---------------------------------------------------------------------------------


def test_adds_the_prefixes_a_query_uses_in_the_order_of_the_map():
    text = "SELECT ?x WHERE { ?x a coop:Municipality ; rdfs:label ?l }"
    assert with_prefixes(text, P) == (
        "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + text
    )


def test_the_comment_header_stays_first():
    text = "# title: T\n# description: D\n#   more.\nSELECT * WHERE { ?x a coop:Country }\n"
    assert with_prefixes(text, P) == (
        "# title: T\n# description: D\n#   more.\nPREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
        "SELECT * WHERE { ?x a coop:Country }\n"
    )


def test_a_blank_line_after_the_header_stays_before_the_query():
    text = "# title: T\n\nSELECT * WHERE { ?x a coop:Country }"
    assert (
        with_prefixes(text, P)
        == "# title: T\nPREFIX coop: <https://w3id.org/coopgraph/ontology#>\n\nSELECT * WHERE { ?x a coop:Country }"
    )


def test_a_query_that_is_only_a_comment_without_newline_gets_its_line_break():
    assert with_prefixes("# only coop:x in a comment", P) == "# only coop:x in a comment"
    assert with_prefixes("# c\nASK { ?x a coop:X }", P).startswith("# c\nPREFIX coop:")


def test_declared_prefixes_are_not_declared_again_whatever_their_case_or_namespace():
    text = (
        "prefix coop: <http://elsewhere.example/#>\n"
        "Prefix  rdfs:<http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT * { ?x a coop:X ; rdfs:label ?l }"
    )
    assert with_prefixes(text, P) == text


def test_only_the_missing_ones_are_added():
    text = "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\nSELECT * { ?x a coop:X ; skos:broader ?y }"
    assert with_prefixes(text, P) == "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + text


def test_colons_in_comments_strings_iris_and_blank_nodes_are_not_prefixes():
    text = (
        "SELECT * WHERE {  # rdfs:label is not used here\n"
        '  ?x <http://example.org/a:b> "12:30", \'coop:x\', """xsd:date\nskos:y""" .\n'
        "  _:b1 <http://example.org/p> ?y .\n"
        "}"
    )
    assert prefix_usage(text) == (set(), set())
    assert with_prefixes(text, P) == text


def test_datatypes_paths_and_the_empty_prefix_are_seen():
    declared, used = prefix_usage('SELECT * { ?x coop:a/coop:b* ?y ; :local "1"^^xsd:integer FILTER(?y != skos:z) }')
    assert declared == set()
    assert used == {"coop", "", "xsd", "skos"}


def test_unknown_prefixes_are_left_for_the_endpoint_to_report():
    text = "SELECT * { ?x ex:p ?y ; coop:q ?z }"
    assert with_prefixes(text, P) == "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n" + text


def test_a_query_using_no_prefix_is_unchanged():
    assert with_prefixes("SELECT * WHERE { ?s ?p ?o } LIMIT 1", PREFIXES) == "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    assert with_prefixes(NEW_TAB_QUERY, PREFIXES) == NEW_TAB_QUERY


def test_local_names_with_dots_dashes_and_colons_are_read_whole():
    _, used = prefix_usage("SELECT * { ?x id:country/x ; coop:a.b-c:d ?y . ?y coop:z ?w. }")
    assert used == {"id", "coop"}
    _, used = prefix_usage("SELECT * { ?x id:country ?y }")
    assert used == {"id"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_parses_once_its_prefixes_are_written(name: str):
    """What the editor shows must pass a SPARQL parser that knows no prefix, as YASQE's check does."""
    text = with_prefixes(QUERIES[name].text, PREFIXES)
    ox.Store().query(text)  # raises SyntaxError on an undeclared prefix
    assert text.startswith("# title:")


def test_the_default_query_parses_and_counts_agreements_by_country(store: ox.Store):
    text = with_prefixes(DEFAULT_QUERY, PREFIXES)
    ox.Store().query(text)
    result = store.query(text, use_default_graph_as_union=True)
    counts = {row["countryLabel"].value: int(row["agreements"].value) for row in result}
    assert counts["Belarus"] == 3
    assert counts["Latvia"] == 23  # the home country: every agreement has a party there


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iri", "dataset_base", "public_base", "expected"),
    [
        (
            "https://w3id.org/coopgraph/id/municipality/radom",
            DATASET_BASE,
            "http://127.0.0.1:5000",
            "http://127.0.0.1:5000/id/municipality/radom",
        ),
        (
            "https://w3id.org/coopgraph/id/municipality/radom",
            "https://w3id.org/coopgraph",
            "http://h/",
            "http://h/id/municipality/radom",
        ),
        (
            "https://w3id.org/coopgraph/ontology#Municipality",
            DATASET_BASE,
            "https://data.example.org/coop/",
            "https://data.example.org/coop/ontology#Municipality",
        ),
        ("https://w3id.org/coopgraphs/x", DATASET_BASE, "http://h/", "https://w3id.org/coopgraphs/x"),
        (
            "http://www.w3.org/2001/XMLSchema#integer",
            DATASET_BASE,
            "http://h/",
            "http://www.w3.org/2001/XMLSchema#integer",
        ),
        ("https://w3id.org/coopgraph/", DATASET_BASE, "http://h/", "http://h/"),
    ],
)
def test_resource_url_maps_the_dataset_base_to_the_public_base(iri, dataset_base, public_base, expected):
    assert resource_url(iri, dataset_base, public_base) == expected


# --- editor_context ------------------------------------------------------------------------------


def test_one_tab_per_canned_query_after_the_default_one():
    editor = context()["editor"]
    tabs = editor["tabs"]
    assert tabs[0]["name"] == DEFAULT_TAB_NAME
    assert tabs[0]["query"] == with_prefixes(DEFAULT_QUERY, PREFIXES)
    assert [t["name"] for t in tabs[1:]] == [q.title for q in QUERIES.values()]
    for tab, query in zip(tabs[1:], QUERIES.values(), strict=True):
        assert tab["query"] == with_prefixes(query.text, PREFIXES)
        assert tab["description"] == query.description
        assert "# description:" in tab["query"]  # visible in the editor as the query's first lines
    ids = [t["id"] for t in tabs]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"coopgraph-[A-Za-z0-9_-]+", i) for i in ids)


def test_the_context_names_the_endpoint_prefixes_and_link_bases():
    ctx = context(public_base="http://127.0.0.1:8765", dataset_base="https://w3id.org/coopgraph")
    assert ctx["page_title"] == PAGE_TITLE == "coopgraph SPARQL query editor"
    assert ctx["home_url"] == "http://127.0.0.1:8765/"
    assert ctx["endpoint"] == ENDPOINT
    editor = ctx["editor"]
    assert editor["endpoint"] == ENDPOINT
    assert editor["prefixes"] == PREFIXES
    assert editor["datasetBase"] == "https://w3id.org/coopgraph/"
    assert editor["publicBase"] == "http://127.0.0.1:8765/"
    assert ENDPOINT in editor["persistenceId"]
    assert json.loads(json.dumps(ctx)) == ctx


def test_the_persistence_id_differs_between_endpoints():
    one = context(endpoint="http://a.example/sparql")["editor"]["persistenceId"]
    other = context(endpoint="http://b.example/coop/sparql")["editor"]["persistenceId"]
    assert one != other


def test_no_canned_queries_still_gives_the_default_tab():
    assert [t["name"] for t in context(queries=[])["editor"]["tabs"]] == [DEFAULT_TAB_NAME]


def test_queries_may_be_any_iterable():
    assert len(context(queries=iter(QUERIES.values()))["editor"]["tabs"]) == len(QUERIES) + 1


# --- the template --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app() -> Flask:
    """A bare app over the package's templates/ and static/, as the real one serves them."""
    return Flask("coopgraph.web")


def render(app: Flask, ctx: dict) -> str:
    with app.test_request_context("/sparql", base_url="http://127.0.0.1:8765"):
        return render_template("editor.html", **ctx)


def page_config(page: str) -> dict:
    match = re.search(r'<script id="editor-config" type="application/json">(.*?)</script>', page, re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


def test_the_page_loads_yasgui_from_the_package_and_hands_over_the_context(app: Flask):
    ctx = context()
    page = render(app, ctx)
    assert f"<title>{PAGE_TITLE}</title>" in page
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in page
    assert '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">' in page
    assert f'href="{ctx["home_url"]}"' in page
    assert page_config(page) == ctx["editor"]
    assert 'method: "POST"' in page and "copyEndpointOnNewTab: true" in page
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert (PACKAGE / asset.removeprefix("/")).is_file(), asset


def test_the_page_fetches_nothing_from_elsewhere(app: Flask):
    page = render(app, context())
    external = {
        url
        for url in re.findall(r'(?:src|href)="([^"]+)"', page)
        if not url.startswith(("/", "http://127.0.0.1:8765/"))
    }
    assert external == set()
    assert not re.search(
        r"cdn|unpkg|jsdelivr|googleapis|lov\.linkeddata|prefix\.cc", page.split('id="editor-config"')[0]
    )


def test_markup_in_a_query_cannot_break_out_of_the_page(app: Flask):
    hostile = CannedQuery(
        "x", "</script><script>alert(1)</script>", "<b>d</b>", "SELECT * {}\n# </script>", Path("x.rq")
    )
    page = render(app, context(queries=[hostile]))
    assert "<script>alert(1)" not in page
    assert page_config(page)["tabs"][1]["name"] == hostile.title


# --- the shipped bundle --------------------------------------------------------------------------


def test_the_bundle_is_shipped_with_its_licence_and_notes():
    for name in ("yasgui.min.js", "yasgui.min.css", "LICENSE", "README.md", "THIRD-PARTY-LICENSES.txt"):
        assert (STATIC / name).is_file(), name
    readme = (STATIC / "README.md").read_text(encoding="utf-8")
    assert "@zazuko/yasgui" in readme and "4.6.2" in readme and "MIT" in readme
    assert "MIT" in (STATIC / "LICENSE").read_text(encoding="utf-8")


def test_the_stylesheet_loads_no_fonts_or_stylesheets():
    css = (STATIC / "yasgui.min.css").read_text(encoding="utf-8")
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(?!data:)", css)


# --- ?home in the editor -------------------------------------------------------------------------

HOME = ox.NamedNode("https://w3id.org/coopgraph/id/municipality/daugavpils")
ABOUT_HOME = sorted(name for name, query in QUERIES.items() if query.uses_home)


def test_a_canned_tab_shows_how_home_is_bound() -> None:
    tabs = {tab["name"]: tab["query"] for tab in context(home=HOME)["editor"]["tabs"]}
    for name in ABOUT_HOME:
        text = tabs[QUERIES[name].title]
        assert f"  VALUES ?home {{ {HOME} }}" in text, name
        assert text.startswith("# title:")
    others = [q for q in QUERIES.values() if not q.uses_home]
    assert others and all(tabs[q.title] == with_prefixes(q.text, PREFIXES) for q in others)


def answers(solutions: ox.QuerySolutions) -> list[list[str]]:
    """Rows as text, in order; a GROUP_CONCAT's items (in no particular order) sorted."""
    return [
        ["unbound" if term is None else f"{type(term).__name__}:{sorted(term.value.split(', '))}" for term in row]
        for row in solutions
    ]


@pytest.mark.parametrize("name", ABOUT_HOME)
def test_a_canned_tab_answers_what_the_server_answers(store: ox.Store, name: str) -> None:
    """The text a user runs from the editor gives the rows the canned query gives with ?home bound."""
    query = QUERIES[name]
    shown = with_home(with_prefixes(query.text, PREFIXES), HOME)
    ox.Store().query(shown)  # parses without the server's prefixes
    as_shown = answers(store.query(shown, use_default_graph_as_union=True))
    bound = store.query(
        query.text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions={ox.Variable("home"): HOME}
    )
    assert as_shown == answers(bound)
    assert as_shown


def test_with_home_leaves_a_query_without_a_group_alone() -> None:
    assert with_home("ASK", HOME) == "ASK"


def test_a_latvian_reader_gets_the_editor_and_its_tabs_in_latvian(app: Flask) -> None:
    ctx = context(lang="lv")
    page = render(app, ctx)
    assert '<html lang="lv">' in page
    assert "SPARQL vaicājumu redaktors" in page and "Piekļuves punkts:" in page
    assert "SPARQL query editor" not in page and "Endpoint:" not in page
    config = page_config(page)
    names = [tab["name"] for tab in config["tabs"]]
    assert names[0] == "Līgumi pa valstīm"
    assert "Sadarbības līgumu laika ass" in names and "Timeline of cooperation agreements" not in names
    assert config["words"]["new_tab"] == "Vaicājums"
    english = page_config(render(app, context()))
    assert english["tabs"][0]["name"] == DEFAULT_TAB_NAME == "Agreements by country"


def test_the_editor_speaks_latvian_to_a_latvian_browser(server: str) -> None:
    response = requests.get(server + "/sparql", headers={"Accept": "text/html", "Accept-Language": "lv"}, timeout=30)
    assert response.status_code == 200 and "Accept-Language" in response.headers.get("Vary", "")
    assert "SPARQL vaicājumu redaktors" in response.text
    config = page_config(response.text)
    assert "Sadarbības līgumu laika ass" in [tab["name"] for tab in config["tabs"]]
