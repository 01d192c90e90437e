"""The whole server's memory under load: coopgraph (every process, PSS) against the Oxigraph server (RSS).

For each size it serves the synthetic graph of ``bench/endpoint_bench.py``
with ``coopgraph serve --data FILE`` (its defaults: a worker per core, one
query process for the whole server) and with ``oxigraph serve-read-only``, puts the
same load on each (the endpoint benchmark's query mix, 8 clients, for
``--duration`` seconds), and then reads:

- coopgraph: PSS summed over the gunicorn master and all its descendants
  (workers, the query service's supervisor and its query process), from ``/proc/PID/smaps_rollup``,
  so pages the processes share count once in all: sampled every second of the
  load (its peak, which the ratio is taken on), once after, and once more
  :data:`SETTLE` seconds later, once the query process has trimmed its heap;
- Oxigraph: the server's RSS (``VmRSS`` in ``/proc/PID/status``), and its PSS.

    python bench/memory_bench.py                     # 1M triples, 20 s of load
    python bench/memory_bench.py --sizes 100000 --duration 5

Results go to bench/out/memory/results-*.json; the figures are copied by hand
into the "Memory" section of bench/README.md. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import endpoint_bench as bench  # noqa: E402  (bench/ is not a package: the path comes first)

OUT = HERE / "out" / "memory"
SETTLE = 5.0
"""Seconds after the load before the last reading: coopgraph's extra query processes linger 3 s, then end."""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise ValueError(f"no VmRSS for process {pid}")


def pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def kind_of(pid: int, root: int) -> str:
    """What a process of the server is, from its command line and its place in the tree."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    if pid == root:
        return "main process"
    if "resource_tracker" in command:
        return "resource tracker"
    if "coopgraph.engine.query_service" in command:
        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        parent_command = Path(f"/proc/{parent}/cmdline").read_bytes()
        return "query process" if b"coopgraph.engine.query_service" in parent_command else "query supervisor"
    return "worker"


def by_kind(root: int) -> dict[str, list[float]]:
    """PSS of each process of the tree, grouped by what it is."""
    found: dict[str, list[float]] = {}
    for pid in bench.process_tree(root):
        found.setdefault(kind_of(pid, root), []).append(pss_mb(pid))
    return found


def measure(key: str, size: int, data: Path, duration: float) -> dict[str, Any]:
    """Serve ``data`` with server ``key``, load it, and read its memory."""
    server = bench.start_server(key, data, size)
    try:
        if not bench.wait_ready(server, 600):
            raise RuntimeError(f"{key} did not start: {'; '.join(server.notes)}")
        root = server.process.pid
        ready = {"pss_mb": bench.tree_pss_mb(root), "processes": len(bench.process_tree(root))}
        paths = [bench.path_for(server.spec, q) for q in bench.workload_queries(size)["mix"]]
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(1.0):
                peak[0] = max(peak[0], bench.tree_pss_mb(root))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = bench.run_python(server, paths, 8, duration, 120)
        done.set()
        sampler.join()
        after, after_kinds = bench.tree_pss_mb(root), by_kind(root)
        time.sleep(SETTLE)
        return {
            "ready": ready,
            "load": {
                "rps": load["rps"],
                "errors": load["errors"],
                "p99_ms": round(load["p99_ms"], 1),
                "seconds": duration,
            },
            "peak_pss_mb": peak[0],
            "pss_mb": after,
            "settled_pss_mb": bench.tree_pss_mb(root),
            "after_by_kind": after_kinds,
            "settled_by_kind": by_kind(root),
            "rss_mb": rss_mb(root),
            "processes": len(bench.process_tree(root)),
        }
    finally:
        bench.stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load before reading the memory")
    args = parser.parse_args()
    bench.ensure_peers()
    OUT.mkdir(parents=True, exist_ok=True)
    bench.OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": bench.machine(), "sizes": {}}
    for size in args.sizes:
        data = bench.dataset(size)
        entry = {key: measure(key, size, data, args.duration) for key in ("oxigraph", "coopgraph")}
        entry["ratio"] = round(entry["coopgraph"]["peak_pss_mb"] / entry["oxigraph"]["rss_mb"], 2)
        results["sizes"][str(size)] = entry
        ours, theirs = entry["coopgraph"], entry["oxigraph"]
        print(
            f"[{size}] coopgraph {ours['peak_pss_mb']} MB PSS at its peak under load, {ours['pss_mb']} MB after,"
            f" {ours['settled_pss_mb']} MB {SETTLE:g} s later"
            f" ({ours['processes']} processes);"
            f" Oxigraph {theirs['rss_mb']} MB RSS ({theirs['pss_mb']} MB PSS); {entry['ratio']}x",
            flush=True,
        )
        for moment in ("after_by_kind", "settled_by_kind"):
            kinds = ", ".join(f"{kind} {sorted(sizes, reverse=True)}" for kind, sizes in ours[moment].items())
            print(f"[{size}] coopgraph {moment.replace('_', ' ')} (PSS MB): {kinds}", flush=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"results-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
