"""Which HTTP server carries coopgraph: gunicorn (as before, and with coopgraph's front) against granian.

The same Flask app (``coopgraph.web.app.create_app`` over one store of
synthetic data), two worker processes with eight request threads each, in the
same run, the order alternating between runs:

- **gunicorn gthread**: gunicorn's own threaded worker, as ``coopgraph serve`` ran before;
- **gunicorn + front**: ``coopgraph serve``, whose workers gather requests whole first (``web/front.py``);
- **granian**: granian's WSGI interface (Rust HTTP, the app on its blocking threads).

For each: cached lookups with wrk (c=8, one client thread, the lookups of
``endpoint_bench.py``), then the slow-client test of ``tests/web/test_front.py``:
200 stalled connections (half stop mid-header, half announce a body and trickle
it), ten light requests timed beside them, and what the stalled ones got.

    .venv/bin/pip install granian==2.8.9   # not a dependency of coopgraph
    .venv/bin/python bench/servers_bench.py --size 10000 --duration 10 --runs 2

Results: bench/out/servers/results.json, and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "servers"
sys.path.insert(0, str(HERE))
from endpoint_bench import LUA, dataset, lookup_query  # noqa: E402  (bench/ is not a package)

HOST = "127.0.0.1"
SERVERS = ("gunicorn gthread", "gunicorn + front", "granian")
DEADLINE = 3.0
STALLED = 200
LIGHT = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
WORKERS, THREADS = 2, 8


def granian_app() -> Any:
    """granian's ``--factory`` target: the app over the bench's store."""
    from coopgraph.settings import Settings
    from coopgraph.web.app import create_app

    return create_app(Settings.load(), Path(os.environ["BENCH_STORE"]))


def run_gthread(store: Path, port: int) -> None:
    """``coopgraph serve``'s gunicorn with gunicorn's own gthread worker (the server before the front)."""
    from coopgraph.settings import Settings
    from coopgraph.web.serve import GunicornServer

    class Gthread(GunicornServer):  # type: ignore[misc]
        def load_config(self) -> None:
            super().load_config()
            self.cfg.set("worker_class", "gthread")

    Gthread(Settings.load(host=HOST, port=port), store, None).run()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start(name: str, store: Path, data: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")},
        "COOPGRAPH_WORKERS": str(WORKERS),
        "COOPGRAPH_THREADS": str(THREADS),
        "COOPGRAPH_REQUEST_TIMEOUT": str(DEADLINE),
        "BENCH_STORE": str(store),
        "PYTHONPATH": str(HERE),
    }
    python = sys.executable
    if name == "gunicorn gthread":
        command = [python, str(Path(__file__)), "--child-gthread", str(store), "--port", str(port)]
    elif name == "gunicorn + front":
        command = [python, "-m", "coopgraph", "serve", "--host", HOST, "--port", str(port), "--data", str(data)]
    else:
        command = [
            *(str(Path(python).parent / "granian"), "--interface", "wsgi", "--factory", "--host", HOST),
            *("--port", str(port), "--workers", str(WORKERS), "--blocking-threads", str(THREADS)),
            *("--http1-header-read-timeout", str(int(DEADLINE * 1000)), "--log-level", "warning"),
            "servers_bench:granian_app",
        ]
    with log.open("ab") as printed:
        return subprocess.Popen(command, env=env, stdout=printed, stderr=printed, cwd=HERE)


def get(port: int, path: str, timeout: float = 15.0) -> tuple[int, float]:
    began = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - began
    except OSError:
        return 0, time.monotonic() - began
    finally:
        connection.close()


def wait_ready(port: int, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while get(port, LIGHT, 2)[0] != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no server answered on port {port}")
        time.sleep(0.3)


def wrk(port: int, paths: Path, seconds: float) -> dict[str, Any]:
    command = ["wrk", "-t1", "-c8", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(LUA), f"http://{HOST}:{port}"]
    done = subprocess.run([*command, "--", str(paths)], capture_output=True, text=True, check=True)
    raw = json.loads(next(x for x in done.stdout.splitlines() if x.startswith("WRKJSON "))[8:])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds_run),
        "p99_ms": raw["latency_us"]["p99"] / 1000,
        "errors": sum(raw["errors"].values()),
    }


def slow_clients(port: int) -> dict[str, Any]:
    """200 stalled connections, then ten light requests; what the stalled ones got, and when."""
    opened_at, stalled = time.monotonic(), []
    for number in range(STALLED):
        sock = socket.create_connection((HOST, port), timeout=DEADLINE + 30)
        if number % 2:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n")
            sock.sendall(b"Content-Length: 1000\r\n\r\nASK")
        else:
            sock.sendall(b"GET " + LIGHT.encode() + b" HTTP/1.1\r\nHost: x\r\nUser-")
        stalled.append(sock)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(0.5):
            for sock in stalled[1::2]:
                with contextlib.suppress(OSError):
                    sock.send(b" ")

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    light = [get(port, LIGHT, timeout=5.0) for _ in range(10)]
    got: dict[str, int] = {}
    give_up = opened_at + DEADLINE + 15
    for sock in stalled:
        try:
            sock.settimeout(max(0.01, give_up - time.monotonic()))
            said = sock.recv(64)
            key = said.split(b"\r\n")[0].decode() if said else "closed"
        except OSError as error:
            key = type(error).__name__
        got[key] = got.get(key, 0) + 1
        sock.close()
    stop.set()
    trickler.join()
    return {
        "light_max_s": round(max(s for _, s in light), 3),
        "light_failed": sum(1 for status, _ in light if status != 200),
        "stalled_got": got,
        "stalled_done_s": round(time.monotonic() - opened_at, 1),  # DEADLINE + 15 at most: the bench gave up
    }


def measure(name: str, store: Path, data: Path, paths: Path, seconds: float) -> dict[str, Any]:
    port = free_port()
    process = start(name, store, data, port, OUT / "servers.log")
    try:
        wait_ready(port)
        wrk(port, paths, 2)  # warm-up: every lookup cached in every worker
        lookups = wrk(port, paths, seconds)
        return {"server": name, **lookups, **slow_clients(port)}
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        (
            "| run | server | cached lookups req/s | p99 ms | errors | light request beside 200 stalled, max s "
            "(failed of 10) | the stalled got | after s |"
        ),
        "|--:|---|--:|--:|--:|--:|---|--:|",
    ]
    for row in results:
        got = ", ".join(f"{n}× {k}" for k, n in sorted(row["stalled_got"].items()))
        lines.append(
            f"| {row['run']} | {row['server']} | {row['rps']:,} | {row['p99_ms']:.1f} | {row['errors']} "
            f"| {row['light_max_s']} ({row['light_failed']}) | {got} | {row['stalled_done_s']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="triples of synthetic data")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of wrk per server and run")
    parser.add_argument("--runs", type=int, default=2, help="runs, the servers' order alternating")
    parser.add_argument("--child-gthread", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_gthread is not None:
        run_gthread(args.child_gthread, args.port)
        return
    from coopgraph.web.serve import store_from_files

    OUT.mkdir(parents=True, exist_ok=True)
    data = dataset(args.size)
    store = OUT / f"store-{args.size}"
    if not store.exists():
        store_from_files([data], store)
    paths = OUT / "lookups.txt"
    paths.write_text("".join(f"/sparql?query={urllib.parse.quote(lookup_query(c), safe='')}\n" for c in range(50)))
    results = []
    for run in range(1, args.runs + 1):
        order = SERVERS if run % 2 else tuple(reversed(SERVERS))
        for name in order:
            results.append({"run": run, **measure(name, store, data, paths, args.duration)})
            print(json.dumps(results[-1]), flush=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    print(table(results))


if __name__ == "__main__":
    main()
