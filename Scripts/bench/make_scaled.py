#!/usr/bin/env python3
"""Synthetic projects for the scaling table (README, Benchmarks): the same kind of data as
bench_geopandas.py (a jittered grid of units with wavy shared edges over lon 20–26, lat −8…−3;
uniform points with a population; facilities of four kinds; the same SplitMix64 streams), but
vectorised so that 100,000 units and 5,000,000 points are written in seconds, and with the number
of units, vertices per edge and points chosen on the command line. Numbers are written in their
shortest round-trip spelling (DuckDB's CSV writer).

Usage: python3 Scripts/bench/make_scaled.py COLUMNS ROWS SEGMENTS POINTS --out DIR [--facilities N]
  e.g. 400 250 8 5000000 --out /tmp/scaled  (100,000 units, 3.3 M vertices, 5 M points)
Then: cp Scripts/bench/pipeline.toml DIR/ && targeting rank --project DIR/pipeline.toml \
      --rules Scripts/bench/pipeline.lua --out DIR/out
"""
import argparse, os, sys
import numpy as np
import geopandas as gpd
import duckdb
from shapely import polygons as make_polygons

sys.path.insert(0, os.path.dirname(__file__))
from bench_geopandas import uniform, WEST, SOUTH, WIDTH, HEIGHT, KINDS  # noqa: E402


def units(C, R, S):
    dx, dy = WIDTH / C, HEIGHT / R
    r, c = np.meshgrid(np.arange(R + 1), np.arange(C + 1), indexing="ij")
    vid = (r * (C + 1) + c).astype(np.uint64)
    interior = (r > 0) & (r < R) & (c > 0) & (c < C)
    vx = WEST + (c + np.where(interior, (uniform(1, vid) - 0.5) * 0.5, 0.0)) * dx
    vy = SOUTH + (r + np.where(interior, (uniform(2, vid) - 0.5) * 0.5, 0.0)) * dy
    t = np.arange(S + 1) / S
    taper = t * (1 - t)

    def edges(ax, ay, bx, by, eid, border):
        # ax…: (n,) edge ends; returns (n, S+1, 2) points, interior ones pushed sideways.
        x = ax[:, None] + (bx - ax)[:, None] * t[None, :]
        y = ay[:, None] + (by - ay)[:, None] * t[None, :]
        k = np.arange(1, S)
        w = (uniform(3, (eid[:, None] * S + k[None, :]).astype(np.uint64)) - 0.5) * 0.2 * taper[None, 1:-1]
        w = np.where(border[:, None], 0.0, w)
        x[:, 1:-1] -= (by - ay)[:, None] * w
        y[:, 1:-1] += (bx - ax)[:, None] * w
        return np.stack([x, y], axis=2)

    hr, hc = np.meshgrid(np.arange(R + 1), np.arange(C), indexing="ij")
    H = edges(vx[hr, hc].ravel(), vy[hr, hc].ravel(), vx[hr, hc + 1].ravel(), vy[hr, hc + 1].ravel(),
              (hr * C + hc).ravel(), ((hr == 0) | (hr == R)).ravel()).reshape(R + 1, C, S + 1, 2)
    vr, vc = np.meshgrid(np.arange(R), np.arange(C + 1), indexing="ij")
    V = edges(vx[vr, vc].ravel(), vy[vr, vc].ravel(), vx[vr + 1, vc].ravel(), vy[vr + 1, vc].ravel(),
              ((R + 1) * C + vr * (C + 1) + vc).ravel(), ((vc == 0) | (vc == C)).ravel()).reshape(R, C + 1, S + 1, 2)
    rings = np.concatenate([H[:-1, :, :-1], V[:, 1:, :-1], H[1:, :, ::-1][:, :, :-1], V[:, :-1, ::-1]], axis=2)
    rings = rings.reshape(R * C, 4 * S + 1, 2)
    k = np.arange(R * C)
    ids = np.char.add("U", np.char.zfill(k.astype(str), 6))
    parents = np.char.add(np.char.add("P", (k // C // 10).astype(str)), np.char.add("-", (k % C // 10).astype(str)))
    pops = 1000 + np.floor(uniform(10, k.astype(np.uint64)) * 50000)
    return gpd.GeoDataFrame({"unit_id": ids, "parent": parents, "pop": pops}, geometry=make_polygons(rings), crs="EPSG:4326")


def main():
    ap = argparse.ArgumentParser()
    for a in ("columns", "rows", "segments", "points"):
        ap.add_argument(a, type=int)
    ap.add_argument("--facilities", type=int, default=20_000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    u = units(a.columns, a.rows, a.segments)
    u.to_file(os.path.join(a.out, "units.shp"))
    i = np.arange(a.points, dtype=np.uint64)
    pts = {"lon": WEST + uniform(4, i) * WIDTH, "lat": SOUTH + uniform(5, i) * HEIGHT, "pop": 1 + np.floor(uniform(6, i) * 100)}
    j = np.arange(a.facilities, dtype=np.uint64)
    fac = {"lon": WEST + uniform(7, j) * WIDTH, "lat": SOUTH + uniform(8, j) * HEIGHT,
           "kind": KINDS[np.minimum(3, (uniform(9, j) * 4).astype(np.int64))]}
    con = duckdb.connect()
    for name, cols in (("points", pts), ("facilities", fac)):
        con.register("t", cols)
        con.execute(f"COPY (SELECT * FROM t) TO '{os.path.join(a.out, name + '.csv')}' (HEADER)")
        con.unregister("t")
    print(f"{len(u)} units ({len(u) * (4 * a.segments + 1)} vertices), {a.points} points, {a.facilities} facilities in {a.out}")


if __name__ == "__main__":
    main()
