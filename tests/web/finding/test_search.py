"""A reader finds a town by the name they know, by JSON (``/api/search``) or on the results page (``/search``).

Against the real server over the bundled build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests
from openapi_spec_validator import validate as validate_spec

from coopgraph.build.pipeline import build
from coopgraph.namespaces import PREFIXES
from coopgraph.sources.project import Sources
from coopgraph.web.finding.search import SEARCH_PATH_ITEM
from tests.conftest import NEW_PARTNER
from tests.server import running_server
from tests.web.publishing import eventually

ID = "https://w3id.org/coopgraph/id/"


def search(url: str, **params: str) -> requests.Response:
    return requests.get(f"{url}/api/search", params=params, timeout=30)


def first(url: str, q: str, **params: str) -> dict[str, object]:
    answer = search(url, q=q, **params)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    results = answer.json()["results"]
    assert results, f"nothing found for {q!r}"
    return dict(results[0])


@pytest.mark.parametrize(
    ("typed", "slug", "label"),
    [
        ("panevezys", "panevezys", "Panevėžys"),
        ("harkova", "kharkiv", "Kharkiv"),
        ("vitebs", "vitebsk", "Vitebsk"),
        ("Narofominsk", "naro-fominsk", "Naro-Fominsk"),
    ],
)
def test_the_name_as_typed_finds_the_town_first(server: str, typed: str, slug: str, label: str) -> None:
    found = first(server, typed, lang="en")
    assert found["iri"] == f"{ID}municipality/{slug}" and found["label"] == label
    assert found["type"] == PREFIXES["coop"] + "Municipality"
    assert found["page"] == f"{server}/id/municipality/{slug}"
    assert requests.get(str(found["page"]), timeout=30).status_code == 200


def test_radoma_finds_radom_by_its_latvian_label_and_names_it_in_latvian(server: str) -> None:
    found = first(server, "radoma", lang="lv")
    assert found["iri"] == ID + "municipality/radom" and found["label"] == "Radoma"
    assert first(server, "radoma", lang="en")["label"] == "Radom"


def test_the_exact_label_is_ranked_before_the_agreements_that_name_it(server: str) -> None:
    results = search(server, q="Radom", limit="10").json()["results"]
    assert results[0]["iri"] == ID + "municipality/radom"
    assert len(results) >= 3 and all(r["score"] < results[0]["score"] for r in results[1:])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_type_and_limit_narrow_the_results(server: str) -> None:
    municipality = PREFIXES["coop"] + "Municipality"
    typed = search(server, q="radom", type=municipality).json()["results"]
    assert [r["iri"] for r in typed] == [ID + "municipality/radom"]
    assert search(server, q="radom", type="coop:Municipality").json() == {"results": typed}
    assert len(search(server, q="daugavpils", limit="2").json()["results"]) == 2


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "  "}, "q"),
        ({"q": "radom", "type": "not an iri"}, "type"),
        ({"q": "radom", "type": "https://example.org/Nothing"}, "type"),
        ({"q": "radom", "limit": "ten"}, "limit"),
        ({"q": "radom", "limit": "0"}, "limit"),
        ({"q": "radom", "lang": "de"}, "lang"),
    ],
)
def test_a_bad_parameter_is_a_problem_that_names_it(server: str, params: dict[str, str], parameter: str) -> None:
    answer = search(server, **params)
    assert answer.status_code == 400 and answer.headers["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 400 and problem["parameter"] == parameter and parameter in problem["detail"]


@pytest.mark.parametrize(
    ("typed", "finds"),
    [
        ('"', None),
        ('"radom"', "radom"),
        ("*", None),
        ("radom*", "radom"),
        ("-radom", "radom"),  # not FTS5's NOT
        ("radom OR vitebsk", None),  # not FTS5's OR: no name has the three words
        ("NEAR(radom, 2)", None),
        ("AND", "some"),  # the word of "Daugavpils and Panevėžys"; alone, as FTS5's operator, a syntax error
    ],
)
def test_quotes_stars_and_operators_are_only_words(server: str, typed: str, finds: str | None) -> None:
    answer = search(server, q=typed)
    assert answer.status_code == 200
    found = [r["iri"] for r in answer.json()["results"]]
    if finds is None:
        assert found == []
    elif finds == "some":
        assert ID + "agreement/daugavpils-panevezys-2004" in [
            r["iri"] for r in search(server, q=typed, limit="100").json()["results"]
        ]
    else:
        assert found[0] == ID + "municipality/" + finds


def test_other_origins_may_read_the_search(server: str) -> None:
    answer = search(server, q="radom")
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_the_results_page_lists_the_towns_in_either_language(server: str) -> None:
    english = requests.get(f"{server}/search", params={"q": "vitebs", "lang": "en"}, timeout=30)
    latvian = requests.get(f"{server}/search", params={"q": "vitebs", "lang": "lv"}, timeout=30)
    assert english.status_code == latvian.status_code == 200
    assert 'href="' + server + '/id/municipality/vitebsk?lang=en">Vitebsk</a>' in english.text
    assert ">Vitebska</a>" in latvian.text and "Meklēšanas rezultāti" in latvian.text
    nothing = requests.get(f"{server}/search", params={"q": "zzzxq", "lang": "en"}, timeout=30)
    assert nothing.status_code == 200 and "Nothing has this name." in nothing.text


def test_every_page_has_the_search_box(server: str) -> None:
    for path in ("/", "/municipalities", "/id/municipality/radom"):
        page = requests.get(f"{server}{path}", headers={"Accept": "text/html"}, timeout=30).text
        assert 'role="search"' in page and 'action="/search"' in page and 'name="q"' in page


def test_a_new_build_is_searched_without_a_restart(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build(project, out)
    with running_server(out) as url:
        assert search(url, q="parnu").json()["results"] == []
        shutil.copy(NEW_PARTNER, project.data_dir / NEW_PARTNER.name)
        build(project, out)

        def found() -> bool:
            results = search(url, q="parnu").json()["results"]
            return bool(results) and results[0]["iri"] == ID + "municipality/parnu"

        eventually(found, 20)
        assert first(url, "pernava", lang="lv")["label"] == "Pērnava"


def test_files_served_with_data_are_searched_too(tmp_path: Path) -> None:
    places = Path(__file__).parents[3] / "data" / "places.ttl"
    with running_server(data=[places]) as url:
        assert first(url, "harkova")["iri"] == ID + "municipality/kharkiv"


def test_the_openapi_description_says_what_the_server_does(server: str) -> None:
    operation = SEARCH_PATH_ITEM["get"]
    described = {p["name"]: p for p in operation["parameters"]}
    assert set(described) == {"q", "type", "lang", "limit"} and described["q"]["required"]
    highest = described["limit"]["schema"]["maximum"]
    assert len(search(server, q="a", limit=str(highest)).json()["results"]) <= highest
    assert search(server, q="a", limit=str(highest + 1)).status_code == 400
    assert set(described["lang"]["schema"]["enum"]) == {"en", "lv"}
    answer = search(server, q="radom").json()
    required = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert set(answer["results"][0]) == set(required["results"]["items"]["required"])


def test_the_api_document_lists_search_beside_the_canned_queries(server: str) -> None:
    document = requests.get(server + "/api/openapi.json", timeout=30).json()
    described = document["paths"]["/api/search"]["get"]
    assert described["operationId"] == SEARCH_PATH_ITEM["get"]["operationId"]
    (kind,) = [p for p in described["parameters"] if p["name"] == "type"]
    assert PREFIXES["coop"] + "Municipality" in kind["schema"]["enum"]
    assert all(search(server, q="a", type=iri).status_code == 200 for iri in kind["schema"]["enum"])
    assert any(path.startswith("/api/queries/") for path in document["paths"])
    validate_spec(document)
