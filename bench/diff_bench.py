"""Diff benchmark: two builds of a synthetic project that differ by a few hundred triples.

The old project is bench/build_bench.py's (bench/synth.py data, the real
ontology and shapes); the new one is its copy with ``--removed`` agreements
taken out of the synthetic file and ``--added`` new towns, each with an
agreement, in a file of their own. Each step runs in its own process, so each
peak memory figure is its own:

- ``build old``, ``build new``: the two builds, into one build directory; the
  new build's "Summarising the changes" step is the diff it writes at build
  time (``changes.json``), the rest is as bench/build_bench.py measures;
- ``diff text``, ``diff json``: ``coopgraph diff`` between the two, output
  thrown away, with the count of changed statements it found.

    python bench/diff_bench.py                        # 1M triples
    python bench/diff_bench.py --size 20000           # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from build_bench import OUT, peak_mb, project_for

NEW_TOWN = (
    'm:new-town-{i} a coop:Municipality ; rdfs:label "New town {i}"@en, "Jaunpilsēta {i}"@lv ; '
    "coop:country c:country-{country} ; prov:wasDerivedFrom s:synthetic .\n"
    'a:new-agreement-{i} a coop:CooperationAgreement ; rdfs:label "New agreement {i}"@en, '
    '"Jauns līgums {i}"@lv ; coop:party m:city-{i}, m:new-town-{i} ; '
    'coop:concluded "2026-11-{day:02d}"^^xsd:date ; coop:field f:field-{field} ; '
    'coop:fieldAsStated "culture"@en ; prov:wasDerivedFrom s:synthetic .\n'
)


def changed_project(old: Path, removed: int, added: int) -> Path:
    """A copy of ``old`` without the first agreement of ``removed`` cities and with ``added`` new towns."""
    new = old.parent / f"{old.name}-changed"
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(old, new, ignore=shutil.ignore_patterns("dist", "floor-store"))
    prefixes, gone = [], {f"a:agreement-{i}-0 " for i in range(removed)}
    with (
        (old / "data" / "synthetic.ttl").open(encoding="utf-8") as source,
        (new / "data" / "synthetic.ttl").open("w", encoding="utf-8") as out,
    ):
        for line in source:
            if line.startswith("@prefix"):
                prefixes.append(line)
            if not any(line.startswith(name) for name in gone):
                out.write(line)
    towns = "".join(NEW_TOWN.format(i=i, country=i % 60, day=1 + i % 28, field=i % 40) for i in range(added))
    (new / "data" / "new-towns.ttl").write_text("".join(prefixes) + towns, encoding="utf-8")
    return new


def child_build(project: Path, out: Path) -> dict[str, Any]:
    from coopgraph.build.pipeline import Step, build
    from coopgraph.sources.project import Sources

    steps: dict[str, float] = {}

    @contextlib.contextmanager
    def timed(name: str) -> Iterator[Step]:
        started = time.perf_counter()
        yield Step()
        steps[name] = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    result = build(Sources(project), out, force=True, progress=timed)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "summary_seconds": steps.get("Summarising the changes"),
        "dumps_seconds": steps.get("Writing dumps"),
        "peak_mb": peak_mb(),
        "triples": result.manifest["triples"],
    }


def child_diff(fmt: str, out: Path) -> dict[str, Any]:
    from coopgraph.build.diff import json_report, text_report
    from coopgraph.build.layout import current_build, previous_build

    new = current_build(out)
    assert new is not None
    old = previous_build(out, new)
    assert old is not None
    started = time.perf_counter()
    if fmt == "json":
        report = json_report(old, new, "en")
        totals = report["totals"]
        assert isinstance(totals, dict)
        changed = sum(sides["added"] + sides["removed"] for sides in totals.values())
        with open(os.devnull, "w", encoding="utf-8") as sink:
            json.dump(report, sink)
    else:
        lines = sum(1 for _ in text_report(old, new, "en"))
        changed = lines
    seconds = round(time.perf_counter() - started, 2)
    return {"seconds": seconds, "peak_mb": peak_mb(), "changed" if fmt == "json" else "lines": changed}


def run_child(*args: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")}
    output = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True, env=env
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--removed", type=int, default=10, help="agreements taken out (about 12 triples each)")
    parser.add_argument("--added", type=int, default=15, help="new towns, each with an agreement (16 triples)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        found = child_build(Path(rest[0]), Path(rest[1])) if kind == "build" else child_diff(rest[0], Path(rest[1]))
        print(json.dumps(found))
        return
    OUT.mkdir(exist_ok=True)
    old = project_for(args.size)
    new = changed_project(old, args.removed, args.added)
    out = OUT / f"diff-{args.size}"
    shutil.rmtree(out, ignore_errors=True)
    results = {
        "build old": run_child("build", str(old), str(out)),
        "build new": run_child("build", str(new), str(out)),
        "diff text": run_child("diff", "text", str(out)),
        "diff json": run_child("diff", "json", str(out)),
    }
    for name, figures in results.items():
        print(f"{name:<10} {json.dumps(figures)}", flush=True)
    dump = next((out / "current" / "dumps").glob("coopgraph.nq.gz"))
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    record = {"size": args.size, "dump_mb": round(dump.stat().st_size / 1e6, 1), "machine": machine, **results}
    (OUT / "diff_bench.json").write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
