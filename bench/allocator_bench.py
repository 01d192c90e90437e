"""The query process's malloc: jemalloc against glibc's, in turns, on one store.

    python bench/allocator_bench.py STORE [SECONDS] [ROUNDS]
    python bench/allocator_bench.py /tmp/s1m/store 5 2

STORE is an Oxigraph store of the synthetic graph (``coopgraph.web.serve.store_from_files``
makes one from ``bench/out/synthetic-1m.ttl``). For each round, each analytic query of
``bench/endpoint_bench.py`` and each malloc (``auto``, jemalloc where installed, then
``system``, glibc's; the order reversed every other round), a fresh process with that malloc
preloaded as the query service preloads it (``coopgraph.engine.allocator``) runs eight threads
for SECONDS, each running the query and writing it as JSON, as a lane does (with the prefixes, a
base and ``LIMIT max_rows + 1``). It prints answers a second, CPU ms a query and peak RSS; CPU
a query moves less than the rate with what else the machine is doing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from coopgraph.engine.allocator import environment, preload_for

ONE = """
import json, resource, sys, threading, time
import pyoxigraph as ox
sys.path.insert(0, {bench!r})
from endpoint_bench import GROUP_BY, JOIN, PATH
from coopgraph.namespaces import PREFIXES
store = ox.Store.read_only({store!r})
query = {{"group-by": GROUP_BY, "join": JOIN, "path": PATH}}[{name!r}] + "\\nLIMIT 100001"
def run():
    options = dict(prefixes=PREFIXES, base_iri="http://127.0.0.1/sparql", use_default_graph_as_union=True)
    store.query(query, **options).serialize(format=ox.QueryResultsFormat.JSON)
run()
stop, done = time.monotonic() + {seconds}, []
def loop():
    while time.monotonic() < stop:
        run()
        done.append(1)
before, began = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
threads = [threading.Thread(target=loop) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
after, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - began
cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
print(json.dumps([len(done) / wall, cpu * 1000 / len(done), after.ru_maxrss // 1024]))
"""


def measure(store: str, name: str, choice: str, seconds: float) -> tuple[float, float, int]:
    code = ONE.format(bench=str(Path(__file__).parent), store=store, name=name, seconds=seconds)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment(preload_for(choice)), capture_output=True, text=True, check=True
    )
    rate, cpu_ms, peak = json.loads(done.stdout)
    return rate, cpu_ms, peak


def main(argv: list[str]) -> None:
    store = argv[0]
    seconds = float(argv[1]) if len(argv) > 1 else 5.0
    rounds = int(argv[2]) if len(argv) > 2 else 2
    print(f"auto is {preload_for('auto') or 'not found: glibc too'}")
    for round_ in range(rounds):
        for name in ("join", "path", "group-by"):
            choices = ("auto", "system") if round_ % 2 == 0 else ("system", "auto")
            figures = {choice: measure(store, name, choice, seconds) for choice in choices}
            (a_rate, a_cpu, a_peak), (s_rate, s_cpu, s_peak) = figures["auto"], figures["system"]
            print(
                f"round {round_ + 1} {name:8}  jemalloc {a_rate:6.1f}/s {a_cpu:7.1f} ms {a_peak:4d} MB   "
                f"glibc {s_rate:6.1f}/s {s_cpu:7.1f} ms {s_peak:4d} MB   CPU a query {a_cpu / s_cpu:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
