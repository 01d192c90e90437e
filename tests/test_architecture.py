"""The tree tells the story: each stage imports only from the stages before it, and stays small.

The data travels sources → build → engine → web. A module may import from its
own stage, from the stages before it, and from the shared top-level modules;
never from a later stage. Nothing but the web stage imports Flask, and nothing
imports the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import coopgraph

PACKAGE = Path(coopgraph.__file__).parent
STAGES = ("sources", "build", "engine", "web")
SHARED = ("namespaces", "i18n", "settings")
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def stage_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_point_down_the_way(path: Path) -> None:
    stage = stage_of(path)
    if stage not in STAGES:
        return  # cli, __main__ and the shared modules are checked below
    allowed = set(STAGES[: STAGES.index(stage) + 1])
    for name in imported(path):
        if not name.startswith("coopgraph."):
            continue
        target = name.split(".")[1]
        assert target in allowed or target in SHARED, f"{path.name} ({stage}) imports {name}"
        assert target != "cli", f"{path.name} imports the command line"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_web_stage_imports_flask(path: Path) -> None:
    if stage_of(path) == "web":
        return
    assert not {n for n in imported(path) if n.split(".")[0] in ("flask", "werkzeug")}, path.name


@pytest.mark.parametrize("name", SHARED)
def test_shared_modules_import_no_stage_but_the_sources(name: str) -> None:
    for module in imported(PACKAGE / f"{name}.py"):
        if module.startswith("coopgraph."):
            assert module.split(".")[1] in ("sources", *SHARED), f"{name} imports {module}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_a_warehouse(path: Path) -> None:
    """About 500 lines a module and 60 a function at most: past that, a room holds two jobs."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500, f"{path.name} has {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 60, f"{path.name}:{node.lineno} {node.name} is {length} lines"
