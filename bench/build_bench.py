"""Build-path benchmark on synthetic cooperation graphs, peers side by side.

For each size it generates a graph (bench/synth.py), then measures in separate
processes, so that each peak memory figure is its own:

- parsing: coopgraph's loader (Oxigraph parser → rdflib graph) vs rdflib's own parser;
- inference: the compiled OWL RL rules vs owlrl's full closure (owlrl only up
  to --owlrl-max triples: beyond that it runs for many minutes);
- validation: pyshacl with the project's shapes;
- the whole ``coopgraph build`` (load, validate, infer, store, dumps, publish).

    python bench/build_bench.py                  # 10k, 100k, 1M
    python bench/build_bench.py --sizes 100000   # one size
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REPOSITORY = HERE.parent


def project_for(size: int) -> Path:
    """A project directory with the real ontology and shapes and a synthetic data file."""
    root = OUT / f"project-{size}"
    data = root / "data" / "synthetic.ttl"
    if not data.exists():
        shutil.rmtree(root, ignore_errors=True)
        for name in ("ontology", "shapes"):
            shutil.copytree(REPOSITORY / name, root / name)
        (root / "data").mkdir(parents=True)
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(size), str(data)], check=True, stdout=subprocess.DEVNULL
        )
    return root


def measure(step: str, root: str) -> dict[str, float]:
    """Run one step in this process and report seconds and peak RSS (run in a child)."""
    from rdflib import Graph

    from coopgraph.build.infer import infer
    from coopgraph.build.pipeline import build
    from coopgraph.build.validate import validate
    from coopgraph.sources.project import Sources

    sources = Sources(Path(root))
    extra: dict[str, float] = {}
    if step in ("infer-rules", "infer-owlrl", "validate"):
        ontology, data = sources.ontology(), sources.data()
        shapes = sources.shapes() if step == "validate" else None
        extra["triples"] = len(data)
    started = time.perf_counter()
    if step == "parse-coopgraph":
        extra["triples"] = len(sources.data())
    elif step == "parse-rdflib":
        graph = Graph()
        for path in sources.data_files():
            graph.parse(path)
        extra["triples"] = len(graph)
    elif step == "infer-rules":
        extra["inferred"] = len(infer(ontology, data, reasoner="rules"))
    elif step == "infer-owlrl":
        extra["inferred"] = len(infer(ontology, data, reasoner="owlrl"))
    elif step == "validate":
        report = validate(data, shapes, ontology)
        extra["violations"] = len(report.violations())
    elif step == "build":
        result = build(sources, Path(root) / "dist", force=True)
        extra["triples"] = result.manifest["triples"]
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_mb), **extra}


def run_child(step: str, root: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", step, str(root)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--owlrl-max", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("STEP", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return

    OUT.mkdir(exist_ok=True)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for size in args.sizes:
        root = project_for(size)
        steps = ["parse-coopgraph", "parse-rdflib", "infer-rules", "validate", "build"]
        if size <= args.owlrl_max:
            steps.insert(3, "infer-owlrl")
        results[str(size)] = {}
        for step in steps:
            results[str(size)][step] = figures = run_child(step, root)
            print(f"{size:>9,} {step:<16} {figures}", flush=True)
    machine = {"python": platform.python_version(), "machine": platform.machine(), "cpus": __import__("os").cpu_count()}
    (OUT / "build_bench.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print("\n| triples | step | seconds | peak MB | ratio |\n|---|---|---|---|---|")
    for size, steps_ in results.items():
        for step, fig in steps_.items():
            peer = {"parse-coopgraph": "parse-rdflib", "infer-rules": "infer-owlrl"}.get(step)
            ratio = ""
            if peer and peer in steps_:
                ratio = f"{steps_[peer]['seconds'] / max(fig['seconds'], 0.01):.1f}× faster than {peer}"
            print(f"| {int(size):,} | {step} | {fig['seconds']} | {fig['peak_mb']} | {ratio} |")


if __name__ == "__main__":
    main()
