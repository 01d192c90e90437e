"""What the tests of a running server share: an edit of the data, and asking for it until it shows."""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from coopgraph.sources.project import Sources

VANERSBORG = "https://w3id.org/coopgraph/id/municipality/vanersborg"
LABEL = f'SELECT ?l WHERE {{ <{VANERSBORG}> rdfs:label ?l FILTER(lang(?l) = "en") }}'
JSON = {"Accept": "application/sparql-results+json"}
HTML = {"Accept": "text/html"}


def rename_vanersborg(project: Sources, name: str) -> str:
    """Give Vänersborg another English label in the project's places.ttl; returns the file's new text."""
    places = project.data_dir / "places.ttl"
    text = places.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith('rdfs:label "Vänersborg'))
    text = text.replace(old, f'    rdfs:label "{name}"@en , "Venersborga"@lv ;')
    places.write_text(text, encoding="utf-8")
    return text


def label(url: str) -> str:
    """Vänersborg's English label, as the server's SPARQL endpoint answers it now."""
    answer = requests.get(f"{url}/sparql", params={"query": LABEL}, headers=JSON, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["results"]["bindings"][0]["l"]["value"])


def page(url: str, path: str) -> str:
    answer = requests.get(f"{url}{path}", headers=HTML, timeout=30)
    answer.raise_for_status()
    return answer.text


def eventually(condition: Callable[[], bool], seconds: float) -> float:
    """How long it took until ``condition`` held, on several requests in a row (so on every server process)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if all(condition() for _ in range(8)):
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"still not true after {seconds} s")
