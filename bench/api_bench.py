"""The API's cost over /sparql: partners-by-country as an API operation and as the same query on /sparql.

For each size it generates a synthetic cooperation graph (bench/synth.py),
serves it with ``coopgraph serve --data FILE`` (response cache off, so every
request runs the query in the query processes), and in the same run, one after
the other, asks:

- ``/api/queries/partners-by-country?home=…`` (JSON rows, the default);
- the same operation with ``Accept: application/sparql-results+json``;
- ``/sparql`` with the query's text, ``?home`` bound by a ``VALUES`` line as the
  editor's tab has it, in SPARQL JSON.

The home is a synthetic municipality (``city-0``): the bundled project's
Daugavpils is not in the synthetic data. Each request is sequential (one client,
after a warm-up), so the figures are latencies; the answers are checked to have
the same rows before they are timed.

    python bench/api_bench.py                          # 100k and 1M, 200 requests each
    python bench/api_bench.py --sizes 100000 --requests 50

Results go to bench/out/api/results.json and the table to stdout (copy it into
bench/README.md with the load average). Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph.engine.canned import load_canned_queries
from coopgraph.sources.project import REPOSITORY
from coopgraph.web.editor import with_home

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
HOME = "https://w3id.org/coopgraph/id/municipality/city-0"
QUERY = "partners-by-country"
SPARQL_JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dataset(size: int) -> Path:
    path = OUT / f"synthetic-{size}.ttl"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(size), str(path)], check=True)
    return path


def get(port: int, path: str, accept: str) -> tuple[int, bytes, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": accept})
    response = connection.getresponse()
    body = response.read()
    took = time.perf_counter() - started
    connection.close()
    return response.status, body, took


def serve(data: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "COOPGRAPH_CACHE_ENTRIES": "0", "COOPGRAPH_WORKERS": "2"}
    command = [sys.executable, "-m", "coopgraph", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen([*command, "--data", str(data)], env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if get(port, "/sparql?query=ASK%7B%7D", SPARQL_JSON)[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the server did not start within 600 s")


def rows_of(body: bytes, accept: str) -> int:
    told = json.loads(body)
    return len(told["rows"]) if accept == "application/json" else len(told["results"]["bindings"])


def measure(port: int, path: str, accept: str, requests: int) -> dict[str, Any]:
    for _ in range(5):
        get(port, path, accept)
    times = []
    for _ in range(requests):
        status, body, took = get(port, path, accept)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body[:200]!r}")
        times.append(took)
    times.sort()
    return {
        "rows": rows_of(body, accept),
        "median_ms": 1000 * times[len(times) // 2],
        "p95_ms": 1000 * times[int(len(times) * 0.95) - 1],
        "requests": requests,
    }


def bench_size(size: int, requests: int) -> dict[str, Any]:
    query = load_canned_queries(REPOSITORY / "queries")[QUERY]
    api = f"/api/queries/{QUERY}?" + urllib.parse.urlencode({"home": HOME})
    sparql = "/sparql?" + urllib.parse.urlencode({"query": with_home(query.text, ox.NamedNode(HOME))})
    process, port = serve(dataset(size))
    try:
        found = {
            "api (JSON rows)": measure(port, api, "application/json", requests),
            "api (SPARQL JSON)": measure(port, api, SPARQL_JSON, requests),
            "/sparql (SPARQL JSON)": measure(port, sparql, SPARQL_JSON, requests),
        }
    finally:
        process.terminate()
        process.wait(timeout=60)
    if len({m["rows"] for m in found.values()}) != 1:
        raise RuntimeError(f"the answers differ: {found}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, Any] = {"load_before": Path("/proc/loadavg").read_text().split()[:3]}
    for size in args.sizes:
        results[str(size)] = bench_size(size, args.requests)
    results["load_after"] = Path("/proc/loadavg").read_text().split()[:3]
    (OUT / "api").mkdir(parents=True, exist_ok=True)
    (OUT / "api" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| triples | request | rows | median ms | p95 ms |\n|---|---|--:|--:|--:|")
    for size in args.sizes:
        for name, m in results[str(size)].items():
            print(f"| {size:,} | {name} | {m['rows']} | {m['median_ms']:.1f} | {m['p95_ms']:.1f} |")
    print(f"load average before {results['load_before']}, after {results['load_after']}")


if __name__ == "__main__":
    main()
