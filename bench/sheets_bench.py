"""Sheets benchmark: a project kept as CSV sheets against the same data kept as Turtle.

Generates a project of ``--rows`` agreement rows (default 100,000; each a
partner municipality in one of 40 countries, two or three fields, dates at
every precision, a third with coordinates), as `coopgraph init` would start it,
and a twin project holding exactly the triples those sheets make, as one
Turtle file. Then, each in its own process so that each peak memory is its own:

- ``read``: the sources read into quads (:meth:`Sources.sheet_quads` against
  :func:`graph_quads` of the Turtle), seconds and triples per second;
- ``build``: the whole ``coopgraph build`` of each project, its parse step apart.

    python bench/sheets_bench.py                  # 100,000 rows
    python bench/sheets_bench.py --rows 10000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import time
from pathlib import Path
from typing import Any

import build_bench
from build_bench import peak_mb

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
COUNTRIES = [
    "AUT",
    "BEL",
    "BGR",
    "HRV",
    "CYP",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IRL",
    "ITA",
    "LTU",
    "LUX",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
    "NOR",
    "ISL",
    "CHE",
    "GBR",
    "UKR",
    "MDA",
    "GEO",
    "ARM",
    "TUR",
    "SRB",
    "ALB",
    "MNE",
    "MKD",
    "BIH",
]
FIELDS = [
    ("education", "izglītība"),
    ("culture", "kultūra"),
    ("sport", "sports"),
    ("tourism", "tūrisms"),
    ("economics", "ekonomika"),
    ("health care", "veselības aprūpe"),
    ("social care", "sociālā aprūpe"),
    ("environmental protection", "vides aizsardzība"),
    ("science", "zinātne"),
    ("technology", "tehnoloģijas"),
    ("youth work", "darbs ar jaunatni"),
    ("city management", "pilsētas pārvaldība"),
]


def agreement_row(index: int, pick: random.Random) -> dict[str, str]:
    fields = pick.sample(FIELDS, pick.choice((2, 3)))
    year = pick.randint(1960, 2025)
    concluded = pick.choice(
        (f"{year}", f"{year}-{pick.randint(1, 12):02d}", f"{year}-{pick.randint(1, 12):02d}-{pick.randint(1, 28):02d}")
    )
    row = {
        "partner": f"Town {index}",
        "partner_lv": f"Pilsēta {index}",
        "country": pick.choice(COUNTRIES),
        "concluded": concluded,
        "fields": "; ".join(english for english, _ in fields),
        "field_concepts_lv": "; ".join(latvian for _, latvian in fields),
        "source": f"register-{index % 10}",
    }
    if index % 3 == 0:
        row.update(latitude=f"{pick.uniform(35, 70):.4f}", longitude=f"{pick.uniform(-10, 40):.4f}")
    return row


def projects_for(rows: int) -> tuple[Path, Path]:
    """The sheets project and its Turtle twin (the same triples), made once per size."""
    from coopgraph.sources.project import Sources
    from coopgraph.sources.scaffold import init_project
    from coopgraph.sources.sheet_read import columns

    sheets, turtle = OUT / f"sheets-{rows}", OUT / f"sheets-{rows}-turtle"
    if (turtle / "data" / "agreements.ttl").exists():
        return sheets, turtle
    shutil.rmtree(sheets, ignore_errors=True)
    shutil.rmtree(turtle, ignore_errors=True)
    init_project(sheets, "Benchtown", "LVA", "Benčpils")
    data = sheets / "data"
    with (data / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows(
            [f"register-{i}", f"Register of agreements, volume {i}", "", "", "", "", "en"] for i in range(10)
        )
    pick = random.Random(8)
    header = [column.name for column in columns("agreements")]
    with (data / "agreements.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writerows(agreement_row(i, pick) for i in range(rows))
    (turtle / "data").mkdir(parents=True)
    shutil.copy(sheets / "coopgraph.toml", turtle / "coopgraph.toml")
    import pyoxigraph as ox

    quads = Sources(sheets).sheet_quads(ox.DefaultGraph())
    ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in quads),
        str(turtle / "data" / "agreements.ttl"),
        ox.RdfFormat.TURTLE,
    )
    return sheets, turtle


def child_read(root: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    from coopgraph.sources.load import graph_quads
    from coopgraph.sources.project import Sources

    sources = Sources(root)
    graph = ox.NamedNode("https://w3id.org/coopgraph/graph/data")
    started = time.perf_counter()
    count = sum(1 for _ in graph_quads(sources.data_files(), graph, "d"))
    count += sum(1 for _ in sources.sheet_quads(graph))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "triples": count, "per_second": round(count / seconds), "peak_mb": peak_mb()}


def child_build(root: Path) -> dict[str, Any]:
    """The build as bench/build_bench.py measures it, with its parse step apart."""
    built = build_bench.child_build(root)
    return {**built, "parse": built["steps"]["parse"]["seconds"]}


CHILDREN = {"read": child_read, "build": child_build}


def run_child(kind: str, root: Path) -> dict[str, Any]:
    return build_bench.run_child(kind, root, script=Path(__file__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](Path(args.child[1]))))
        return
    OUT.mkdir(exist_ok=True)
    sheets, turtle = projects_for(args.rows)
    results = {
        name: {kind: run_child(kind, root) for kind in CHILDREN}
        for name, root in (("sheets", sheets), ("turtle", turtle))
    }
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count() or 0}  # type: ignore[assignment]
    (OUT / f"sheets-{args.rows}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| source | rows | read s | triples | triples/s | read peak MB | build s | parse s | build peak MB |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name in ("sheets", "turtle"):
        read, built = results[name]["read"], results[name]["build"]
        print(
            f"| {name} | {args.rows:,} | {read['seconds']} | {read['triples']:,} | {read['per_second']:,} | "
            f"{read['peak_mb']} | {built['seconds']} | {built['parse']} | {built['peak_mb']} |"
        )


if __name__ == "__main__":
    main()
