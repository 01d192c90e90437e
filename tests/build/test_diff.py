"""A publisher asks what a build changed: each resource by its name, what was added and removed, asserted and
inferred apart."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.diff import ORDERED, ResourceChange, as_json, as_text, diff, text_report
from coopgraph.build.dumps import SORTED_DUMP
from coopgraph.build.layout import Build
from coopgraph.namespaces import COOP, DATA_GRAPH, ID
from tests.conftest import NEW_PARTNER, TwoBuilds

PARNU = str(ID["municipality/parnu"])
DAUGAVPILS = str(ID["municipality/daugavpils"])


def by_iri(changes: list[ResourceChange]) -> dict[str, ResourceChange]:
    return {c.resource.value: c for c in changes}


def test_the_new_partner_and_its_agreement_are_added_with_their_names(two_builds: TwoBuilds) -> None:
    changed = by_iri(list(diff(two_builds.before, two_builds.after)))
    written = {q.subject.value for q in ox.parse(path=str(NEW_PARTNER), format=ox.RdfFormat.TURTLE)}
    assert written <= set(changed)
    parnu = changed[PARNU]
    assert parnu.labels == {"en": "Pärnu", "lv": "Pērnava"}
    asserted = {(s.quad.predicate.value, s.quad.object) for s in parnu.statements if s.kind == "asserted"}
    assert (str(COOP.country), ox.NamedNode(str(ID["country/estonia"]))) in asserted
    assert all(s.added for c in changed.values() for s in c.statements)


def test_what_the_build_derives_is_told_apart_from_what_was_written(two_builds: TwoBuilds) -> None:
    changed = by_iri(list(diff(two_builds.before, two_builds.after)))
    daugavpils = changed[DAUGAVPILS]  # nothing written about Daugavpils changed: it gained a partner by inference
    assert {s.kind for s in daugavpils.statements} == {"inferred"}
    assert (str(COOP.partnerOf), PARNU) in {
        (s.quad.predicate.value, s.quad.object.value) for s in daugavpils.statements
    }
    written = sum(1 for _ in ox.parse(path=str(NEW_PARTNER), format=ox.RdfFormat.TURTLE))
    assert sum(c.counts()["asserted"]["added"] for c in changed.values()) == written


def test_going_back_removes_the_same_statements(two_builds: TwoBuilds) -> None:
    forward = {(c.resource, s.quad) for c in diff(two_builds.before, two_builds.after) for s in c.statements}
    backward = list(diff(two_builds.after, two_builds.before))
    assert {(c.resource, s.quad) for c in backward for s in c.statements} == forward
    assert not any(s.added for c in backward for s in c.statements)
    assert by_iri(backward)[PARNU].labels["en"] == "Pärnu", "a resource that is gone is named from the old build"


def test_a_build_compared_with_itself_changed_nothing(two_builds: TwoBuilds) -> None:
    assert list(diff(two_builds.after, two_builds.after)) == []


def test_an_older_build_whose_dump_is_not_in_byte_order_is_sorted_first(two_builds: TwoBuilds, tmp_path: Path) -> None:
    older = tmp_path / "older"
    shutil.copytree(two_builds.before.path, older)
    lines = gzip.decompress((older / "dumps" / SORTED_DUMP).read_bytes()).splitlines(keepends=True)
    random.Random(3).shuffle(lines)
    (older / "dumps" / SORTED_DUMP).write_bytes(gzip.compress(b"".join(lines)))
    manifest = json.loads((older / "manifest.json").read_text())
    del manifest[ORDERED]
    (older / "manifest.json").write_text(json.dumps(manifest))
    shuffled = {c.resource.value: c.counts() for c in diff(Build.read(older), two_builds.after)}
    assert shuffled == {c.resource.value: c.counts() for c in diff(two_builds.before, two_builds.after)}


def test_the_report_reads_by_resource_in_the_readers_language(two_builds: TwoBuilds) -> None:
    parnu = by_iri(list(diff(two_builds.before, two_builds.after)))[PARNU]
    lines = list(as_text(parnu, "lv"))
    assert lines[0] == f"Pērnava  <{PARNU}>"
    assert lines[1] == "  asserted" and '    + rdfs:label "Pärnu"@en' in lines
    assert "  inferred" in lines and "    + coop:partnerOf id:municipality/daugavpils" in lines
    described = as_json(parnu, "en")
    assert described["label"] == "Pärnu"
    added = described["added"]
    assert isinstance(added, dict)
    graph = ox.Store()
    graph.load("\n".join(added["asserted"]), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(DATA_GRAPH)))
    assert len(graph) == parnu.counts()["asserted"]["added"]
    report = list(text_report(two_builds.before, two_builds.after, "en"))
    assert report[0] == f"Changes from build {two_builds.before.build_id} to build {two_builds.after.build_id}"
    assert report[-1].startswith("3 resources changed; statements asserted +")
