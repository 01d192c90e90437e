"""The Reconciliation Service API v0.2's own JSON schemas (in the shared reference folder), as validators."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REFERENCE = Path(os.environ.get("COOPGRAPH_REFERENCE", "/work/shared/reference")) / "reconciliation-0.2"


@cache
def _registry() -> Registry:
    registry: Registry = Registry()
    for path in REFERENCE.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(document, default_specification=DRAFT7)
        registry = registry.with_resource(document["$id"], resource)
    return registry


def validate(schema: str, document: object) -> None:
    """Fail the test unless ``document`` is valid against the specification's ``schema`` (``manifest.json``…)."""
    path = REFERENCE / schema
    if not path.is_file():
        pytest.fail(f"the specification's schema {path} is missing: set COOPGRAPH_REFERENCE", pytrace=False)
    root = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft7Validator(root, registry=_registry())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
