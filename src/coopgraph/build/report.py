"""The validation report as a document: one stable JSON structure for every reader.

``coopgraph validate --format json`` prints it, each build keeps it beside its
manifest (``validation.json``, for the ``/validation`` page) and a failed build's
record (:mod:`coopgraph.build.failure`) carries it. Scripts and the page read
the same fields, so the structure is versioned and documented in the README::

    {"format": "coopgraph-validation-report", "version": 1,
     "conforms": false, "counts": {"violations": 1, "warnings": 0, "infos": 0},
     "results": [{"severity": "Violation", "focus": "https://…", "path": "coop:concluded",
                  "value": "\\"2024-13-01\\"", "message": "…", "shape": "coop-shapes:…",
                  "component": "DatatypeConstraintComponent", "file": "data/agreements.ttl", "line": 25}]}

``path``, ``value``, ``file`` and ``line`` are null when unknown. A result may
carry more places than these (a sheet's ``row`` and ``column``): every further
field of :class:`~coopgraph.build.validate.Violation` is written under its own
name, so readers must treat unknown fields as optional.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

from coopgraph.build.validate import ValidationReport, Violation

FORMAT = "coopgraph-validation-report"
VERSION = 1
REPORT_FILE = "validation.json"
"""The report's name in a build directory."""

_RENAMED = {"source_file": "file"}
_ORDER = ("severity", "focus", "path", "value", "message", "shape", "component", "source_file", "line")


def project_path(path: Path, root: Path | None) -> str:
    """A file as the publisher names it: relative to the project when inside it."""
    if root is not None:
        try:
            return str(Path(path).resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def result_document(result: Violation, root: Path | None = None) -> dict[str, Any]:
    """One result as a JSON object: the documented fields first, then any further ones of the record."""
    names = list(_ORDER) + [f.name for f in fields(result) if f.name not in _ORDER]
    document: dict[str, Any] = {}
    for name in names:
        value = getattr(result, name)
        if isinstance(value, Path):
            value = project_path(value, root)
        document[_RENAMED.get(name, name)] = value
    return document


def report_document(report: ValidationReport, root: Path | None = None) -> dict[str, Any]:
    """The whole report as a JSON-ready dict; files relative to ``root`` (the project) when given."""
    counts = {"violations": 0, "warnings": 0, "infos": 0}
    keys = {"Violation": "violations", "Warning": "warnings", "Info": "infos"}
    for result in report.results:
        counts[keys.get(result.severity, "violations")] += 1
    return {
        "format": FORMAT,
        "version": VERSION,
        "conforms": report.conforms,
        "counts": counts,
        "results": [result_document(r, root) for r in report.results],
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` so that a reader sees the old file or the new one, never half of it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def read_report(build_path: Path) -> dict[str, Any] | None:
    """The report kept with a build, or None for a build made before reports were kept."""
    try:
        document: dict[str, Any] = json.loads((build_path / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if document.get("format") == FORMAT else None
