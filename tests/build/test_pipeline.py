"""A publisher edits the data and builds: a good build is published whole, a bad one changes nothing."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from coopgraph.build.layout import Build, current_build, is_up_to_date
from coopgraph.build.pipeline import InvalidData, OutOfResources, build
from coopgraph.namespaces import COOP, DATA_GRAPH, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH, SCHEMA
from coopgraph.sources.load import LoadError, read_dataset
from coopgraph.sources.project import Sources


def snapshot(out_dir: Path) -> dict[str, bytes]:
    """Every file under the published build, with its bytes."""
    root = (out_dir / "current").resolve()
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_build_publishes_store_dumps_and_manifest(published: Build) -> None:
    assert (published.store_path / "CURRENT").exists()
    names = {p.name for p in published.dumps_dir.iterdir()}
    assert {
        "coopgraph.ttl",
        "coopgraph.nt.gz",
        "coopgraph.jsonld",
        "coopgraph.trig",
        "coopgraph.nq.gz",
        "ontology.ttl",
        "shapes.ttl",
        "validation.ttl",
    } <= names
    manifest = json.loads((published.path / "manifest.json").read_text())
    assert manifest["validation"]["conforms"] is True
    assert set(manifest["graphs"]) == {str(ONTOLOGY_GRAPH), str(DATA_GRAPH), str(INFERRED_GRAPH)}
    assert all(count > 0 for count in manifest["graphs"].values())
    assert any(s["path"] == "data/agreements.ttl" for s in manifest["sources"])


def test_asserted_and_inferred_triples_stay_in_their_own_named_graphs(published: Build) -> None:
    dataset = read_dataset([published.dumps_dir / "coopgraph.trig"])
    data, inferred = dataset.graph(DATA_GRAPH), dataset.graph(INFERRED_GRAPH)
    project = ID["project/our-cities-pairing-on-environment-issues"]
    assert (project, RDF.type, COOP.Project) in data
    assert (project, RDF.type, SCHEMA.Project) in inferred
    assert (project, RDF.type, SCHEMA.Project) not in data
    assert not set(data) & set(inferred)


@pytest.mark.parametrize(
    ("name", "fmt"), [("coopgraph.ttl", "turtle"), ("coopgraph.jsonld", "json-ld"), ("coopgraph.nt.gz", "nt")]
)
def test_every_dump_holds_the_whole_graph(published: Build, name: str, fmt: str) -> None:
    path = published.dumps_dir / name
    graph = Graph()
    if name.endswith(".gz"):
        graph.parse(data=gzip.decompress(path.read_bytes()).decode(), format=fmt)
    else:
        graph.parse(path, format=fmt)
    assert len(graph) == published.manifest["triples"]
    radom = ID["municipality/radom"]
    assert (radom, COOP.partnerOf, ID["municipality/daugavpils"]) in graph


def test_an_unchanged_project_is_not_rebuilt_unless_forced(project: Sources, tmp_path: Path) -> None:
    first = build(project, tmp_path / "dist")
    assert is_up_to_date(project, tmp_path / "dist")
    assert build(project, tmp_path / "dist").path == first.path
    forced = build(project, tmp_path / "dist", force=True)
    assert forced.path != first.path
    assert current_build(tmp_path / "dist").path == forced.path


def test_a_violation_leaves_the_previous_build_untouched(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build(project, out)
    before = snapshot(out)
    agreements = project.data_dir / "agreements.ttl"
    agreements.write_text(agreements.read_text().replace('"2018"^^xsd:gYear', '"since 2018"'), encoding="utf-8")
    with pytest.raises(InvalidData) as failure:
        build(project, out)
    focus = [v for v in failure.value.report.violations() if v.focus == str(ID["cooperation/daugavpils-vanersborg"])]
    assert focus and focus[0].source_file is not None and focus[0].source_file.name == "agreements.ttl"
    assert snapshot(out) == before
    assert not [p for p in (out / "builds").iterdir() if p.name.startswith(".staging")]


def test_a_turtle_error_names_file_line_and_column_and_changes_nothing(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build(project, out)
    before = snapshot(out)
    places = project.data_dir / "places.ttl"
    lines = places.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.rstrip().endswith(";"))
    lines[target] = lines[target].rstrip()[:-1] + " ?? ;"
    places.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as failure:
        build(project, out)
    error = failure.value
    assert error.path == places and error.line == target + 1 and error.column is not None
    assert str(error).startswith(f"{places}:{target + 1}:")
    assert snapshot(out) == before


def test_the_store_answers_through_the_alignments(store) -> None:
    found = {
        row["p"].value
        for row in store.query("SELECT ?p WHERE { ?p a <https://schema.org/Project> }", use_default_graph_as_union=True)
    }
    assert str(ID["project/cities-of-change"]) in found
    assert len(found) == 4


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB filesystem (tmpfs): room for one build of the bundled project, not for two."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_a_full_disk_keeps_the_previous_build_and_says_what_to_free(project: Sources, small_disk: Path) -> None:
    out = small_disk / "dist"
    build(project, out, validator="compiled")
    before = snapshot(out)
    with pytest.raises(OutOfResources) as failure:
        build(project, out, force=True)
    message = str(failure.value)
    assert "no space left" in message and str(out) in message and "COOPGRAPH_BUILD_DIR" in message
    assert "\n" not in message
    assert snapshot(out) == before
    assert not list((out / "builds").glob(".staging-*"))


def test_a_large_build_runs_inference_and_dumps_beside_validation_and_publishes_the_same(
    project: Sources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``SMALL`` the inference and the dumps run in child processes: the result must not change."""
    alone = build(project, tmp_path / "alone")
    monkeypatch.setattr("coopgraph.build.pipeline.SMALL", 0)
    beside = build(project, tmp_path / "beside")
    assert beside.manifest["graphs"] == alone.manifest["graphs"]
    assert beside.manifest["triples"] == alone.manifest["triples"]
    for name in ("coopgraph.ttl", "coopgraph.jsonld", "coopgraph.trig"):
        one = {q for q in ox.parse(path=str(alone.dumps_dir / name)) if not _blank(q)}
        two = {q for q in ox.parse(path=str(beside.dumps_dir / name)) if not _blank(q)}
        assert one == two and len(one) > 3000, name
    assert not list((tmp_path / "beside" / "builds").glob(".staging-*"))


def test_a_violation_stops_the_children_of_a_large_build(
    project: Sources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coopgraph.build.pipeline.SMALL", 0)
    agreements = project.data_dir / "agreements.ttl"
    agreements.write_text(
        agreements.read_text(encoding="utf-8").replace('"2018"^^xsd:gYear', '"since 2018"', 1),
        encoding="utf-8",
    )
    with pytest.raises(InvalidData):
        build(project, tmp_path / "dist")
    assert not list((tmp_path / "dist" / "builds").glob(".staging-*"))
    assert current_build(tmp_path / "dist") is None


def _blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def test_a_sheet_error_names_its_cell_and_changes_nothing(project: Sources, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build(project, out)
    before = snapshot(out)
    sheet = project.data_dir / "agreements.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("2012-06-08", "2012-06-31"), encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        build(project, out)
    row = next(n for n, line in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1) if "2012-06-31" in line)
    assert str(raised.value) == (
        f'data/agreements.csv:{row} column concluded: "2012-06-31" is not a date; write YYYY-MM-DD, YYYY-MM or YYYY'
    )
    assert snapshot(out) == before


def test_a_violation_on_a_triple_a_sheet_made_names_the_file_row_and_column(project: Sources, tmp_path: Path) -> None:
    sheet = project.data_dir / "agreements.csv"
    text = sheet.read_text(encoding="utf-8")
    # the 2003 agreement with Radom now supplements one of 1990, which no row makes
    sheet.write_text(text.replace(",ddfea20fb17a6660,1993-12-17,", ",ddfea20fb17a6660,1990-01-01,"), encoding="utf-8")
    with pytest.raises(InvalidData) as raised:
        build(project, tmp_path / "dist")
    (result,) = raised.value.report.violations()
    row = next(n for n, line in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1) if ",1990-01-01," in line)
    assert (str(result.source_file), result.line, result.column) == ("data/agreements.csv", row, "supplements")
    assert result.where == f"data/agreements.csv:{row} column supplements"
    assert result.focus == str(ID["agreement/daugavpils-radom-2003"])
