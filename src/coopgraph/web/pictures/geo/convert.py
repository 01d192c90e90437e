"""Natural Earth 1:110m countries (world-atlas TopoJSON) -> compact JSON rings for coopgraph (development only).

Run as ``python -m coopgraph.web.pictures.geo.convert countries-110m.topo.json countries-110m.json``;
the map reads only the output, shipped beside this file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON's delta-encoded, quantised arcs as lists of lon/lat points."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indices: list[int]) -> list[Point]:
    """One closed ring from arc indices (a negative index is an arc walked backwards)."""
    out: list[Point] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out


def simplify(points: list[Point]) -> list[list[float]]:
    """Quantise to 0.1 degree and drop repeated points: plenty for a 1000-unit-wide map."""
    result: list[list[float]] = []
    for x, y in points:
        p = [round(x, 1), round(y, 1)]
        if not result or result[-1] != p:
            result.append(p)
    return result


def countries(topo: dict[str, Any]) -> list[dict[str, Any]]:
    arcs = decode_arcs(topo)
    found = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry["type"], [])
        rings = [points for polygon in polygons for r in polygon if len(points := simplify(ring(arcs, r))) >= 4]
        if rings:
            found.append({"id": geometry.get("id"), "name": geometry["properties"]["name"], "rings": rings})
    return found


def main(source: Path, target: Path) -> int:
    topo = json.loads(source.read_text(encoding="utf-8"))
    found = countries(topo)
    out = {
        "source": "Natural Earth 1:110m Admin 0 countries, via world-atlas 2.0.2 (countries-110m.json)",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "precision_degrees": 0.1,
        "countries": found,
    }
    target.write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(len(found), "countries")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
