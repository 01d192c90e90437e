"""OpenRefine reconciles a spreadsheet of partner towns against coopgraph's ``/reconcile``.

Against the real server; every answer is validated against the Reconciliation
Service API v0.2's own JSON schemas.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import requests

from coopgraph.namespaces import PREFIXES
from tests.web.finding.schemas import validate

COOP = PREFIXES["coop"]
SEEDS = Path(os.environ.get("COOPGRAPH_SEEDS", "/work/shared/seeds"))
TWIN_CITY_PAGE = "001_ddfea20fb17a6660.txt"

# The spreadsheet: the partners as the twin-city page writes them, "Town (Country)", and whom they are.
SPREADSHEET = {
    "Harkova (Ukraina)": "kharkiv",
    "Radom (Poland)": "radom",
    "Narofominsk (Russian federation)": "naro-fominsk",
    "Motala (Sweden)": "motala",
    "Moscowcity central administrative region (Russian federation)": "moscow-central-administrative-okrug",
    "Ramla (Israel)": "ramla",
    "Harbin (People’s republic of china)": "harbin",
    "Panevežys (Lithuania)": "panevezys",
    "Saint petersburg (Russian federation)": "saint-petersburg",
    "Pskov (Russian federation)": "pskov",
    "Bobruisk (Belarus)": "bobruisk",
    "Magdebourg (Germany)": "magdeburg",
    "Batumi (Adžarija, Grūzija)": "batumi",
    "Alaverdi (Armenija)": "alaverdi",
    "Lida (Belarus)": "lida",
    "Vagharshapat (Armenia)": "vagharshapat",
    "VISAGINAS (LITHUANIA)": "visaginas",
    "RASKA (SERBIA)": "raska",
    "SULUOVA (TURKEY)": "suluova",
    "BELCI (MOLDOVA)": "balti",
}


def seed_text() -> str:
    path = SEEDS / TWIN_CITY_PAGE
    if not path.is_file():
        pytest.fail(f"the source document {path} is missing: set COOPGRAPH_SEEDS", pytrace=False)
    return path.read_text(encoding="utf-8")


def reconcile(url: str, queries: dict[str, object]) -> dict[str, object]:
    answer = requests.post(f"{url}/reconcile", data={"queries": json.dumps(queries)}, timeout=60)
    assert answer.status_code == 200, answer.text
    batch = answer.json()
    validate("reconciliation-result-batch.json", batch)
    assert set(batch) == set(queries)
    return dict(batch)


def test_the_manifest_tells_openrefine_what_the_service_is(server: str) -> None:
    manifest = requests.get(f"{server}/reconcile", timeout=30).json()
    validate("manifest.json", manifest)
    assert manifest["identifierSpace"] == "https://w3id.org/coopgraph/id/" and manifest["schemaSpace"] == COOP
    assert {"id": COOP + "Municipality", "name": "municipality"} in manifest["defaultTypes"]
    assert all(t["id"].startswith(COOP) for t in manifest["defaultTypes"])
    view = manifest["view"]["url"].replace("{{id}}", "municipality/radom")
    assert requests.get(view, headers={"Accept": "text/html"}, timeout=30).status_code == 200
    preview = manifest["preview"]["url"].replace("{{id}}", "municipality/kharkiv")
    card = requests.get(preview, timeout=30)
    assert card.status_code == 200 and ">Kharkiv</a>" in card.text and "Harkova" in card.text
    for kind in ("entity", "type", "property"):
        service = manifest["suggest"][kind]
        assert requests.get(service["service_url"] + service["service_path"], params={"prefix": "r"}, timeout=30).ok


def test_jsonp_wraps_the_manifest_for_older_clients(server: str) -> None:
    answer = requests.get(f"{server}/reconcile", params={"callback": "jQuery123_456"}, timeout=30)
    assert answer.headers["Content-Type"].startswith("application/javascript")
    wrapped = re.fullmatch(r"/\*\*/jQuery123_456\((.*)\);", answer.text, re.S)
    assert wrapped is not None
    validate("manifest.json", json.loads(wrapped.group(1)))
    bad = requests.get(f"{server}/reconcile", params={"callback": "alert(1)//"}, timeout=30)
    assert bad.status_code == 400 and bad.json()["parameter"] == "callback"


def test_twenty_partner_spellings_of_the_twin_city_page_are_each_matched(server: str) -> None:
    text = seed_text()
    queries: dict[str, object] = {}
    for row, written in enumerate(SPREADSHEET):
        assert written in text, f"{written!r} is not how the twin-city page writes it"
        town, country = re.fullmatch(r"(.+) \((.+)\)", written).groups()  # type: ignore[union-attr]
        queries[f"q{row}"] = {
            "query": town,
            "type": COOP + "Municipality",
            "limit": 3,
            "properties": [{"pid": "coop:country", "v": country.split(", ")[-1]}],
        }
    batch = reconcile(server, queries)
    for row, (written, slug) in enumerate(SPREADSHEET.items()):
        candidates = batch[f"q{row}"]["result"]  # type: ignore[index]
        assert candidates, f"{written}: no candidate"
        best = candidates[0]
        assert (best["id"], best["match"]) == (f"municipality/{slug}", True), f"{written}: {candidates}"
        assert [c for c in candidates if c["match"]] == [best]


def test_a_country_given_by_its_iri_refines_and_the_wrong_country_unmatches(server: str) -> None:
    queries = {
        "right": {"query": "Lida", "properties": [{"pid": COOP + "country", "v": {"id": "country/belarus"}}]},
        "wrong": {
            "query": "Lida",
            "properties": [{"pid": COOP + "country", "v": "https://w3id.org/coopgraph/id/country/latvia"}],
        },
        "plain": {"query": "lida"},
    }
    batch = reconcile(server, queries)
    right, wrong, plain = (batch[k]["result"][0] for k in ("right", "wrong", "plain"))  # type: ignore[index]
    assert right["id"] == wrong["id"] == plain["id"] == "municipality/lida"
    assert right["match"] and plain["match"] and not wrong["match"]
    assert wrong["score"] < right["score"]


def test_a_name_only_part_of_a_label_is_a_candidate_but_no_match(server: str) -> None:
    batch = reconcile(server, {"q": {"query": "Vitebs"}, "t": {"query": "Radom", "type": COOP + "Country"}})
    candidates = batch["q"]["result"]  # type: ignore[index]
    assert candidates[0]["id"] == "municipality/vitebsk" and not any(c["match"] for c in candidates)
    assert batch["t"]["result"] == []  # type: ignore[index]


def test_queries_may_come_by_get_too(server: str) -> None:
    answer = requests.get(f"{server}/reconcile", params={"queries": json.dumps({"q": {"query": "Motala"}})}, timeout=30)
    validate("reconciliation-result-batch.json", answer.json())
    assert answer.json()["q"]["result"][0]["id"] == "municipality/motala"


@pytest.mark.parametrize(
    ("queries", "said"),
    [
        ("{not json", "queries is not JSON"),
        ('["Radom"]', "must be a JSON object"),
        ('{"q0": {"query": "Radom", "limit": "5"}}', "query 'q0': limit must be a number"),
    ],
)
def test_bad_json_in_queries_is_a_400_that_says_what_was_wrong(server: str, queries: str, said: str) -> None:
    answer = requests.post(f"{server}/reconcile", data={"queries": queries}, timeout=30)
    assert answer.status_code == 400 and answer.headers["Content-Type"] == "application/problem+json"
    assert said in answer.json()["detail"] and answer.json()["parameter"] == "queries"


def test_suggest_completes_entities_types_and_properties(server: str) -> None:
    entities = requests.get(f"{server}/reconcile/suggest/entity", params={"prefix": "pane"}, timeout=30).json()
    validate("suggest-entities-response.json", entities)
    assert entities["result"][0]["id"] == "municipality/panevezys"
    types = requests.get(f"{server}/reconcile/suggest/type", params={"prefix": "munic"}, timeout=30).json()
    validate("suggest-types-response.json", types)
    assert [t["id"] for t in types["result"]] == [COOP + "Municipality"]
    properties = requests.get(f"{server}/reconcile/suggest/property", params={"prefix": "coun"}, timeout=30).json()
    validate("suggest-properties-response.json", properties)
    assert COOP + "country" in [p["id"] for p in properties["result"]]
    missing = requests.get(f"{server}/reconcile/suggest/entity", timeout=30)
    assert missing.status_code == 400 and missing.json()["parameter"] == "prefix"


def test_openrefine_in_a_browser_may_call_the_service(server: str) -> None:
    preflight = requests.options(
        f"{server}/reconcile",
        headers={"Origin": "http://127.0.0.1:3333", "Access-Control-Request-Method": "POST"},
        timeout=30,
    )
    assert preflight.status_code in (200, 204)
    assert (
        preflight.headers["Access-Control-Allow-Origin"] == "*"
        and "POST" in preflight.headers["Access-Control-Allow-Methods"]
    )
    answer = requests.post(f"{server}/reconcile", data={"queries": '{"q": {"query": "Ramla"}}'}, timeout=30)
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_a_preview_of_nothing_is_a_404(server: str) -> None:
    answer = requests.get(f"{server}/reconcile/preview", params={"id": "municipality/atlantis"}, timeout=30)
    assert answer.status_code == 404 and answer.json()["parameter"] == "id"
