"""Linked-data pages on a synthetic graph: how long a page takes, first time and from the cache.

Serves the synthetic cooperation graph (bench/synth.py) with ``coopgraph serve
--data`` and times each kind of page a visitor lands on: a resource page (HTML
and Turtle), a class index (first page, sorted), the home page, the map; and hubs, the
resources with the most statements pointing at them: a field of cooperation
(thousands of agreements) and the one source every fact cites (all of them).
"Cold" requests each hit a different resource or sort order, so nothing comes
from the response cache; "warm" repeats one request. Side by side, the same
one-resource lookup through /sparql, the cheapest thing the server does.

    python bench/pages_bench.py                 # 100k and 1M triples
    python bench/pages_bench.py --sizes 100000
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
COOPGRAPH = Path(sys.executable).parent / "coopgraph"
CITY = "https://w3id.org/coopgraph/id/municipality/city-{}"


def data_file(size: int) -> Path:
    path = OUT / "pages" / f"synthetic-{size}.ttl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(size), str(path)], check=True, stdout=subprocess.DEVNULL
        )
    return path


def timed(connection: http.client.HTTPConnection, path: str, accept: str = "text/html") -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": accept})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
        "n": len(ordered),
    }


def measure(port: int, cities: int, repeats: int) -> dict[str, dict[str, dict[str, float]]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    ids = [(i * 7919) % cities for i in range(repeats)]
    lookup = "SELECT ?p ?o WHERE {{ <{}> ?p ?o }}"
    cases = {
        "resource page (HTML)": lambda i: (f"/id/municipality/city-{i}", "text/html"),
        "resource page (Turtle)": lambda i: (f"/id/municipality/city-{i}.ttl", "text/turtle"),
        "SPARQL lookup (reference)": lambda i: (
            "/sparql?" + urllib.parse.urlencode({"query": lookup.format(CITY.format(i))}),
            "application/sparql-results+json",
        ),
        "municipalities index": lambda i: (
            f"/municipalities?sort=name&order={'asc' if i % 2 else 'desc'}&page={1 + i % 3}",
            "text/html",
        ),
        "hub page, a field (HTML)": lambda i: (f"/id/field/field-{i % 40}", "text/html"),
        "hub page, a field (Turtle)": lambda i: (f"/id/field/field-{i % 40}.ttl", "text/turtle"),
        "hub page, the source (HTML)": lambda i: ("/id/source/synthetic", "text/html"),
        "hub page, the source (Turtle)": lambda i: ("/id/source/synthetic.ttl", "text/turtle"),
        "home page": lambda i: ("/", "text/html"),
        "map": lambda i: ("/map", "text/html"),
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name, make in cases.items():
        cold = (
            [timed(connection, *make(i)) for i in ids]
            if not any(word in name for word in ("home", "map", "the source"))
            else [timed(connection, *make(0))]
        )
        warm = [timed(connection, *make(ids[0])) for _ in range(repeats)]
        results[name] = {"cold": summary(cold), "warm": summary(warm)}
        print(f"  {name:<28} cold {results[name]['cold']}  warm {results[name]['warm']}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    report = {}
    for size in args.sizes:
        path = data_file(size)
        cities = max(4, size // 325)
        port = 18700 + size % 97
        server = subprocess.Popen(
            [str(COOPGRAPH), "serve", "--data", str(path), "--port", str(port), "--workers", "1", "--threads", "4"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            started = time.monotonic()
            while True:
                try:
                    timed(
                        http.client.HTTPConnection("127.0.0.1", port, timeout=5),
                        "/sparql?query=ASK%7B%7D",
                        "application/sparql-results+json",
                    )
                    break
                except (OSError, RuntimeError):
                    if time.monotonic() - started > 600:
                        raise
                    time.sleep(1)
            print(f"{size:,} triples (store loaded in {time.monotonic() - started:.0f} s)", flush=True)
            report[str(size)] = measure(port, cities, args.repeats)
        finally:
            server.terminate()
            server.wait(30)
    (OUT / "pages_bench.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
