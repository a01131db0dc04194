#!/usr/bin/env python3
"""Independent check of the Kasaï sample's spatial coherence (numpy + shapely + pyogrio, no Swift).

Reads Shapefiles/kasai/groupements.shp and acled_kasai.csv, places every event in the groupement
whose polygon covers it (on a shared border: the unit whose GRP_PCODE sorts first; outside every
unit: left out), and prints Moran's I of y = ln(1 + events per 1,000 km²) over the units, with
contiguity weights, row-standardised:

  queen: two units are neighbours when their boundaries share at least one point
  rook:  when they share a stretch of border of positive length

Area is the geodesic area on WGS 84 (pyproj.Geod), as AREA_KM2 in the DBF. The permutation test
(999 random relabellings, fixed seed) gives a pseudo p-value. With PySAL installed
(`pip install libpysal esda`) it also prints esda.Moran on libpysal's own queen weights.

    python3 Scripts/sample/spatial_check.py [Shapefiles/kasai] [--json]
"""
import json
import math
import pathlib
import sys

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod


def load(folder):
    units = pyogrio.read_dataframe(folder / "groupements.shp")
    units = units.sort_values("GRP_PCODE").reset_index(drop=True)
    events = pd.read_csv(folder / "acled_kasai.csv", dtype=str, keep_default_na=False)
    return units, events


def place(units, events):
    """Per unit, the number of events its polygon covers (ties to the smallest p-code)."""
    geoms = units.geometry.values
    tree = shapely.STRtree(geoms)
    points = shapely.points(events["longitude"].astype(float), events["latitude"].astype(float))
    counts = np.zeros(len(units), dtype=int)
    outside = 0
    for p in points:
        hits = sorted(i for i in tree.query(p) if shapely.covers(geoms[i], p))
        if hits:
            counts[hits[0]] += 1  # units are sorted by p-code: the first covering one
        else:
            outside += 1
    return counts, outside


def neighbours(units, rule):
    geoms = units.geometry.values
    tree = shapely.STRtree(geoms)
    pairs = set()
    for i, g in enumerate(geoms):
        for j in tree.query(g, predicate="intersects"):
            if j <= i:
                continue
            shared = shapely.intersection(g.boundary, geoms[j].boundary)
            if rule == "queen" or shared.length > 0:
                pairs.add((i, int(j)))
    return sorted(pairs)


def morans_i(y, pairs, permutations=999, seed=12345):
    n = len(y)
    nbrs = [[] for _ in range(n)]
    for i, j in pairs:
        nbrs[i].append(j)
        nbrs[j].append(i)
    keep = [i for i in range(n) if nbrs[i]]
    w = np.zeros((n, n))
    for i in keep:
        for j in nbrs[i]:
            w[i, j] = 1.0 / len(nbrs[i])
    z = y - y.mean()

    def stat(zz):
        return (n / w.sum()) * (zz @ w @ zz) / (zz @ zz)

    observed = stat(z)
    rng = np.random.default_rng(seed)
    larger = sum(stat(rng.permutation(z)) >= observed for _ in range(permutations))
    return observed, (larger + 1) / (permutations + 1), len(keep)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = pathlib.Path(args[0] if args else "Shapefiles/kasai")
    units, events = load(folder)
    counts, outside = place(units, events)
    geod = Geod(ellps="WGS84")
    area = np.array([abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for g in units.geometry.values])
    y = np.log1p(1000.0 * counts / area)
    result = {"units": len(units), "events": int(counts.sum()), "outside": outside,
              "units_without_event": int((counts == 0).sum())}
    for rule in ("queen", "rook"):
        pairs = neighbours(units, rule)
        i, p, with_neighbours = morans_i(y, pairs)
        result[rule] = {"pairs": len(pairs), "morans_i": round(float(i), 4), "pseudo_p": p,
                        "units_with_neighbours": with_neighbours}
    try:  # a second opinion when PySAL is installed (pip install libpysal esda)
        import warnings
        from esda.moran import Moran
        from libpysal.weights import Queen
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = Queen.from_dataframe(units, use_index=False)
            w.transform = "r"
            result["pysal_queen_morans_i"] = round(float(Moran(y, w, permutations=0).I), 4)
    except ImportError:
        pass
    if "--json" in sys.argv:
        print(json.dumps(result, indent=1))
    else:
        print(f"{result['events']} events in {result['units']} units ({outside} outside every unit, "
              f"{result['units_without_event']} units without any)")
        for rule in ("queen", "rook"):
            r = result[rule]
            print(f"Moran's I of ln(1 + events per 1,000 km²), {rule} contiguity ({r['pairs']} pairs, row-standardised): "
                  f"{r['morans_i']:.4f} (pseudo p = {r['pseudo_p']:.3f}, 999 permutations)")
        if "pysal_queen_morans_i" in result:
            print(f"PySAL (libpysal Queen.from_dataframe, esda.Moran): {result['pysal_queen_morans_i']:.4f}")


if __name__ == "__main__":
    main()
