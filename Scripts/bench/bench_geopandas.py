#!/usr/bin/env python3
"""GeoPandas baseline for the Joins benchmark (`targeting bench`).

Generates the same synthetic data as Sources/targeting/SyntheticData.swift — bit for bit: both use a
counter-based SplitMix64 and only +, -, *, / on doubles — writes it as a shapefile (units) and
CSVs (points, facilities), then times what a GIS officer would do in GeoPandas:
  sjoin(points, units, predicate="intersects") keeping the smallest unit id + groupby count and sum;
  representative points (centroid if inside, else point on surface);
  nearest hospital: to_crs(UTM 34S) + sjoin_nearest (planar metres; ours is geodesic);
  facilities within 10 km: buffer 10 km in UTM + sjoin + groupby.
Totals printed at the end (points placed, population in units, sum of km to nearest hospital)
can be compared with `targeting bench`.

Usage: python3 Scripts/bench/bench_geopandas.py {sample|medium|large} [--out DIR]
Needs: pip install geopandas shapely pyproj pyogrio numpy
"""
import argparse, os, resource, sys, time
import warnings
import numpy as np
warnings.filterwarnings("ignore", message=".*geographic CRS.*")
import geopandas as gpd
import pandas as pd
from shapely import polygons as make_polygons, points as make_points

SCALES = {  # columns, rows, segments, points, facilities
    "sample": (30, 30, 80, 30_000, 2_000),
    "medium": (80, 75, 80, 100_000, 20_000),
    "large": (80, 75, 80, 1_000_000, 20_000),
}
WEST, SOUTH, WIDTH, HEIGHT = 20.0, -8.0, 6.0, 5.0
KINDS = np.array(["hospital", "clinic", "police", "school"])
M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def uniform(stream, i):
    """SplitMix64 of (stream << 40 | i), as a double in [0, 1). Vectorised over i."""
    with np.errstate(over="ignore"):
        z = (np.uint64(stream) << np.uint64(40)) | np.asarray(i, dtype=np.uint64)
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / 9007199254740992.0


def units(columns, rows, segments):
    dx, dy = WIDTH / columns, HEIGHT / rows
    r, c = np.meshgrid(np.arange(rows + 1), np.arange(columns + 1), indexing="ij")
    vid = (r * (columns + 1) + c).astype(np.uint64)
    interior = (r > 0) & (r < rows) & (c > 0) & (c < columns)
    jx = np.where(interior, (uniform(1, vid) - 0.5) * 0.5, 0.0)
    jy = np.where(interior, (uniform(2, vid) - 0.5) * 0.5, 0.0)
    vx = WEST + (c + jx) * dx
    vy = SOUTH + (r + jy) * dy
    t = np.arange(segments + 1) / segments
    taper = t * (1 - t)

    def edge(ax, ay, bx, by, eid, border):
        x = ax + (bx - ax) * t
        y = ay + (by - ay) * t
        if not border:
            k = np.arange(1, segments)
            w = (uniform(3, eid * segments + k) - 0.5) * 0.2 * taper[1:-1]
            x[1:-1] = x[1:-1] - (by - ay) * w
            y[1:-1] = y[1:-1] + (bx - ax) * w
        return np.stack([x, y], axis=1)

    def horizontal(r, c):
        return edge(vx[r, c], vy[r, c], vx[r, c + 1], vy[r, c + 1], r * columns + c, r == 0 or r == rows)

    def vertical(r, c):
        return edge(vx[r, c], vy[r, c], vx[r + 1, c], vy[r + 1, c],
                    (rows + 1) * columns + r * (columns + 1) + c, c == 0 or c == columns)

    rings, ids, parents, pops = [], [], [], []
    for r in range(rows):
        for c in range(columns):
            ring = np.concatenate([horizontal(r, c)[:-1], vertical(r, c + 1)[:-1],
                                   horizontal(r + 1, c)[::-1][:-1], vertical(r, c)[::-1]])
            k = r * columns + c
            rings.append(ring)
            ids.append(f"U{k:05d}")
            parents.append(f"P{r // 10}-{c // 10}")
            pops.append(1000 + np.floor(uniform(10, k) * 50000))
    return gpd.GeoDataFrame({"unit_id": ids, "parent": parents, "pop": pops},
                            geometry=[make_polygons(r) for r in rings], crs="EPSG:4326")


def points(n):
    i = np.arange(n, dtype=np.uint64)
    x = WEST + uniform(4, i) * WIDTH
    y = SOUTH + uniform(5, i) * HEIGHT
    pop = 1 + np.floor(uniform(6, i) * 100)
    return gpd.GeoDataFrame({"pop": pop}, geometry=make_points(x, y), crs="EPSG:4326")


def facilities(n):
    i = np.arange(n, dtype=np.uint64)
    x = WEST + uniform(7, i) * WIDTH
    y = SOUTH + uniform(8, i) * HEIGHT
    kind = KINDS[np.minimum(3, (uniform(9, i) * 4).astype(np.int64))]
    return gpd.GeoDataFrame({"kind": kind}, geometry=make_points(x, y), crs="EPSG:4326")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scale", choices=SCALES)
    ap.add_argument("--out", help="folder to write units.shp, points.csv, facilities.csv")
    a = ap.parse_args()
    cols, rows, segs, npts, nfac = SCALES[a.scale]
    timings = []

    def timed(step, f):
        t0 = time.perf_counter(); r = f(); timings.append((step, time.perf_counter() - t0)); return r

    u = timed("generate units", lambda: units(cols, rows, segs))
    p = timed("generate points", lambda: points(npts))
    f = timed("generate facilities", lambda: facilities(nfac))
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        timed("write shapefile + CSVs", lambda: (
            u.to_file(os.path.join(a.out, "units.shp")),
            pd.DataFrame({"lon": p.geometry.x, "lat": p.geometry.y, "pop": p["pop"]}).to_csv(os.path.join(a.out, "points.csv"), index=False, float_format="%.17g"),
            pd.DataFrame({"lon": f.geometry.x, "lat": f.geometry.y, "kind": f["kind"]}).to_csv(os.path.join(a.out, "facilities.csv"), index=False, float_format="%.17g")))

    # "intersects" is the covers semantics of Scripts/METHOD.md (a point on a shared border matches both
    # units); keep the smallest id, as the toolkit does.
    j = timed("sjoin points (intersects)", lambda: gpd.sjoin(p, u[["unit_id", "geometry"]], predicate="intersects", how="inner"))
    j = timed("  smallest-id dedup of border points", lambda: j.sort_values("unit_id").loc[lambda d: ~d.index.duplicated(keep="first")])
    g = timed("groupby count + sum of pop", lambda: j.groupby("unit_id")["pop"].agg(["count", "sum"]))

    def reference_points():
        c = u.geometry.centroid
        inside = u.geometry.covers(c)
        return gpd.GeoSeries(np.where(inside, c, u.geometry.representative_point()), crs="EPSG:4326")
    ref = timed("reference points", reference_points)
    utm = "EPSG:32734"

    def nearest():
        h = f[f["kind"] == "hospital"].to_crs(utm)
        r = gpd.GeoDataFrame({"unit_id": u["unit_id"]}, geometry=ref.to_crs(utm))
        n = gpd.sjoin_nearest(r, h, distance_col="m")
        return n.loc[~n.index.duplicated(keep="first"), "m"] / 1000
    near = timed("nearest hospital (UTM, sjoin_nearest)", nearest)

    def within10():
        r = gpd.GeoDataFrame({"unit_id": u["unit_id"]}, geometry=ref.to_crs(utm).buffer(10_000))
        w = gpd.sjoin(f.to_crs(utm), r, predicate="within")
        return w.groupby("unit_id").size()
    timed("facilities within 10 km (UTM buffer)", within10)

    nverts = sum(len(g.exterior.coords) for g in u.geometry)
    print(f"geopandas {gpd.__version__} benchmark, scale {a.scale}: {len(u)} units ({nverts} vertices), "
          f"{npts} points, {nfac} facilities")
    for step, s in timings:
        print(f"  {step:<44}{s:8.3f} s")
    print(f"  points placed: {len(j)}; population in units: {int(g['sum'].sum())}")
    print(f"  sum over units of km to nearest hospital (UTM planar): {near.sum():.3f}")
    print(f"  peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
