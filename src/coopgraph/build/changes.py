"""Each build's account of what changed since the build before it, written when the build is made.

``changes.json`` in the build directory holds the counts of statements added
and removed (asserted and inferred apart) and the changed resources with their
names in every language, so that the ``/changes`` page and its Atom feed only
read small files: serving them never computes a diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph.build.diff import KINDS, Counts, add_counts, diff, no_counts
from coopgraph.build.layout import Build, kept_builds

FILE = "changes.json"

LISTED = 200
"""Changed resources named in a build's summary at most; the counts cover them all."""


@dataclass(frozen=True)
class ChangedResource:
    iri: str
    labels: dict[str, str]
    counts: Counts


@dataclass(frozen=True)
class BuildChanges:
    """What one build changed: against ``previous`` (None for the first build, where all is new)."""

    build_id: str
    previous: str | None
    created: str
    """When the build was made (ISO 8601, UTC)."""
    totals: Counts
    resources: tuple[ChangedResource, ...]
    """The first :data:`LISTED` changed resources with an IRI, in IRI byte order."""
    resources_total: int

    def to_json(self) -> dict[str, Any]:
        return {
            "build": self.build_id,
            "previous": self.previous,
            "created": self.created,
            "totals": self.totals,
            "resources_total": self.resources_total,
            "resources": [{"iri": r.iri, "labels": r.labels, "counts": r.counts} for r in self.resources],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BuildChanges:
        resources = tuple(ChangedResource(r["iri"], r["labels"], r["counts"]) for r in data["resources"])
        return cls(data["build"], data["previous"], data["created"], data["totals"], resources, data["resources_total"])

    def changed(self, side: str) -> int:
        """Statements ``added`` or ``removed``, of every kind."""
        return sum(sides[side] for sides in self.totals.values())


def summarise(previous: Build | None, build: Build, listed: int = LISTED) -> BuildChanges:
    """``build``'s changes against ``previous``; against nothing, every statement is an addition."""
    created = str(build.manifest["created"])
    if previous is None:
        totals = no_counts()
        for graph, kind in KINDS.items():
            totals[kind]["added"] = int(build.manifest["graphs"].get(graph, 0))
        return BuildChanges(build.build_id, None, created, totals, (), 0)
    totals, count = no_counts(), 0
    resources: list[ChangedResource] = []
    for change in diff(previous, build):
        counts = change.counts()
        add_counts(totals, counts)
        count += 1
        if len(resources) < listed and isinstance(change.resource, ox.NamedNode):
            resources.append(ChangedResource(change.resource.value, change.labels, counts))
    return BuildChanges(build.build_id, previous.build_id, created, totals, tuple(resources), count)


def write_changes(previous: Build | None, build: Build) -> BuildChanges | None:
    """Summarise ``build`` against ``previous`` into its directory.

    A previous build that lost its dump or its store gives no summary (None)
    rather than a wrong one, and does not stop the new build.
    """
    try:
        changes = summarise(previous, build)
    except FileNotFoundError:
        return None
    (build.path / FILE).write_text(json.dumps(changes.to_json(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    return changes


def read_changes(out_dir: Path) -> list[BuildChanges]:
    """The kept builds' summaries, newest first (builds made before summaries existed are left out)."""
    found = []
    for build in reversed(kept_builds(out_dir)):
        path = build.path / FILE
        if path.is_file():
            found.append(BuildChanges.from_json(json.loads(path.read_text(encoding="utf-8"))))
    return found
