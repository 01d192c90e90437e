"""Natural Earth 1:110m countries (world-atlas TopoJSON) -> compact JSON rings for coopgraph (development only)."""
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
topo = json.load(open(src))
sx, sy = topo["transform"]["scale"]; tx, ty = topo["transform"]["translate"]
arcs = []
for arc in topo["arcs"]:
    x = y = 0; pts = []
    for dx, dy in arc:
        x += dx; y += dy
        pts.append((x * sx + tx, y * sy + ty))
    arcs.append(pts)
def ring(indices):
    out = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out
def simplify(pts, q=0.1):
    # quantise to q degrees and drop repeated points
    res = []
    for x, y in pts:
        p = [round(x, 1), round(y, 1)]
        if not res or res[-1] != p:
            res.append(p)
    return res
countries = []
for g in topo["objects"]["countries"]["geometries"]:
    polys = []
    if g["type"] == "Polygon":
        polys = [g["arcs"]]
    elif g["type"] == "MultiPolygon":
        polys = g["arcs"]
    rings = []
    for poly in polys:
        for r in poly:
            pts = simplify(ring(r))
            if len(pts) >= 4:
                rings.append(pts)
    if rings:
        countries.append({"id": g.get("id"), "name": g["properties"]["name"], "rings": rings})
out = {"source": "Natural Earth 1:110m Admin 0 countries, via world-atlas 2.0.2 (countries-110m.json)",
       "licence": "Natural Earth: public domain; world-atlas: ISC",
       "precision_degrees": 0.1, "countries": countries}
json.dump(out, open(dst, "w"), separators=(",", ":"), ensure_ascii=False)
print(len(countries), "countries")
