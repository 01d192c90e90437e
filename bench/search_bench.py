"""Search and reconciliation on a synthetic graph: the index's build time and size, and answer latencies.

For each size, the synthetic cooperation graph (bench/synth.py) is loaded into
an Oxigraph store, and the search index is written from it as a build does
(:func:`coopgraph.build.search_index.write_index`), timed. Then, in process and
over HTTP against ``coopgraph serve --data`` (one worker, 4 threads), p50 / p99
of N searches (full names, names typed without diacritics, beginnings), of
``/reconcile`` batches of 1 and of 20 queries, and, as the peer on the same
store, the label scan one would write in SPARQL without an index:
``FILTER(CONTAINS(LCASE(STR(?label)), "…"))`` (and Oxigraph's ``REGEX(…, "i")``).

    python bench/search_bench.py                 # 100k and 1M triples
    python bench/search_bench.py --sizes 100000 --repeats 50
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.search_index import SEARCH_FILE, write_index
from coopgraph.engine.search import SearchIndex
from pages_bench import COOPGRAPH, OUT, data_file, summary, timed

SCAN = "SELECT ?s ?l WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER({test}) }} LIMIT 10"


def queries(size: int, repeats: int) -> list[str]:
    """What people type: a whole name, the Latvian name without its diacritics, a name they have not finished."""
    cities = max(4, size // 325)
    made = []
    for i in range(repeats):
        j = (i * 7919) % cities
        made.append(
            [f"City {j}", f"pilseta {j}", f"Agreement {j}-{i % 12}", f"organizacija {j}-", f"Project {j}-"][i % 5]
        )
    return made


BROAD = ["city", "agreement", "meeting", "total cost", "me", "projekts"]
"""Words in thousands of names (at 1M, "meeting" is in about 25,000): the worst case of the ranking."""


def scan(text: str, regex: bool) -> str:
    folded = text.lower().replace('"', "")
    test = f'REGEX(STR(?l), "{folded}", "i")' if regex else f'CONTAINS(LCASE(STR(?l)), "{folded}")'
    return SCAN.format(test=test)


def timed_ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def in_process(store: ox.Store, index: SearchIndex, asked: list[str], scans: int) -> dict[str, dict[str, float]]:
    found = sum(1 for q in asked if index.search(q))
    first = sum(1 for q in asked if q.startswith("City ") and index.search(q)[0].iri.endswith("/city-" + q[5:]))
    print(f"  {found} of {len(asked)} searches found something; {first} of the whole city names found that city first")
    results = {
        "search (in process)": summary([timed_ms(lambda q=q: index.search(q)) for q in asked]),
        "search, broad words (in process)": summary([timed_ms(lambda q=q: index.search(q)) for q in BROAD * 5]),
        "SPARQL CONTAINS(LCASE) scan (in process)": summary(
            [timed_ms(lambda q=q: list(store.query(scan(q, False)))) for q in asked[:scans]]
        ),
        "SPARQL REGEX 'i' scan (in process)": summary(
            [timed_ms(lambda q=q: list(store.query(scan(q, True)))) for q in asked[:scans]]
        ),
    }
    for name, figures in results.items():
        print(f"  {name:<44} {figures}", flush=True)
    return results


def posted(connection: http.client.HTTPConnection, path: str, form: dict[str, str]) -> float:
    started = time.perf_counter()
    body = urllib.parse.urlencode(form)
    connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return (time.perf_counter() - started) * 1000


def over_http(port: int, asked: list[str], scans: int) -> dict[str, dict[str, float]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    municipality = "https://w3id.org/coopgraph/ontology#Municipality"

    def batch(texts: list[str]) -> dict[str, str]:
        return {"queries": json.dumps({f"q{i}": {"query": t, "limit": 5} for i, t in enumerate(texts)})}

    results = {
        "/api/search": summary(
            [timed(connection, "/api/search?" + urllib.parse.urlencode({"q": q}), "application/json") for q in asked]
        ),
        "/api/search, broad words": summary(
            [
                timed(connection, "/api/search?" + urllib.parse.urlencode({"q": q}), "application/json")
                for q in BROAD * 5
            ]
        ),
        "/api/search with type": summary(
            [
                timed(connection, "/api/search?" + urllib.parse.urlencode({"q": q, "type": municipality}), "*/*")
                for q in asked
            ]
        ),
        "/reconcile, 1 query": summary([posted(connection, "/reconcile", batch([q])) for q in asked]),
        "/reconcile, 20 queries": summary(
            [posted(connection, "/reconcile", batch(asked[i : i + 20])) for i in range(0, len(asked), 20)]
        ),
        "/sparql CONTAINS(LCASE) scan": summary(
            [
                timed(connection, "/sparql?" + urllib.parse.urlencode({"query": scan(q, False)}), "*/*")
                for q in asked[:scans]
            ]
        ),
    }
    for name, figures in results.items():
        print(f"  {name:<44} {figures}", flush=True)
    return results


def serve(path: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(COOPGRAPH), "serve", "--data", str(path), "--port", str(port), "--workers", "1", "--threads", "4"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    while True:
        try:
            timed(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/sparql?query=ASK%7B%7D", "*/*")
            return server
        except (OSError, RuntimeError):
            if time.monotonic() - started > 900 or server.poll() is not None:
                server.terminate()
                raise
            time.sleep(1)


def measure(size: int, repeats: int, scans: int) -> dict[str, object]:
    path = data_file(size)
    asked = queries(size, repeats)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as directory:
        store = ox.Store(str(Path(directory) / "store"))
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        triples = len(store)
        started = time.perf_counter()
        made = write_index(store, Path(directory) / SEARCH_FILE)
        seconds = time.perf_counter() - started
        print(
            f"{size:,} ({triples:,} triples): index of {made.resources:,} resources, {made.names:,} names, "
            f"{made.bytes / 1e6:.1f} MB in {seconds:.1f} s",
            flush=True,
        )
        local = in_process(store, SearchIndex(Path(directory) / SEARCH_FILE), asked, scans)
        del store
    port = 18800 + size % 97
    server = serve(path, port)
    try:
        remote = over_http(port, asked, scans)
    finally:
        server.terminate()
        server.wait(30)
    index = {"seconds": round(seconds, 2), "bytes": made.bytes, "resources": made.resources, "names": made.names}
    return {"triples": triples, "index": index, **local, **remote}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--scans", type=int, default=20, help="how many of the queries the SPARQL peers run")
    args = parser.parse_args()
    with open("/proc/loadavg", encoding="ascii") as load:
        print("load average:", load.read().strip(), flush=True)
    report = {str(size): measure(size, args.repeats, args.scans) for size in args.sizes}
    (OUT / "search_bench.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.exit(main())
