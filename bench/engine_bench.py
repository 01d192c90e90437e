"""coopgraph in front of an Oxigraph server against the same server queried directly, in the same run.

    .venv/bin/python bench/engine_bench.py [TRIPLES] [REPEATS]

Generates TRIPLES synthetic triples (bench/synth.py, default 1,000,000), loads
them into an Oxigraph server (``oxigraph load`` then ``oxigraph serve`` on a
loopback port), and serves them with ``coopgraph serve --data`` in front of it
(``COOPGRAPH_ENGINE_URL``, the response cache off so every request reaches the
engine). Each query of endpoint_bench's workloads (lookup, GROUP BY, join,
path) is then sent alternately to the engine and through coopgraph, one at a
time, REPEATS times (default 5; the 50 lookups once each per repeat), and the
medians are compared. The issue's target: coopgraph's overhead under 1.5× on
the analytic queries.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from endpoint_bench import ANALYTIC, free_port, workload_queries  # noqa: E402
from synth import generate  # noqa: E402

VENV = HERE.parent / ".venv" / "bin"
ACCEPT = {"Accept": "application/sparql-results+json"}


def wait(url: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def timed(session: requests.Session, method: str, url: str, query: str) -> float:
    started = time.perf_counter()
    if method == "POST":
        answer = session.post(url, data={"query": query}, headers=ACCEPT, timeout=600)
    else:
        answer = session.get(url, params={"query": query}, headers=ACCEPT, timeout=600)
    answer.content  # noqa: B018  (read it all)
    if answer.status_code != 200:
        raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:200]}")
    return time.perf_counter() - started


def main() -> None:
    triples = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="engine-bench-") as scratch:
        data = Path(scratch) / "synthetic.ttl"
        with data.open("w", encoding="utf-8") as out:
            generate(triples, out)
        subprocess.run([str(VENV / "oxigraph"), "load", "-l", f"{scratch}/ox", "-f", str(data)], check=True)
        engine_port, coop_port = free_port(), free_port()
        engine = subprocess.Popen(
            [str(VENV / "oxigraph"), "serve-read-only", "-l", f"{scratch}/ox", "-b", f"127.0.0.1:{engine_port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env = {
            **os.environ,
            "COOPGRAPH_ENGINE_URL": f"http://127.0.0.1:{engine_port}/query",
            "COOPGRAPH_CACHE_ENTRIES": "0",
            "COOPGRAPH_MAX_ROWS": "10000000",
            "COOPGRAPH_QUERY_TIMEOUT": "300",
            "COOPGRAPH_WORKERS": "1",
        }
        coop = subprocess.Popen(
            [str(VENV / "coopgraph"), "serve", "--data", str(data), "--host", "127.0.0.1", "--port", str(coop_port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its gunicorn workers are stopped with it
        )
        try:
            direct, through = f"http://127.0.0.1:{engine_port}/query", f"http://127.0.0.1:{coop_port}/sparql"
            wait(direct)
            wait(through)
            print("both answer", file=sys.stderr)
            report(direct, through, workload_queries(triples), repeats, triples)
        finally:
            os.killpg(coop.pid, signal.SIGTERM)
            engine.terminate()
            for process in (coop, engine):
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def report(direct: str, through: str, workloads: dict[str, list[str]], repeats: int, triples: int) -> None:
    session = requests.Session()
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"{triples:,} synthetic triples, {repeats} repeats, load average {load}")
    print("| workload | engine directly (median) | through coopgraph (median) | ratio |")
    print("|---|---|---|---|")
    for name in ("lookup", *ANALYTIC):
        queries = workloads[name]
        timed(session, "POST", direct, queries[0])  # warm both
        timed(session, "GET", through, queries[0])
        times: dict[str, list[float]] = {"direct": [], "through": []}
        for _ in range(repeats):
            for query in queries:
                times["direct"].append(timed(session, "POST", direct, query))
                times["through"].append(timed(session, "GET", through, query))
        a, b = statistics.median(times["direct"]), statistics.median(times["through"])
        print(f"| {name} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {b / a:.2f}× |")


if __name__ == "__main__":
    main()
