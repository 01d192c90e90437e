"""HTTP benchmark of coopgraph's SPARQL endpoint, peers side by side.

For each size it generates a synthetic cooperation graph (bench/synth.py) and
serves the SAME file with, one after the other:

- coopgraph: ``coopgraph serve --data FILE`` with its defaults (gunicorn, one
  worker per core, response cache on), and again with ``--cache-entries 0``,
  so that the query engine's own cost is visible too;
- rdflib-endpoint: ``rdflib-endpoint serve FILE`` (rdflib Dataset on uvicorn);
- the Oxigraph server: ``oxigraph load`` into a store, then
  ``oxigraph serve-read-only --union-default-graph`` (coopgraph queries the
  union of its graphs too).

The peers live only in ``bench/.venv-peers`` (made here from
``bench/requirements-peers.txt``). Each query of the mix (a one-resource
lookup rotating over 50 cities, an analytic GROUP BY, a three-way join and a
property path), and the four interleaved, is measured at each concurrency:
a warm-up, then a fixed duration, with ``wrk`` (one client thread, a Lua
script rotating through URL-encoded GET paths, ``Accept:
application/sparql-results+json``). A query that is too slow for that on a
server (rdflib-endpoint on large graphs) is measured instead with a few
requests from a Python client that waits for every answer, within a time
budget. Every server's answers are compared before they are timed.

    python bench/endpoint_bench.py                              # 100k and 1M, 10 s each
    python bench/endpoint_bench.py --sizes 100000 --duration 5
    python bench/endpoint_bench.py --servers oxigraph rdflib-endpoint   # the peers alone

Results go to bench/out/endpoint/results-*.json and the tables into the
"SPARQL endpoint" section of bench/README.md. Only 127.0.0.1 is used; every
run and every server is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
OUT = HERE / "out" / "endpoint"
README = HERE / "README.md"
LUA = HERE / "wrk" / "rotate.lua"
REQUIREMENTS = HERE / "requirements-peers.txt"
PEERS_VENV = HERE / ".venv-peers"
COOPGRAPH = REPOSITORY / ".venv" / "bin" / "coopgraph"
HOST = "127.0.0.1"
COOPGRAPH_ARGS = ""
"""Extra options for ``coopgraph serve`` (--coopgraph-args), e.g. to try other --workers/--threads."""
ACCEPT = "application/sparql-results+json"

sys.path.insert(0, str(HERE))
from synth import TRIPLES_PER_MUNICIPALITY  # noqa: E402  (bench/ is not a package: the path comes first)

# --- the query mix -----------------------------------------------------------

COOP = "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
LOOKUP_IDS = 50


def lookup_query(city: int) -> str:
    return f"SELECT ?p ?o WHERE {{ <https://w3id.org/coopgraph/id/municipality/city-{city}> ?p ?o }}"


GROUP_BY = COOP + (
    "SELECT ?c (COUNT(?a) AS ?n) WHERE { ?a a coop:CooperationAgreement ; coop:party ?m . ?m coop:country ?c } "
    "GROUP BY ?c ORDER BY DESC(?n)"
)
JOIN = COOP + (
    "SELECT ?project ?org ?city WHERE { ?project a coop:Project ; coop:leadPartner ?org . ?org coop:locatedIn ?city }"
)
PATH = COOP + (
    "SELECT ?top (COUNT(?project) AS ?n) WHERE { ?project coop:fundedBy ?programme . "
    "?programme coop:partOfProgramme+ ?top } GROUP BY ?top ORDER BY DESC(?n)"
)
WORKLOADS = ("lookup", "group-by", "join", "path", "mix")
ANALYTIC = ("group-by", "join", "path")
DESCRIPTIONS = {
    "lookup": "one-resource lookup, `SELECT ?p ?o WHERE { <…/municipality/city-K> ?p ?o }`, K rotating over 50 cities",
    "group-by": "agreements per country, `COUNT … GROUP BY ?c ORDER BY DESC(?n)`",
    "join": (
        "three-way join: every project (`a coop:Project`), its `coop:leadPartner` organisation "
        "and that organisation's municipality (`coop:locatedIn`)"
    ),
    "path": "property path: projects per programme through `coop:fundedBy` then `coop:partOfProgramme+`, grouped",
    "mix": "the four above interleaved, a quarter each",
}


def workload_queries(size: int) -> dict[str, list[str]]:
    municipalities = max(4, size // TRIPLES_PER_MUNICIPALITY)
    cities = [k * municipalities // LOOKUP_IDS for k in range(LOOKUP_IDS)]
    lookups = [lookup_query(c) for c in cities]
    mix: list[str] = []
    for q in lookups:
        mix += [q, GROUP_BY, JOIN, PATH]
    return {"lookup": lookups, "group-by": [GROUP_BY], "join": [JOIN], "path": [PATH], "mix": mix}


# --- the servers -------------------------------------------------------------


@dataclass
class ServerSpec:
    key: str
    label: str
    endpoint: str
    """Path of the SPARQL endpoint (GET ?query=)."""


SERVERS = {
    "coopgraph": ServerSpec("coopgraph", "coopgraph", "/sparql"),
    "coopgraph-nocache": ServerSpec("coopgraph-nocache", "coopgraph, cache off", "/sparql"),
    "rdflib-endpoint": ServerSpec("rdflib-endpoint", "rdflib-endpoint", "/"),
    "oxigraph": ServerSpec("oxigraph", "Oxigraph server", "/query"),
}
ORDER = ("oxigraph", "coopgraph", "coopgraph-nocache", "rdflib-endpoint")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def path_for(spec: ServerSpec, query: str) -> str:
    return f"{spec.endpoint}?query={urllib.parse.quote(query, safe='')}"


@dataclass
class Running:
    spec: ServerSpec
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    started: float
    load_seconds: float | None = None
    ready_seconds: float | None = None
    notes: list[str] = field(default_factory=list)


def _clean_env() -> dict[str, str]:
    """The environment without COOPGRAPH_* settings, so coopgraph runs with its defaults."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")}


def start_server(key: str, data: Path, size: int) -> Running:
    spec = SERVERS[key]
    port = free_port()
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{key}-{size}.log"
    load_seconds = None
    peers = PEERS_VENV / "bin"
    if key in ("coopgraph", "coopgraph-nocache"):
        command = [str(COOPGRAPH), "serve", "--host", HOST, "--port", str(port), "--data", str(data)]
        if key == "coopgraph-nocache":
            command += ["--cache-entries", "0"]
        command += shlex.split(COOPGRAPH_ARGS)
    elif key == "rdflib-endpoint":
        command = [str(peers / "rdflib-endpoint"), "serve", str(data), "--host", HOST, "--port", str(port)]
    elif key == "oxigraph":
        store = OUT / f"oxigraph-store-{size}"
        shutil.rmtree(store, ignore_errors=True)
        began = time.monotonic()
        with log.open("wb") as out:
            subprocess.run(
                [str(peers / "oxigraph"), "load", "--location", str(store), "--file", str(data)],
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
        load_seconds = time.monotonic() - began
        command = [
            str(peers / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"{HOST}:{port}",
            "--union-default-graph",
        ]
    else:
        raise ValueError(key)
    with log.open("ab") as out:
        out.write(("$ " + shlex.join(command) + "\n").encode())
        out.flush()
        # a session of its own, so that stop_server ends exactly this server's process group
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_clean_env(),
            cwd=str(REPOSITORY),
            start_new_session=True,
        )
    return Running(spec, process, port, log, time.monotonic(), load_seconds=load_seconds)


def wait_ready(server: Running, timeout: float) -> bool:
    path = path_for(server.spec, "ASK {}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            server.notes.append(f"exited with {server.process.returncode} before answering (see {server.log.name})")
            return False
        try:
            status, _, _ = http_get(server.port, path, 5)
            if status == 200:
                server.ready_seconds = time.monotonic() - server.started
                return True
        except OSError:
            pass
        time.sleep(0.25)
    server.notes.append(f"did not answer within {timeout:.0f} s")
    return False


def stop_server(server: Running) -> None:
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(10)
    # gunicorn's workers and coopgraph's query processes share the group: make sure none is left
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.process.pid, signal.SIGKILL)


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_cpu_seconds(root: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in process_tree(root):
        try:
            fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields_[11]) + int(fields_[12])  # utime, stime
    return total / ticks


def tree_pss_mb(root: int) -> float:
    """Memory of a process tree: proportional set size, so pages the processes share count once in all."""
    total = 0
    for pid in process_tree(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


# --- HTTP clients ------------------------------------------------------------


def http_get(port: int, path: str, timeout: float) -> tuple[int, bytes, float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        began = time.perf_counter()
        connection.request("GET", path, headers={"Accept": ACCEPT})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - began
    finally:
        connection.close()


def answer_digest(body: bytes) -> tuple[int, str]:
    """Rows and a digest of the answer as a multiset of rows (order and datatypes ignored)."""
    document = json.loads(body)
    names = document["head"]["vars"]
    rows = sorted(
        json.dumps([binding.get(v, {}).get("value") for v in names]) for binding in document["results"]["bindings"]
    )
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))  # nearest rank
    return sorted_values[int(rank) - 1]


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(server: Running, paths_file: Path, connections: int, seconds: float, timeout: float) -> dict[str, Any]:
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        f"{timeout:g}s",
        "-s",
        str(LUA),
        f"http://{HOST}:{server.port}",
        "--",
        str(paths_file),
        ACCEPT,
    ]
    client_before, server_before, began = cpu_children(), tree_cpu_seconds(server.process.pid), time.monotonic()
    busy_before = machine_busy_seconds()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 60, check=False)
    wall = time.monotonic() - began
    client_cpu, server_cpu = cpu_children() - client_before, tree_cpu_seconds(server.process.pid) - server_before
    other_cpu = machine_busy_seconds() - busy_before - client_cpu - server_cpu
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-500:]} {done.stderr[-500:]}")
    raw = json.loads(line[len("WRKJSON ") :])
    duration = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "client": "wrk",
        "requests": raw["requests"],
        "seconds": round(duration, 3),
        "rps": raw["requests"] / duration if duration else 0.0,
        "p50_ms": raw["latency_us"]["p50"] / 1000,
        "p90_ms": raw["latency_us"]["p90"] / 1000,
        "p99_ms": raw["latency_us"]["p99"] / 1000,
        "max_ms": raw["latency_us"]["max"] / 1000,
        "errors": sum(errors.values()),
        "error_detail": errors,
        "bytes": raw["bytes"],
        "server_cores": round(max(0.0, server_cpu) / wall, 2),
        "client_cores": round(client_cpu / wall, 2),
        "other_cores": round(max(0.0, other_cpu) / wall, 2),
    }


def run_python(server: Running, paths: list[str], connections: int, seconds: float, timeout: float) -> dict[str, Any]:
    """A few requests for slow servers: every answer is waited for (and counted), none is dropped at the end.

    Each of ``connections`` threads keeps one keep-alive connection and sends
    requests one after the other until ``seconds`` have passed; throughput is
    the answers over the wall time until the last one arrived.
    """
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    began = time.monotonic()
    deadline = began + seconds

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
        index = offset
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            try:
                t0 = time.perf_counter()
                connection.request("GET", path, headers={"Accept": ACCEPT})
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - t0
                with lock:
                    if response.status == 200:
                        latencies.append(elapsed)
                    else:
                        failures[0] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    failures[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
        connection.close()

    server_before, busy_before = tree_cpu_seconds(server.process.pid), machine_busy_seconds()
    client_before = time.process_time()
    threads = [
        threading.Thread(target=worker, args=(k * max(1, len(paths) // connections),), daemon=True)
        for k in range(connections)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 30)
    wall = time.monotonic() - began
    server_cpu = tree_cpu_seconds(server.process.pid) - server_before
    client_cpu = time.process_time() - client_before
    other_cpu = machine_busy_seconds() - busy_before - server_cpu - client_cpu
    values = sorted(latencies)
    return {
        "client": "python",
        "requests": len(values),
        "seconds": round(wall, 3),
        "rps": len(values) / wall if wall else 0.0,
        "p50_ms": percentile(values, 50) * 1000,
        "p90_ms": percentile(values, 90) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
        "max_ms": (values[-1] * 1000) if values else float("nan"),
        "errors": failures[0],
        "server_cores": round(max(0.0, server_cpu) / wall, 2),
        "client_cores": round(client_cpu / wall, 2),
        "other_cores": round(max(0.0, other_cpu) / wall, 2),
    }


def drain(server: Running, limit: float = 240.0) -> None:
    """Wait until the server answers a trivial query promptly again (a slow one may still be working off a queue)."""
    path = path_for(server.spec, "ASK {}")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            status, _, elapsed = http_get(server.port, path, limit)
            if status == 200 and elapsed < 0.5:
                return
        except OSError:
            time.sleep(0.5)


# --- one size ----------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    mem_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": _os_name(),
    }


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def _pip_version(python: Path, package: str) -> str | None:
    done = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or None


def versions(keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {"python": platform.python_version()}
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    text = (wrk.stdout + wrk.stderr).strip()
    found["wrk"] = text.splitlines()[0].split(" Copyright")[0].removeprefix("wrk ") if text else "?"
    if any(k.startswith("coopgraph") for k in keys):
        python = REPOSITORY / ".venv" / "bin" / "python"
        for package in ("coopgraph", "pyoxigraph", "flask", "gunicorn"):
            found[package] = _pip_version(python, package)
        found["coopgraph_commit"] = subprocess.run(
            ["git", "-C", str(REPOSITORY), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPOSITORY), "status", "--porcelain", "src"], capture_output=True, text=True, check=False
        ).stdout
        if dirty.strip():
            found["coopgraph_commit"] += " + uncommitted changes in src/"
    python = PEERS_VENV / "bin" / "python"
    for package in ("oxigraph", "rdflib-endpoint", "rdflib", "uvicorn", "fastapi"):
        found[package] = _pip_version(python, package)
    return found


def ensure_peers() -> None:
    """bench/.venv-peers from bench/requirements-peers.txt, (re)made when missing or when that file changed."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    marker = PEERS_VENV / f".installed-{digest}"
    if marker.exists():
        return
    print(f"setting up {PEERS_VENV.relative_to(REPOSITORY)} from {REQUIREMENTS.name} …", flush=True)
    if not (PEERS_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    (PEERS_VENV / ".gitignore").write_text("*\n")  # as newer venvs do: never committed
    subprocess.run(
        [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)], check=True
    )
    for old in PEERS_VENV.glob(".installed-*"):
        old.unlink()
    marker.touch()


def coopgraph_serves() -> bool:
    if not COOPGRAPH.exists():
        return False
    done = subprocess.run([str(COOPGRAPH), "serve", "--help"], capture_output=True, env=_clean_env(), check=False)
    return done.returncode == 0


def dataset(size: int) -> Path:
    path = OUT / f"synthetic-{size}.ttl"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(size), str(path)], check=True, stdout=subprocess.DEVNULL
        )
    return path


def count_triples(server: Running) -> int | None:
    try:
        status, body, _ = http_get(
            server.port, path_for(server.spec, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), 120
        )
        if status == 200:
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (OSError, ValueError, KeyError, IndexError):
        pass
    return None


def bench_server(
    key: str, size: int, data: Path, queries: dict[str, list[str]], args: argparse.Namespace, result: dict[str, Any]
) -> None:
    slow_peer = key == "rdflib-endpoint"
    entry: dict[str, Any] = {"measurements": {}, "answers": {}, "notes": []}
    result["servers"][key] = entry
    print(f"[{size}] {key}: starting", flush=True)
    server = start_server(key, data, size)
    try:
        startup_limit = args.rdflib_startup if slow_peer else 600
        if not wait_ready(server, startup_limit):
            entry["notes"] += server.notes
            entry["skipped"] = True
            print(f"[{size}] {key}: skipped: {'; '.join(server.notes)}", flush=True)
            return
        entry["load_seconds"] = round(server.load_seconds, 2) if server.load_seconds is not None else None
        entry["ready_seconds"] = round(server.ready_seconds or 0, 2)
        entry["pss_mb_ready"] = tree_pss_mb(server.process.pid)
        print(
            f"[{size}] {key}: ready in {entry['ready_seconds']} s"
            + (f" after a load of {entry['load_seconds']} s" if entry["load_seconds"] is not None else "")
            + f", {entry['pss_mb_ready']} MB",
            flush=True,
        )
        budget_end = time.monotonic() + args.rdflib_budget if slow_peer else float("inf")
        if result.get("triples") is None and not slow_peer:
            result["triples"] = count_triples(server)
        if key == "oxigraph" and args.client_check:
            result["client_check"] = client_check(server, args)
            args.client_check = False  # once a run is enough
        prime(server, size)

        # answers and single-request latency: checks correctness and decides how to measure
        probes: dict[str, float] = {}
        for workload in ("lookup", "group-by", "join", "path"):
            path = path_for(server.spec, queries[workload][0])
            timings = []
            for attempt in range(4):
                try:
                    status, body, elapsed = http_get(server.port, path, args.request_timeout)
                except OSError as error:
                    entry["answers"][workload] = {"error": str(error)}
                    timings.append(float("inf"))
                    drain(server)  # a server that goes on with an abandoned query would slow the next one
                    break
                if status != 200:
                    entry["answers"][workload] = {"error": f"HTTP {status}: {body[:300]!r}"}
                    timings.append(float("inf"))
                    break
                timings.append(elapsed)
                if attempt == 0:
                    rows, digest = answer_digest(body)
                    entry["answers"][workload] = {"rows": rows, "digest": digest}
                if elapsed > 5:  # do not wait twice for a slow answer
                    break
            # the fastest repeat (a start-up hiccup must not send a fast server to the slow client)
            probes[workload] = min(timings[1:]) if len(timings) > 1 else timings[0]
            entry["answers"][workload]["first_ms"] = round(timings[0] * 1000, 1)
        probes["mix"] = sum(probes[w] for w in ("lookup", "group-by", "join", "path")) / 4
        entry["probe_ms"] = {w: round(v * 1000, 1) for w, v in probes.items()}

        for workload in args.workloads:
            paths = [path_for(server.spec, q) for q in queries[workload]]
            paths_file = OUT / f"paths-{key}-{size}-{workload}.txt"
            paths_file.write_text("\n".join(paths) + "\n")
            for connections in args.concurrency:
                label = f"{workload} c={connections}"
                probe = probes[workload]
                if probe == float("inf"):
                    entry["measurements"][label] = {"skipped": "the query failed"}
                    continue
                remaining = budget_end - time.monotonic()
                if remaining <= 0:
                    entry["measurements"][label] = {
                        "skipped": f"past the {args.rdflib_budget:.0f} s budget for this server"
                    }
                    continue
                waited = wait_quiet(server, args.quiet_wait) if args.quiet_wait > 0 else 0.0
                if probe * connections <= args.duration / 5:
                    # fast enough for wrk: even a server answering one query at a time completes
                    # several per connection, so dropping the answers in flight at the end costs little
                    warmed = warm_up(server, paths, connections, args.warmup, args.request_timeout)
                    drain(server)
                    measured = run_wrk(server, paths_file, connections, args.duration, args.request_timeout)
                    measured["warmup_seconds"] = warmed
                else:
                    # one round of `connections` answers, if the server answers one at a time
                    round_seconds = probe * connections
                    if round_seconds > min(args.slow_cap, remaining):
                        entry["measurements"][label] = {
                            "skipped": f"one answer takes {probe:.1f} s: {connections} concurrent would take "
                            f"about {round_seconds:.0f} s"
                        }
                        continue
                    measured = run_python(
                        server, paths, connections, min(args.duration, remaining), args.request_timeout
                    )
                drain(server)
                measured["quiet_wait_seconds"] = waited
                entry["measurements"][label] = measured
                print(
                    f"[{size}] {key}: {label}: {measured['rps']:.1f} req/s, p50 {measured['p50_ms']:.2f} ms, "
                    f"p99 {measured['p99_ms']:.2f} ms ({measured['requests']} requests by {measured['client']}, "
                    f"{measured['errors']} errors; "
                    f"cores: server {measured['server_cores']}, client {measured['client_cores']}, "
                    f"other processes {measured['other_cores']})",
                    flush=True,
                )
        entry["pss_mb_end"] = tree_pss_mb(server.process.pid)
    finally:
        stop_server(server)
        entry["notes"] += server.notes
        if key == "oxigraph":
            shutil.rmtree(OUT / f"oxigraph-store-{size}", ignore_errors=True)


def merged(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One server's result over several rounds: each measurement from the round with the median rate.

    A shared machine's speed drifts by tens of percent over minutes; servers
    measured in turns, several times, meet the same drift, and the median of
    each one's rounds is not its luckiest or unluckiest minute.
    """
    entry = dict(rounds[0])
    entry["measurements"] = {}
    for label in rounds[0]["measurements"]:
        taken = [r["measurements"].get(label, {}) for r in rounds]
        rated = sorted((m for m in taken if "rps" in m), key=lambda m: float(m["rps"]))
        if not rated:
            entry["measurements"][label] = taken[0]
            continue
        median = dict(rated[(len(rated) - 1) // 2])
        median["round_rps"] = [m.get("rps") for m in taken]
        entry["measurements"][label] = median
    ends = [r["pss_mb_end"] for r in rounds if r.get("pss_mb_end") is not None]
    if ends:
        entry["pss_mb_end"] = max(ends)
    entry["notes"] = [note for r in rounds for note in r.get("notes", [])]
    return entry


def prime(server: Running, size: int) -> None:
    """Start-up work that is no part of answering: a few seconds of distinct trivial queries at c=16.

    coopgraph starts one query process per request thread on the thread's
    first query (and a response cache would hide repeats), so 1,000 distinct
    ASKs make every thread of every worker start its process before anything
    is timed.
    """
    paths_file = OUT / f"paths-{server.spec.key}-{size}-prime.txt"
    paths_file.write_text(
        "\n".join(path_for(server.spec, f"ASK {{ <urn:x:prime-{k}> ?p ?o }}") for k in range(1000)) + "\n"
    )
    warm_up(server, paths_file.read_text().split(), 16, 3, 30)
    drain(server)


def warm_up(server: Running, paths: list[str], connections: int, seconds: float, timeout: float) -> float:
    """Rounds of one second of the Python client until the rate settles (at least ``seconds``, at most 4× that).

    The Python client waits for every answer, so a warm-up never leaves a
    request half-read; wrk drops those in flight when it stops, which costs
    coopgraph a query process per dropped answer (each one it drops is a killed query process there,
    restarted on the next request).
    """
    began, previous = time.monotonic(), None
    while True:
        rate = run_python(server, paths, connections, 1.0, timeout)["rps"]
        elapsed = time.monotonic() - began
        if elapsed >= 4 * seconds or (
            elapsed >= seconds and previous is not None and abs(rate - previous) <= 0.25 * max(rate, previous)
        ):
            return round(elapsed, 1)
        previous = rate


def wait_quiet(server: Running, limit: float, threshold: float = 0.25) -> float:
    """Wait (at most ``limit`` s) until other processes keep less than ``threshold`` cores busy; return the wait."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        busy, own, t0 = machine_busy_seconds(), tree_cpu_seconds(server.process.pid), time.monotonic()
        time.sleep(1)
        other = (machine_busy_seconds() - busy - (tree_cpu_seconds(server.process.pid) - own)) / (time.monotonic() - t0)
        if other < threshold:
            break
    return round(time.monotonic() - began, 1)


def client_check(server: Running, args: argparse.Namespace) -> dict[str, Any]:
    """How fast wrk (one thread) can go against the fastest endpoint here: a trivial ASK on Oxigraph."""
    paths_file = OUT / "paths-client-check.txt"
    paths_file.write_text(path_for(server.spec, "ASK {}") + "\n")
    run_wrk(server, paths_file, 8, 1, 5)
    measured = run_wrk(server, paths_file, 8, 3, 5)
    print(
        f"client check: wrk -t1 -c8 against Oxigraph `ASK {{}}`: {measured['rps']:.0f} req/s "
        f"(wrk used {measured['client_cores']} cores, the server {measured['server_cores']})",
        flush=True,
    )
    return measured


# --- the report --------------------------------------------------------------


def _fmt_rps(m: dict[str, Any] | None) -> str:
    if not m:
        return "–"
    if "skipped" in m:
        return "skipped"
    text = f"{m['rps']:.0f}" if m["rps"] >= 100 else f"{m['rps']:.3g}"
    if m["client"] == "python":
        text += f" (n={m['requests']})"
    if m["errors"]:
        text += f" ⚠{m['errors']} err"
    return text


def _fmt_round(rps: float | None) -> str:
    return "–" if rps is None else f"{rps:,.0f}" if rps >= 100 else f"{rps:.1f}"


def _fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    if value >= 999.5:
        return f"{value / 1000:.3g} s"
    return f"{value:.3g}"


def _fmt_lat(m: dict[str, Any] | None) -> str:
    if not m or "skipped" in m:
        return "–"
    return f"{_fmt_ms(m['p50_ms'])} / {_fmt_ms(m['p99_ms'])}"


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if not a or not b or "skipped" in a or "skipped" in b or not b["rps"] or not a["rps"]:
        return None
    return a["rps"] / b["rps"]


def _fmt_ratio(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}×" if value >= 100 else f"{value:.3g}×"


def size_label(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)


def tables(results: dict[str, Any]) -> str:
    out: list[str] = []
    for size_result in results["sizes"]:
        size = size_result["size"]
        servers = [k for k in ORDER if k in size_result["servers"]]
        triples = size_result.get("triples")
        out.append(f"#### {size_label(size)} triples" + (f" ({triples:,} served)" if triples else ""))
        out.append("")
        header = ["query", "c"]
        for key in servers:
            header += [f"{SERVERS[key].label} req/s", "p50 / p99 ms"]
        ratio_pairs = [
            (a, b)
            for a in ("coopgraph", "coopgraph-nocache")
            for b in ("rdflib-endpoint", "oxigraph")
            if a in servers and b in servers
        ]
        short = {
            "coopgraph": "cg",
            "coopgraph-nocache": "cg cache off",
            "rdflib-endpoint": "rdflib-endpoint",
            "oxigraph": "Oxigraph",
        }
        header += [f"{short[a]} ÷ {short[b]}" for a, b in ratio_pairs]
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join(["---", "--:"] + ["--:"] * (len(header) - 2)) + "|")
        labels = [f"{w} c={c}" for w in results["settings"]["workloads"] for c in results["settings"]["concurrency"]]
        for label in labels:
            workload, conc = label.split(" c=")
            row = [workload, conc]
            cells = {k: size_result["servers"][k]["measurements"].get(label) for k in servers}
            for key in servers:
                row += [_fmt_rps(cells[key]), _fmt_lat(cells[key])]
            row += [_fmt_ratio(_ratio(cells[a], cells[b])) for a, b in ratio_pairs]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        # answers, start-up, memory
        out.append(
            "| server | load / start-up | memory (PSS) ready → end | rows: lookup, group-by, join, path "
            "| same answers as Oxigraph |"
        )
        out.append("|---|--:|--:|--:|---|")
        reference = size_result["servers"].get("oxigraph", {}).get("answers", {})
        for key in servers:
            entry = size_result["servers"][key]
            if entry.get("skipped"):
                out.append(f"| {SERVERS[key].label} | skipped: {'; '.join(entry['notes'])} | – | – | – |")
                continue
            start = (
                f"{entry['load_seconds']:.1f} s load + " if entry.get("load_seconds") is not None else ""
            ) + f"{entry['ready_seconds']:.1f} s"
            memory = f"{entry['pss_mb_ready']:.0f} → {entry.get('pss_mb_end', float('nan')):.0f} MB"
            answers = entry["answers"]
            rows = ", ".join(str(answers.get(w, {}).get("rows", "–")) for w in ("lookup", "group-by", "join", "path"))
            if key == "oxigraph" or not reference:
                same = "(reference)" if key == "oxigraph" else "–"
            else:
                differ = [
                    w
                    for w in ("lookup", "group-by", "join", "path")
                    if answers.get(w, {}).get("digest") != reference.get(w, {}).get("digest")
                ]
                same = "yes" if not differ else "**differ: " + ", ".join(differ) + "**"
            out.append(f"| {SERVERS[key].label} | {start} | {memory} | {rows} | {same} |")
        out.append("")
        # CPU at the highest concurrency, and what else the machine was doing
        top = max(results["settings"]["concurrency"])
        out.append(
            f"CPU at c={top}, in cores busy of {results['machine']['cores']}, as server / other processes "
            "(the client not counted):"
        )
        out.append("")
        for k in servers:
            if size_result["servers"][k].get("skipped"):
                continue
            cells = [
                f"{w} {m['server_cores']:.2f} / {m.get('other_cores', float('nan')):.2f}"
                for w in results["settings"]["workloads"]
                if (m := size_result["servers"][k]["measurements"].get(f"{w} c={top}")) and "skipped" not in m
            ]
            out.append(f"- {SERVERS[k].label}: " + ", ".join(cells))
        out.append("")
        others = [
            m["other_cores"]
            for k in servers
            for m in size_result["servers"][k]["measurements"].values()
            if "other_cores" in m
        ]
        if others and max(others) > 0.25:
            out.append(
                f"⚠ Other processes kept up to {max(others):.2f} cores busy during these measurements "
                f"(mean {sum(others) / len(others):.2f}): the figures are lower, and noisier, than on an idle machine."
            )
            out.append("")
        notes = [
            f"{SERVERS[k].label}: {m}"
            for k in servers
            for label, mm in size_result["servers"][k]["measurements"].items()
            if (m := (f"{label} skipped: {mm['skipped']}" if "skipped" in mm else None))
        ]
        notes += [
            f"{SERVERS[k].label}: {n}"
            for k in servers
            for n in size_result["servers"][k]["notes"]
            if not size_result["servers"][k].get("skipped")
        ]
        busy_client = [
            f"{SERVERS[k].label} {label} ({m['client_cores']:.2f})"
            for k in servers
            for label, m in size_result["servers"][k]["measurements"].items()
            if m.get("client") == "wrk" and m.get("client_cores", 0) >= 0.3
        ]
        if busy_client:
            notes.append(
                "wrk itself kept 0.3 core or more busy (CPU the server could not use) on: " + ", ".join(busy_client)
            )
        if notes:
            out += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(out)


def targets(results: dict[str, Any]) -> str:
    """The project's targets at c=8 (or the highest concurrency measured)."""
    top = max(results["settings"]["concurrency"])
    lines = [
        (
            "| size | coopgraph | lookup ÷ rdflib-endpoint (≥ 3×) | analytic ÷ rdflib-endpoint (≥ 25×) "
            "| analytic ÷ Oxigraph (≥ 0.67×) | lookup ÷ Oxigraph |"
        ),
        "|---|---|---|---|---|---|",
    ]
    for size_result in results["sizes"]:
        s = size_result["servers"]
        for key in ("coopgraph", "coopgraph-nocache"):
            if key not in s or s[key].get("skipped"):
                continue

            def ratio(workload: str, peer: str, s: dict[str, Any] = s, key: str = key) -> float | None:
                if peer not in s:
                    return None
                return _ratio(
                    s[key]["measurements"].get(f"{workload} c={top}"),
                    s[peer]["measurements"].get(f"{workload} c={top}"),
                )

            def verdict(values: dict[str, float | None], floor: float | None) -> str:
                known = {w: v for w, v in values.items() if v is not None}
                if not known:
                    return "–"
                text = ", ".join(f"{w} {_fmt_ratio(v)}" for w, v in known.items())
                if floor is None:
                    return text
                ok = all(v >= floor for v in known.values())
                return ("✅ " if ok else "❌ ") + text

            lines.append(
                "| "
                + " | ".join(
                    [
                        size_label(size_result["size"]),
                        SERVERS[key].label,
                        verdict({"lookup": ratio("lookup", "rdflib-endpoint")}, 3),
                        verdict({w: ratio(w, "rdflib-endpoint") for w in ANALYTIC}, 25),
                        verdict({w: ratio(w, "oxigraph") for w in ANALYTIC}, 1 / 1.5),
                        verdict({"lookup": ratio("lookup", "oxigraph")}, None),
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


INTRO = (
    """\
## SPARQL endpoint

`bench/endpoint_bench.py` serves the same synthetic cooperation graph
(`bench/synth.py`) three ways, one after the other in one run, and measures
requests per second and p50/p99 latency over HTTP on 127.0.0.1:

- **coopgraph**: `coopgraph serve --data FILE` with its defaults (gunicorn,
  gthread, one worker per core, 8 threads each, a query process per thread,
  the response cache on); and again with `--cache-entries 0` ("cache off"), so
  that the cost of actually answering is visible: with the cache on, after the
  warm-up every request of this mix is a cache hit;
- **rdflib-endpoint** (`rdflib-endpoint serve FILE`: an rdflib `Dataset` on
  uvicorn, one process);
- **the Oxigraph server** (`oxigraph load`, then `oxigraph serve-read-only
  --union-default-graph`, as coopgraph queries the union of its graphs).

The peers are installed only in `bench/.venv-peers`, from the pinned
`bench/requirements-peers.txt`; the script creates it when it is missing or
that file changed (by hand: `python3 -m venv bench/.venv-peers &&
bench/.venv-peers/bin/pip install -r bench/requirements-peers.txt`). The load
generator is `wrk` (`apt-get install -y wrk`): one client thread, c
keep-alive connections, GET with `Accept: application/sparql-results+json`,
the Lua script `bench/wrk/rotate.lua` rotating through the URL-encoded
queries. Each measurement is a warm-up (rounds of one second of a Python
client that waits for every answer, until the rate settles), then wrk for
a fixed duration. Before any of it each server gets a few seconds of
distinct trivial queries at c=16, so that coopgraph has started the query
process of every request thread. Where one
answer takes so long on a server that a few seconds of wrk would see only a
handful (rdflib-endpoint on large graphs), a Python client sends requests
from c threads instead until the duration has passed and waits for every
answer (marked "n=" in the tables: few samples, so p99 is about the maximum);
such a server has a time budget per size, after which the rest is skipped.
Before timing, every server's answers are compared with Oxigraph's (as
multisets of rows).

The join names no type for the organisation and the municipality: with
`?org a coop:Organisation` and `?city a coop:Municipality` added,
rdflib-endpoint orders the patterns into a cartesian product and had not
answered after a minute at 100k triples (Oxigraph: 20 ms either way).

Queries (the peers get the same text, with `PREFIX coop:` declared):

| query | what |
|---|---|
"""
    + "\n".join(f"| {w} | {d} |" for w, d in DESCRIPTIONS.items())
    + """

Run it with:

```sh
apt-get install -y wrk
python bench/endpoint_bench.py [--sizes 100000 1000000] [--duration 10] [--servers …]
```

Results go to `bench/out/endpoint/results-*.json` (with every percentile,
error count and CPU figure) and the tables below are rewritten by each run.
The client and the servers share the machine, so the numbers are for
comparing the servers with each other, not absolute capacity.
"""
)


def render(results: dict[str, Any]) -> str:
    m, v = results["machine"], results["versions"]
    parts = [INTRO, "### Results", ""]
    parts.append(
        f"Run {results['started']} on {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}; "
        f"{results['settings']['duration']:g} s per measurement after a {results['settings']['warmup']:g} s warm-up."
    )
    parts.append("")
    parts.append("```sh\n" + results["command"] + "\n```")
    parts.append("")
    parts.append("Versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val) + ".")
    if results["settings"].get("coopgraph_args"):
        parts.append("")
        parts.append(
            f"coopgraph was run with `{results['settings']['coopgraph_args']}` besides `--data` (not its defaults)."
        )
    parts.append("")
    check = results.get("client_check")
    if check:
        parts.append(
            f"Client check: wrk (one thread, 8 connections) reaches {check['rps']:,.0f} req/s against "
            f"Oxigraph's trivial `ASK {{}}`, using {check['client_cores']} of a core: well above every figure "
            "below. On 2 cores the client's CPU is still taken from the server; the notes list the "
            "measurements where wrk used 0.3 core or more."
        )
        parts.append("")
    parts.append(
        "Cells: requests per second, then p50 / p99 latency in ms; ratios are of requests per second "
        "(above 1× coopgraph is faster). With its cache on, coopgraph answers every request after the "
        "warm-up from the cache (the mix has 53 distinct queries); the cache-off columns are what "
        "a query costs it."
    )
    parts.append("")
    parts.append(tables(results))
    rounds = results["settings"].get("rounds", 1)
    if rounds > 1:
        parts.append(
            f"Each server was measured {rounds} times, in turns, the order reversed every other round; "
            "each cell is its median round. Every round's req/s:"
        )
        parts.append("")
        for size in results["sizes"]:
            for key, entry in size["servers"].items():
                rates = [
                    f"{label} {', '.join(_fmt_round(r) for r in m['round_rps'])}"
                    for label, m in entry["measurements"].items()
                    if "round_rps" in m
                ]
                if rates:
                    parts.append(f"- {size_label(size['size'])}, {SERVERS[key].label}: " + "; ".join(rates))
        parts.append("")
    parts.append(f"### Against the targets (c={max(results['settings']['concurrency'])})")
    parts.append("")
    parts.append('Analytic = group-by, join, path. ≥ 0.67× Oxigraph is "within 1.5× of the Oxigraph server".')
    parts.append("")
    parts.append(targets(results))
    parts.append("")
    return "\n".join(parts)


def update_readme(section: str) -> None:
    """Replace this benchmark's section (up to the next ``## `` heading) in bench/README.md, or add it."""
    text = README.read_text() if README.exists() else "# Benchmarks\n\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "## SPARQL endpoint"), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"## (?!#)", lines[i])), len(lines))
        tail = "".join(lines[end:])
        text = "".join(lines[:start]) + section.rstrip("\n") + "\n" + ("\n" + tail if tail else "")
    README.write_text(text)


# --- main --------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="about how many triples")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument(
        "--warmup",
        type=float,
        default=2.0,
        help="seconds of warm-up before each measurement (more, up to 4×, until the rate settles)",
    )
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8], help="connections")
    parser.add_argument("--servers", nargs="+", choices=list(SERVERS), default=list(ORDER))
    parser.add_argument("--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    parser.add_argument("--request-timeout", type=float, default=150.0, help="seconds one request may take")
    parser.add_argument(
        "--slow-cap",
        type=float,
        default=120.0,
        help="skip a slow measurement whose first round would take longer than this",
    )
    parser.add_argument(
        "--rdflib-startup", type=float, default=300.0, help="skip rdflib-endpoint if loading takes longer"
    )
    parser.add_argument(
        "--rdflib-budget", type=float, default=300.0, help="seconds of measurements for rdflib-endpoint per size"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0.0,
        help="before each measurement, wait up to this many seconds for other processes to go quiet",
    )
    parser.add_argument(
        "--coopgraph-args",
        default="",
        help='extra options for `coopgraph serve`, e.g. "--workers 4 --threads 2" (defaults otherwise)',
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every server this many times, in turns (the order reversed every other round); "
        "each figure is the round with the median rate, every round's rate kept beside it",
    )
    parser.add_argument("--no-client-check", dest="client_check", action="store_false")
    parser.add_argument("--no-readme", dest="readme", action="store_false", help="do not rewrite bench/README.md")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="only rewrite bench/README.md's section from an earlier results file",
    )
    args = parser.parse_args()
    if args.render:
        update_readme(render(json.loads(args.render.read_text())))
        return

    global COOPGRAPH_ARGS
    COOPGRAPH_ARGS = args.coopgraph_args
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_peers()
    keys = [k for k in ORDER if k in args.servers]
    notes: list[str] = []
    if any(k.startswith("coopgraph") for k in keys) and not coopgraph_serves():
        notes.append("coopgraph was left out: `.venv/bin/coopgraph serve --help` does not work yet")
        keys = [k for k in keys if not k.startswith("coopgraph")]
        print(notes[-1], flush=True)

    began = time.monotonic()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/endpoint_bench.py " + shlex.join(sys.argv[1:]),
        "machine": machine(),
        "versions": versions(keys),
        "settings": {
            "sizes": args.sizes,
            "duration": args.duration,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
            "servers": keys,
            "workloads": args.workloads,
            "rdflib_budget": args.rdflib_budget,
            "rdflib_startup": args.rdflib_startup,
            "quiet_wait": args.quiet_wait,
            "rounds": args.rounds,
            "coopgraph_args": args.coopgraph_args,
        },
        "notes": notes,
        "sizes": [],
    }
    for size in args.sizes:
        data = dataset(size)
        size_result: dict[str, Any] = {
            "size": size,
            "file": str(data.relative_to(REPOSITORY)),
            "triples": None,
            "servers": {},
        }
        results["sizes"].append(size_result)
        queries = workload_queries(size)
        rounds = []
        for number in range(args.rounds):
            round_result: dict[str, Any] = {**size_result, "servers": {}}
            for key in keys if number % 2 == 0 else keys[::-1]:  # each server first as often as last
                bench_server(key, size, data, queries, args, round_result)
            if "client_check" in round_result:
                results.setdefault("client_check", round_result.pop("client_check"))
            rounds.append(round_result)
        size_result["triples"] = rounds[0]["triples"]
        size_result["servers"] = {key: merged([r["servers"][key] for r in rounds]) for key in keys}
    results["seconds"] = round(time.monotonic() - began, 1)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"results-{stamp}.json", "results-latest.json"):
        (OUT / name).write_text(json.dumps(results, indent=2, default=str) + "\n")
    section = render(results)
    if args.readme:
        update_readme(section)
    print()
    print(section.split("### Results", 1)[1])
    print(f"done in {results['seconds'] / 60:.1f} min; results in {OUT.relative_to(REPOSITORY)}/results-{stamp}.json")


if __name__ == "__main__":
    main()
