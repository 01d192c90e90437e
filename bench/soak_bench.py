"""Soak: light and heavy clients on one server for a minute; the light ones must all be answered, quickly.

Serves the synthetic graph of ``bench/endpoint_bench.py`` with ``coopgraph serve
--data FILE`` (defaults: a worker per core, one query process each; by default
with the response cache off, so every light request reaches a query process),
then runs together, for ``--duration`` seconds:

- ``--light`` clients, each asking one-resource lookups (rotating over 50
  cities) one after another, every answer timed;
- ``--heavy`` clients, each asking a three-way cartesian product that can only
  end at the query deadline (503), then asking again.

Reported: the light requests' count, p50, p99 and worst latency, and their
failures (anything but a 200, or no answer); the heavy requests' outcomes. The
bar is zero light failures.

    python bench/soak_bench.py                         # 1M triples, 60 s, 6 light and 2 heavy clients
    python bench/soak_bench.py --size 100000 --duration 20

Only 127.0.0.1 is used. Results go to bench/out/soak/results-*.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import endpoint_bench as bench  # noqa: E402  (bench/ is not a package: the path comes first)

OUT = HERE / "out" / "soak"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def client(server: bench.Running, paths: list[str], until: float, timeout: float, record: list[Any]) -> None:
    """Ask ``paths`` in turn until ``until``; append (status or error, seconds) for each request."""
    turn = 0
    while time.monotonic() < until:
        path = paths[turn % len(paths)]
        turn += 1
        began = time.perf_counter()
        try:
            status, _, seconds = bench.http_get(server.port, path, timeout)
            record.append((status, seconds))
        except OSError as error:
            record.append((type(error).__name__, time.perf_counter() - began))


def soak(server: bench.Running, size: int, args: argparse.Namespace) -> dict[str, Any]:
    light_paths = [bench.path_for(server.spec, q) for q in bench.workload_queries(size)["lookup"]]
    heavy_paths = [bench.path_for(server.spec, HEAVY)]
    until = time.monotonic() + args.duration
    light: list[list[Any]] = [[] for _ in range(args.light)]
    heavy: list[list[Any]] = [[] for _ in range(args.heavy)]
    threads = [threading.Thread(target=client, args=(server, heavy_paths, until, 60.0, record)) for record in heavy] + [
        threading.Thread(target=client, args=(server, light_paths, until, 30.0, record)) for record in light
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answered = sorted(seconds for record in light for status, seconds in record if status == 200)
    failures = Counter(str(status) for record in light for status, _ in record if status != 200)
    return {
        "light": {
            "requests": sum(len(record) for record in light),
            "answered": len(answered),
            "failures": dict(failures),
            "p50_ms": round(bench.percentile(answered, 50) * 1000, 1) if answered else None,
            "p99_ms": round(bench.percentile(answered, 99) * 1000, 1) if answered else None,
            "worst_ms": round(answered[-1] * 1000, 1) if answered else None,
        },
        "heavy": dict(Counter(str(status) for record in heavy for status, _ in record)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="about how many triples")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--light", type=int, default=6, help="light clients")
    parser.add_argument("--heavy", type=int, default=2, help="heavy clients")
    parser.add_argument("--server", choices=["coopgraph", "coopgraph-nocache"], default="coopgraph-nocache")
    args = parser.parse_args()
    data = bench.dataset(args.size)
    server = bench.start_server(args.server, data, args.size)
    try:
        if not bench.wait_ready(server, 600):
            raise SystemExit(f"{args.server} did not start: {'; '.join(server.notes)}")
        result = {"size": args.size, "server": args.server, "args": vars(args), **soak(server, args.size, args)}
    finally:
        bench.stop_server(server)
    result["machine"] = bench.machine()
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"results-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("size", "server", "light", "heavy")}, indent=2))


if __name__ == "__main__":
    main()
