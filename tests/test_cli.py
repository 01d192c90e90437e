"""A publisher and a researcher at the command line: stable exit codes, standard outputs."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph import __version__
from coopgraph.build.layout import Build
from coopgraph.cli import cli
from coopgraph.sources.project import REPOSITORY, Sources
from tests.conftest import TwoBuilds
from tests.sheets import SOURCE, TARTU, write_rows
from tests.web.pages.page_reading import Page

COUNT_AGREEMENTS = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a coop:CooperationAgreement }"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def out_dir(published: Build) -> str:
    return str(published.path.parent.parent)


@pytest.mark.parametrize(
    "command", [[], ["build"], ["validate"], ["query"], ["stats"], ["queries"], ["diff"], ["init"]]
)
def test_every_command_explains_itself(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 5


def test_version_is_the_one_the_changelog_releases(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    changelog = (REPOSITORY / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog, "CHANGELOG.md has no section for the version --version prints"


def test_build_then_query_the_published_graph(runner: CliRunner, project: Sources, tmp_path: Path) -> None:
    out = str(tmp_path / "dist")
    built = runner.invoke(cli, ["build", "--project", str(project.root), "--out", out])
    assert built.exit_code == 0, built.output
    assert "triples" in built.output
    answer = runner.invoke(cli, ["query", "--out", out, "--format", "json", COUNT_AGREEMENTS])
    assert answer.exit_code == 0, answer.output
    assert json.loads(answer.output)["results"]["bindings"][0]["n"]["value"] == "23"


def test_validate_exit_codes(runner: CliRunner, project: Sources) -> None:
    ok = runner.invoke(cli, ["validate", "--project", str(project.root)])
    assert ok.exit_code == 0, ok.output
    places = project.data_dir / "places.ttl"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace('"Vänersborg"@en', '"Vänersborg"@en, "Vanersborg"@en', 1), encoding="utf-8")
    bad = runner.invoke(cli, ["validate", "--project", str(project.root)])
    assert bad.exit_code == 1
    assert "places.ttl" in bad.output and "vanersborg" in bad.output and "rdfs:label" in bad.output
    places.write_text(text + "\nthis is not turtle\n", encoding="utf-8")
    broken = runner.invoke(cli, ["validate", "--project", str(project.root)])
    assert broken.exit_code == 2
    assert "places.ttl:" in broken.output


def test_validate_as_json_gives_each_result_with_its_place(runner: CliRunner, project: Sources) -> None:
    agreements = project.data_dir / "agreements.ttl"
    agreements.write_text(
        agreements.read_text(encoding="utf-8").replace('"2018"^^xsd:gYear', '"since 2018"'),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", "--project", str(project.root), "--format", "json", "-q"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["format"] == "coopgraph-validation-report" and report["conforms"] is False
    assert report["counts"]["violations"] == len(report["results"]) > 0
    lines = agreements.read_text(encoding="utf-8").splitlines()
    for found in report["results"]:
        assert found["severity"] == "Violation" and found["path"] == "schema:startDate"
        assert found["value"] == '"since 2018"' and found["file"] == "data/agreements.ttl"
        assert '"since 2018"' in lines[found["line"] - 1] and found["message"]  # the value's line


def test_validate_as_html_is_a_page_in_the_language_asked(runner: CliRunner, project: Sources) -> None:
    result = runner.invoke(cli, ["validate", "--project", str(project.root), "--format", "html", "--lang", "lv"])
    assert result.exit_code == 0
    page = Page(result.stdout)
    assert page.texts("h1") == ["Validācijas pārskats"]
    assert page.texts("p", "summary") == ["Dati atbilst formām."]
    assert page.texts("p", "no-results") == ["Nav ne pārkāpumu, ne brīdinājumu."]


def test_a_failed_build_says_so_and_exits_non_zero(runner: CliRunner, project: Sources, tmp_path: Path) -> None:
    (project.data_dir / "agreements.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b .\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "--project", str(project.root), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 2
    assert "agreements.ttl:2:" in result.output


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "table"])
def test_query_formats(runner: CliRunner, published: Build, fmt: str) -> None:
    query = (
        "SELECT ?m ?label WHERE { ?a coop:party ?m . ?m rdfs:label ?label FILTER(lang(?label) = 'en') } ORDER BY ?label"
    )
    result = runner.invoke(cli, ["query", "--out", out_dir(published), "--format", fmt, query])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        bindings = json.loads(result.output)["results"]["bindings"]
        assert {"Radom", "Ferrara", "Daugavpils"} <= {b["label"]["value"] for b in bindings}
    elif fmt == "csv":
        table = list(csv.DictReader(io.StringIO(result.output)))
        assert "Radom" in {row["label"] for row in table}
    elif fmt == "tsv":
        assert result.output.splitlines()[0] == "?m\t?label"
    else:
        assert "Radom" in result.output


def test_query_from_a_file_with_a_parameter(runner: CliRunner, published: Build, tmp_path: Path) -> None:
    canned = tmp_path / "partners-in.rq"
    canned.write_text(
        "# title: Partners in a country\n# description: Partners in one country.\n"
        "# parameter: country (IRI): the country\n"
        "SELECT ?country ?m WHERE { ?m coop:partnerOf id:municipality\\/daugavpils ; coop:country ?country }\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        [
            "query",
            "--out",
            out_dir(published),
            "--format",
            "csv",
            f"@{canned}",
            "-p",
            "country=https://w3id.org/coopgraph/id/country/belarus",
        ],
    )
    assert result.exit_code == 0, result.output
    partners = {row["m"].rsplit("/", 1)[1] for row in csv.DictReader(io.StringIO(result.output))}
    assert partners == {"vitebsk", "bobruisk", "lida"}


def test_a_bad_query_says_where(runner: CliRunner, published: Build) -> None:
    result = runner.invoke(cli, ["query", "--out", out_dir(published), "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 1
    assert "SPARQL syntax error at line 1, column " in result.output
    assert "  SELECT ?x WHERE { ?x ?y }\n" in result.output and result.output.rstrip().endswith("^")


def test_query_without_a_build_tells_what_to_do(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["query", "--out", str(tmp_path), COUNT_AGREEMENTS])
    assert result.exit_code == 2
    assert "coopgraph build" in result.output


def test_stats_count_entities_per_class(runner: CliRunner, published: Build) -> None:
    result = runner.invoke(cli, ["stats", "--out", out_dir(published), "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    classes = stats["classes"]
    assert classes["https://w3id.org/coopgraph/ontology#CooperationAgreement"] == 23
    assert classes["https://w3id.org/coopgraph/ontology#Project"] == 4
    assert stats["triples"] == published.manifest["triples"]


def test_a_full_disk_is_one_line_and_exit_code_3(runner: CliRunner, project: Sources, tmp_path: Path) -> None:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], check=True)
    try:
        result = runner.invoke(cli, ["build", "--project", str(project.root), "--out", str(mount_point / "dist")])
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "no space left" in errors[0], result.output
    assert "Traceback" not in result.output


def test_a_shape_the_compiler_does_not_handle_is_named_and_nothing_is_built(
    runner: CliRunner, project: Sources, tmp_path: Path
) -> None:
    shapes = project.shapes_dir / "coopgraph-shapes.ttl"
    shapes.write_text(
        shapes.read_text(encoding="utf-8").replace(
            "coop-shapes:FieldOfCooperationShape\n    a sh:NodeShape ;",
            "coop-shapes:FieldOfCooperationShape\n    a sh:NodeShape ;\n    sh:closed true ;",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    result = runner.invoke(cli, ["build", "--project", str(project.root), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "coop-shapes:FieldOfCooperationShape" in result.output and "pyshacl" in result.output
    assert "Traceback" not in result.output and not (out / "current").exists()


def test_a_violation_fails_the_build_with_exit_code_1(runner: CliRunner, project: Sources, tmp_path: Path) -> None:
    agreements = project.data_dir / "agreements.ttl"
    agreements.write_text(
        agreements.read_text(encoding="utf-8").replace('"2018"^^xsd:gYear', '"since 2018"'),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["build", "--project", str(project.root), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1, result.output
    flat = "".join(result.output.split())  # the report wraps long paths at the terminal's width
    assert "agreements.ttl:" in flat and "violation" in result.output


def test_a_build_that_cannot_write_says_so_in_one_line(runner: CliRunner, project: Sources, tmp_path: Path) -> None:
    blocked = tmp_path / "dist"
    blocked.write_text("a file where the build directory should be\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "--project", str(project.root), "--out", str(blocked / "builds")])
    assert result.exit_code == 3, result.output
    assert "could not write" in result.output and "Traceback" not in result.output


# --- a project is a folder with a settings file ------------------------------------------------


@pytest.mark.parametrize("command", [["build"], ["validate"], ["queries"], ["stats"], ["query", "ASK {}"]])
def test_a_bad_settings_file_stops_every_command_with_exit_2(
    runner: CliRunner, project: Sources, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = project.root / "coopgraph.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('"LVA"', '"XXX"'), encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = runner.invoke(cli, [*command, "--project", str(project.root)])
    assert result.exit_code == 2, result.output
    assert 'coopgraph.toml: [home] country: "XXX" is not an ISO 3166-1 alpha-3 code' in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)


def test_a_folder_without_settings_is_not_a_project(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    result = runner.invoke(cli, ["validate", "--project", str(tmp_path)])
    assert result.exit_code == 2
    assert "no coopgraph.toml" in result.output and "coopgraph init" in result.output


def test_a_canned_query_is_asked_about_the_project_s_home(runner: CliRunner, published: Build) -> None:
    query = f"@{REPOSITORY / 'queries' / 'partners-by-country.rq'}"
    result = runner.invoke(cli, ["query", "--out", out_dir(published), "--format", "csv", query])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert {row["home"] for row in table} == {"https://w3id.org/coopgraph/id/municipality/daugavpils"}
    assert len({row["partner"] for row in table}) == 22
    elsewhere = runner.invoke(
        cli,
        ["query", "--out", out_dir(published), "--format", "csv", query, "-p", "home=" + table[0]["partner"]],
    )
    assert elsewhere.exit_code == 0, elsewhere.output
    partners = {row["partner"] for row in csv.DictReader(io.StringIO(elsewhere.output))}
    assert partners == {"https://w3id.org/coopgraph/id/municipality/daugavpils"}


def test_queries_lists_a_project_s_own_beside_the_defaults(runner: CliRunner, project: Sources) -> None:
    shutil.rmtree(project.queries_dir)
    project.queries_dir.mkdir()
    (project.queries_dir / "ours.rq").write_text("# title: Ours\n# description: Ours.\nASK {}\n", encoding="utf-8")
    result = runner.invoke(cli, ["queries", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "queries/ours.rq" in result.output and "partners-by-country.rq" in result.output
    assert "--param home=… (IRI of coop:Municipality)" in result.output


def test_diff_as_json_names_each_changed_resource_with_its_statements(runner: CliRunner, two_builds: TwoBuilds) -> None:
    result = runner.invoke(cli, ["diff", "--out", str(two_builds.out_dir), "--format", "json", "--lang", "lv"])
    assert result.exit_code == 0, result.output
    told = json.loads(result.output)
    assert (told["old"], told["new"]) == (two_builds.before.build_id, two_builds.after.build_id)
    parnu = next(r for r in told["resources"] if r["resource"].endswith("/municipality/parnu"))
    assert parnu["label"] == "Pērnava" and parnu["removed"] == {}
    assert told["totals"]["asserted"]["added"] == sum(len(r["added"].get("asserted", [])) for r in told["resources"])


def test_diff_between_named_builds_either_way(runner: CliRunner, two_builds: TwoBuilds) -> None:
    out, before, after = str(two_builds.out_dir), two_builds.before.build_id, two_builds.after.build_id
    back = runner.invoke(cli, ["diff", after, before, "--out", out])
    assert back.exit_code == 0, back.output
    assert '    - rdfs:label "Pärnu"@en' in back.output.splitlines()
    by_path = runner.invoke(cli, ["diff", str(two_builds.before.path), "--out", out])
    assert by_path.exit_code == 0 and "Pärnu  <" in by_path.output


def test_diff_says_which_builds_there_are_when_one_is_unknown(runner: CliRunner, two_builds: TwoBuilds) -> None:
    result = runner.invoke(cli, ["diff", "20990101T000000Z-nothing", "--out", str(two_builds.out_dir)])
    assert result.exit_code == 2
    assert "no build '20990101T000000Z-nothing'" in result.output and two_builds.after.build_id in result.output
    assert "Traceback" not in result.output


def test_diff_after_the_first_build_says_there_is_nothing_before_it(
    runner: CliRunner, project: Sources, tmp_path: Path
) -> None:
    out = str(tmp_path / "dist")
    assert runner.invoke(cli, ["build", "-q", "--project", str(project.root), "--out", out]).exit_code == 0
    result = runner.invoke(cli, ["diff", "--out", out])
    assert result.exit_code == 2
    assert "the oldest kept: there is nothing before it to compare" in result.output


def test_the_builds_kept_are_a_setting(runner: CliRunner, project: Sources, tmp_path: Path) -> None:
    where = ["--project", str(project.root), "--out", str(tmp_path / "dist")]
    for _ in range(3):
        built = runner.invoke(cli, ["build", "-q", "--force", *where], env={"COOPGRAPH_KEEP_BUILDS": "2"})
        assert built.exit_code == 0, built.output
    assert len([p for p in (tmp_path / "dist" / "builds").iterdir() if not p.name.startswith(".")]) == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_clerk_starts_a_project_adds_an_agreement_and_builds(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    root = tmp_path / "valmiera"
    started = runner.invoke(cli, ["init", str(root), "--municipality", "Valmiera", "--country", "LVA"])
    assert started.exit_code == 0, started.output
    write_rows(root / "data" / "sources.csv", [SOURCE])
    if suffix == ".xlsx":  # the same sheet kept in a spreadsheet program
        (root / "data" / "agreements.csv").unlink()
    write_rows(root / "data" / f"agreements{suffix}", [TARTU])
    built = runner.invoke(cli, ["build", "--project", str(root), "-q"])
    assert built.exit_code == 0, built.output
    query = "SELECT ?partner WHERE { ?a a coop:CooperationAgreement ; coop:party ?partner ; coop:concluded ?d }"
    answer = runner.invoke(cli, ["query", "--project", str(root), "--format", "json", query])
    partners = {b["partner"]["value"] for b in json.loads(answer.output)["results"]["bindings"]}
    assert partners == {
        "https://w3id.org/coopgraph/id/municipality/tartu",
        "https://w3id.org/coopgraph/id/municipality/valmiera",
    }


def test_a_mistake_in_a_sheet_is_one_line_exit_code_2_and_the_build_stays(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "valmiera"
    runner.invoke(cli, ["init", str(root), "--municipality", "Valmiera", "--country", "LVA"])
    write_rows(root / "data" / "sources.csv", [SOURCE])
    write_rows(root / "data" / "agreements.csv", [TARTU])
    assert runner.invoke(cli, ["build", "--project", str(root), "-q"]).exit_code == 0
    good = (root / "dist" / "current").resolve()
    write_rows(root / "data" / "agreements.csv", [{**TARTU, "partner": "Pärnu", "concluded": "2024-13-01"}])
    failed = runner.invoke(cli, ["build", "--project", str(root), "-q"])
    assert failed.exit_code == 2
    assert failed.output.strip() == (
        'Error: data/agreements.csv:3 column concluded: "2024-13-01" is not a date; write YYYY-MM-DD, YYYY-MM or YYYY'
    )
    assert (root / "dist" / "current").resolve() == good


def test_init_refuses_a_folder_in_use_and_an_unknown_country(runner: CliRunner, tmp_path: Path) -> None:
    unknown = runner.invoke(cli, ["init", str(tmp_path / "x"), "--municipality", "Valmiera", "--country", "Narnia"])
    assert unknown.exit_code == 1 and "--country 'Narnia' is not a country" in unknown.output
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "old.csv").write_text("", encoding="utf-8")
    used = runner.invoke(cli, ["init", str(tmp_path / "y"), "--municipality", "Valmiera", "--country", "LVA"])
    assert used.exit_code == 1 and "is not empty" in used.output and "Traceback" not in used.output


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("# parameter: country (IRI of kop:Country): the country", ":3: parameter country: the class 'kop:Country'"),
        ("# parameter: year (integer): a year the query never uses", ":3: parameter year is declared, but the query"),
    ],
)
def test_a_bad_query_header_fails_the_build_the_listing_and_the_server_at_its_line(
    runner: CliRunner, project: Sources, tmp_path: Path, header: str, said: str
) -> None:
    bad = project.queries_dir / "bad.rq"
    bad.write_text(f"# title: Bad\n# description: Bad.\n{header}\nSELECT ?x WHERE {{ ?x a ?c }} ORDER BY ?x\n")
    out = tmp_path / "dist"
    built = runner.invoke(cli, ["build", "-q", "--project", str(project.root), "--out", str(out)])
    assert built.exit_code == 2, built.output
    assert "".join(f"{bad}{said}".split()) in "".join(built.output.split())  # however the error is wrapped
    assert not (out / "current").exists()
    listed = runner.invoke(cli, ["queries", "--project", str(project.root)])
    assert listed.exit_code == 2 and "bad.rq:3:" in listed.output
    served = runner.invoke(cli, ["serve", "--project", str(project.root), "--out", str(out), "--port", "1"])
    assert served.exit_code == 2 and "bad.rq:3:" in served.output and "nothing to serve" in served.output
