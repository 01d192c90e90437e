"""Eight threads querying one store, with glibc's malloc arenas capped or not: what the query process chose.

    python bench/arenas_bench.py STORE ARENAS QUERY ROUNDS
    python bench/arenas_bench.py /tmp/s1m/store 2 join 2     # capped at two arenas
    python bench/arenas_bench.py /tmp/s1m/store 0 join 2     # glibc's default

STORE is an Oxigraph store of the synthetic graph (``coopgraph.web.serve.store_from_files``
makes one from ``bench/out/synthetic-1m.ttl``); ARENAS 0 leaves glibc's default; QUERY is
``group-by``, ``join`` or ``path`` from ``bench/endpoint_bench.py``. Each of eight threads runs
the query ROUNDS times and writes the answer as JSON, as a lane does. It prints the wall time
and the peak RSS.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import threading
import time
from pathlib import Path

M_ARENA_MAX = -8


def main(argv: list[str]) -> None:
    store_path, arenas, name, rounds = argv[0], int(argv[1]), argv[2], int(argv[3])
    if arenas > 0:
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, arenas)  # before anything allocates on the threads
    import pyoxigraph as ox

    sys.path.insert(0, str(Path(__file__).parent))
    from endpoint_bench import GROUP_BY, JOIN, PATH

    query = {"group-by": GROUP_BY, "join": JOIN, "path": PATH}[name]
    store = ox.Store.read_only(store_path)

    def run() -> None:
        for _ in range(rounds):
            with open(os.devnull, "wb") as sink:
                store.query(query, use_default_graph_as_union=True).serialize(sink, ox.QueryResultsFormat.JSON)

    began = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"arenas {arenas or 'default'}, {name} x{rounds} on 8 threads: {time.perf_counter() - began:.2f} s, {peak} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
