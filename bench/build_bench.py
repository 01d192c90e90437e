"""Build benchmark on synthetic cooperation graphs: every step of ``coopgraph build``, beside its peers.

For each size it generates a project (bench/synth.py data, the real ontology
and shapes), then runs, each in its own process so that every peak memory
figure is its own, in this order and in the same run:

- ``floor``: a bare pyoxigraph bulk load of the same data file into an on-disk
  store, the least any build that ends in such a store can cost;
- ``build``: the whole ``coopgraph build`` (parse, store, validate, infer,
  dumps, publish), each step's seconds and the process's peak memory after it;
- ``pyshacl``: the reference validator on the same data (rdflib graph + pyshacl);
- ``owlrl``: the reference reasoner on the same data (up to ``--owlrl-max``).

The figures that count are ratios: the build against the floor (target: at
most 10x, peak under 1.5 GB), seconds per million triples at each size (target:
no higher at 1M than at 100k), and the compiled validator and rules against
their references.

    python bench/build_bench.py                                # 10k, 100k, 1M
    python bench/build_bench.py --sizes 10000 100000 1000000   # the same
    python bench/build_bench.py --sizes 100000 --owlrl-max 0   # one size, no owlrl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REPOSITORY = HERE.parent
STEPS = {
    "Parsing sources": "parse",
    "Loading the store": "store",
    "Validating data against the shapes (compiled)": "validate",
    "Inferring (rules)": "infer",
    "Writing dumps": "dumps",
    "Publishing": "publish",
}


def project_for(size: int) -> Path:
    """A project directory with the real ontology and shapes and a synthetic data file."""
    root = OUT / f"project-{size}"
    data = root / "data" / "synthetic.ttl"
    if root.exists() and not (root / "coopgraph.toml").exists():  # made before projects had a settings file
        shutil.copy(REPOSITORY / "coopgraph.toml", root / "coopgraph.toml")
    if not data.exists():
        shutil.rmtree(root, ignore_errors=True)
        for name in ("ontology", "shapes"):
            shutil.copytree(REPOSITORY / name, root / name)
        (root / "data").mkdir(parents=True)
        shutil.copy(REPOSITORY / "coopgraph.toml", root / "coopgraph.toml")
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(size), str(data)], check=True, stdout=subprocess.DEVNULL
        )
    return root


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child_build(root: Path) -> dict[str, Any]:
    from coopgraph.build.pipeline import Step, build
    from coopgraph.sources.project import Sources

    steps: dict[str, dict[str, float]] = {}

    @contextmanager
    def record(name: str) -> Iterator[Step]:
        started = time.perf_counter()
        yield Step()
        steps[STEPS.get(name, name)] = {"seconds": round(time.perf_counter() - started, 2), "peak_mb": peak_mb()}

    out = root / "dist"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = build(Sources(root), out, force=True, progress=record)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "peak_mb": peak_mb(),
        "steps": steps,
        "asserted": result.manifest["graphs"]["https://w3id.org/coopgraph/graph/data"],
        "inferred": result.manifest["graphs"]["https://w3id.org/coopgraph/graph/inferred"],
        "published": result.manifest["triples"],
    }


def child_floor(root: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    target = root / "floor-store"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(target))
    store.bulk_load(path=str(root / "data" / "synthetic.ttl"), format=ox.RdfFormat.TURTLE)
    store.flush()
    seconds = time.perf_counter() - started
    del store
    shutil.rmtree(target, ignore_errors=True)
    return {"seconds": round(seconds, 2), "peak_mb": peak_mb()}


def child_pyshacl(root: Path) -> dict[str, Any]:
    from coopgraph.build.validate import validate
    from coopgraph.sources.project import Sources

    sources = Sources(root)
    started = time.perf_counter()
    report = validate(sources.data(), sources.shapes(), sources.ontology())
    return {"seconds": round(time.perf_counter() - started, 2), "peak_mb": peak_mb(), "results": len(report.results)}


def child_owlrl(root: Path) -> dict[str, Any]:
    from coopgraph.build.infer import infer
    from coopgraph.sources.project import Sources

    sources = Sources(root)
    started = time.perf_counter()
    inferred = infer(sources.ontology(), sources.data(), reasoner="owlrl")
    return {"seconds": round(time.perf_counter() - started, 2), "peak_mb": peak_mb(), "inferred": len(inferred)}


CHILDREN = {"build": child_build, "floor": child_floor, "pyshacl": child_pyshacl, "owlrl": child_owlrl}


def run_child(kind: str, root: Path, script: Path = Path(__file__)) -> dict[str, Any]:
    """One measurement in its own process, with the peak summed over its whole process tree.

    The build runs its inference and dump writers as child processes beside
    itself: what the machine must hold is their sum at any one moment, which
    no single process's peak shows. It is sampled from /proc every 20 ms.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")}
    with subprocess.Popen(
        [sys.executable, str(script), "--child", kind, str(root)], stdout=subprocess.PIPE, text=True, env=env
    ) as process:
        tree_peak = 0
        while process.poll() is None:
            tree_peak = max(tree_peak, tree_rss(process.pid))
            time.sleep(0.02)
        output = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise SystemExit(f"{kind} at {root} failed with exit code {process.returncode}")
    return {**json.loads(output.strip().splitlines()[-1]), "tree_peak_mb": round(tree_peak / 2**20)}


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc), 0 for processes already gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        (
            "| triples | parse | store | validate | infer | dumps | publish | **build** | peak MB (tree) "
            "| floor (bare load) | **build ÷ floor** | s per M triples | pyshacl | owlrl |"
        ),
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for size, found in results.items():
        b, floor = found["build"], found["floor"]
        steps = [f"{b['steps'].get(k, {}).get('seconds', '')}" for k in STEPS.values()]
        per_million = b["seconds"] / b["asserted"] * 1e6
        pyshacl = found.get("pyshacl")
        owlrl = found.get("owlrl")
        validate = b["steps"].get("validate", {}).get("seconds", 0) or 0.01
        infer = b["steps"].get("infer", {}).get("seconds", 0) or 0.01
        shacl_text = f"{pyshacl['seconds']} s ({pyshacl['seconds'] / validate:.0f}× compiled)" if pyshacl else "not run"
        owlrl_text = f"{owlrl['seconds']} s ({owlrl['seconds'] / infer:.0f}× rules)" if owlrl else "not run"
        lines.append(
            f"| {int(size):,} | " + " | ".join(steps) + f" | **{b['seconds']}** | {b['peak_mb']} ({b['tree_peak_mb']})"
            f" | {floor['seconds']}"
            f" | **{b['seconds'] / floor['seconds']:.1f}×** | {per_million:.1f} | {shacl_text} | {owlrl_text} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--owlrl-max", type=int, default=100_000, help="largest size owlrl is run on")
    parser.add_argument("--pyshacl-max", type=int, default=1_000_000, help="largest size pyshacl is run on")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](Path(args.child[1]))))
        return
    OUT.mkdir(exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    for size in args.sizes:
        root = project_for(size)
        kinds = ["floor", "build"]
        if size <= args.pyshacl_max:
            kinds.append("pyshacl")
        if size <= args.owlrl_max:
            kinds.append("owlrl")
        results[str(size)] = {}
        for kind in kinds:
            results[str(size)][kind] = figures = run_child(kind, root)
            print(f"{size:>9,} {kind:<8} {json.dumps(figures)}", flush=True)
    machine = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    (OUT / "build_bench.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print()
    print(table(results))


if __name__ == "__main__":
    main()
