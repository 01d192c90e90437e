"""Errors under /api/ are RFC 9457 problem documents, whatever went wrong and whatever the client accepts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from coopgraph.build.layout import Build
from coopgraph.build.pipeline import build
from coopgraph.sources.project import Sources
from coopgraph.web.problems import MEDIA_TYPE, problem
from tests.conftest import copy_project
from tests.server import running_server

SLOW = """\
# title: Everything with everything
# description: A cartesian product, to run past the deadline.
SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c
"""


def test_a_problem_carries_status_title_detail_and_extensions() -> None:
    response = problem(400, "parameter year: 'x' is not an integer", parameter="year", expected=None)
    assert response.status_code == 400 and response.mimetype == MEDIA_TYPE
    assert json.loads(response.get_data()) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "parameter year: 'x' is not an integer",
        "parameter": "year",
    }


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/nothing-here", 404), ("POST", "/api/queries/partners-by-country", 405)],
)
def test_http_errors_under_api_are_problems(server: str, method: str, path: str, status: int) -> None:
    answer = requests.request(method, f"{server}{path}", headers={"Accept": "text/html"}, timeout=30)
    assert answer.status_code == status and answer.headers["Content-Type"] == MEDIA_TYPE
    assert answer.json()["status"] == status


@pytest.fixture(scope="module")
def slow_server(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("slow")
    project = copy_project(sources, root / "project")
    (project.queries_dir / "everything.rq").write_text(SLOW, encoding="utf-8")
    built: Build = build(project, root / "dist")
    settings = {"COOPGRAPH_QUERY_TIMEOUT": "1", "COOPGRAPH_PROJECT_DIR": str(project.root)}
    with running_server(built.path.parent.parent, settings=settings) as url:
        yield url


def test_a_query_past_the_deadline_is_a_503_problem(slow_server: str) -> None:
    answer = requests.get(f"{slow_server}/api/queries/everything", timeout=30)
    assert answer.status_code == 503 and answer.headers["Content-Type"] == MEDIA_TYPE
    assert answer.headers["Retry-After"] == "60"
    assert "timed out" in answer.json()["detail"]
