"""The record a failed build leaves behind, so that a running server can say the sources do not build.

A failed build publishes nothing (the previous build keeps serving), but the
publisher watching the site must learn that the edit did not go through. So the
build writes ``dist/last-failure.json`` (atomically: a server reads it at any
moment) and the next good build removes it::

    {"format": "coopgraph-build-failure", "version": 1, "failed": "2026-12-01T23:59:00+00:00",
     "message": "data/places.ttl:12:7: …", "location": {"file": "data/places.ttl", "line": 12, "column": 7},
     "report": {…the validation report document (coopgraph.build.report)…} or null}
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coopgraph.build.report import project_path, report_document, write_json
from coopgraph.build.validate import ValidationReport
from coopgraph.sources.load import LoadError

FORMAT = "coopgraph-build-failure"
FAILURE_FILE = "last-failure.json"


def failure_document(error: Exception, report: ValidationReport | None, root: Path | None) -> dict[str, Any]:
    """What went wrong, in the words the CLI prints, with the place and the report when there are any."""
    location = None
    if isinstance(error, LoadError):
        location = {"file": project_path(error.path, root), "line": error.line, "column": error.column}
    message = str(error)
    if root is not None:
        message = message.replace(f"{Path(root).resolve()}/", "").replace(f"{root}/", "")
    return {
        "format": FORMAT,
        "version": 1,
        "failed": datetime.now(UTC).isoformat(timespec="seconds"),
        "message": message,
        "location": location,
        "report": report_document(report, root) if report is not None else None,
    }


def record_failure(out_dir: Path, document: dict[str, Any]) -> None:
    write_json(Path(out_dir) / FAILURE_FILE, document)


def clear_failure(out_dir: Path) -> None:
    (Path(out_dir) / FAILURE_FILE).unlink(missing_ok=True)


def read_failure(out_dir: Path) -> dict[str, Any] | None:
    """The last failure's record, or None when the last build succeeded (or the record is unreadable)."""
    try:
        document: dict[str, Any] = json.loads((Path(out_dir) / FAILURE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if document.get("format") == FORMAT else None
