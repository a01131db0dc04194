"""Writes the hand-made quota fixture: 2 provinces, 3 territoires, 8 groupements whose need is an
attribute, so that the rank order and every quota's answer can be worked out by hand.

    python3 Tests/Fixtures/quotas/make_quotas.py     (geopandas)

  province K1: territoires T1 (U1 80, U2 70, U7 50) and T2 (U3 90, U4 60)
  province K2: territoire  T3 (U5 85, U6 75, U8 40)
Rank order by need: U3, U5, U1, U6, U2, U4, U7, U8.
  at most 1 per province  -> U3 (K1), U5 (K2)
  at most 2 per province  -> U3, U5, U1, U6
  at most 1 per territoire and 2 per province -> U3 (T2), U5 (T3), U1 (T1)
"""
import os
import geopandas as gpd
from shapely.geometry import box

HERE = os.path.dirname(os.path.abspath(__file__))
units = [("U1", "T1", 80), ("U2", "T1", 70), ("U7", "T1", 50), ("U3", "T2", 90), ("U4", "T2", 60),
         ("U5", "T3", 85), ("U6", "T3", 75), ("U8", "T3", 40)]
territoires = [("T1", "K1"), ("T2", "K1"), ("T3", "K2")]
provinces = ["K1", "K2"]

def cell(i):
    return box(0.1 * i, 0.0, 0.1 * (i + 1), 0.1)

u = gpd.GeoDataFrame({"UNIT_ID": [a for a, _, _ in units], "UNIT_NAME": ["Unit " + a for a, _, _ in units],
                      "TERR": [t for _, t, _ in units], "NEED": [n for _, _, n in units]},
                     geometry=[cell(i) for i in range(len(units))], crs="EPSG:4326")
u.to_file(os.path.join(HERE, "units.shp"))
spans = {"T1": (0, 3), "T2": (3, 5), "T3": (5, 8)}
t = gpd.GeoDataFrame({"TERR_ID": [a for a, _ in territoires], "PROV": [p for _, p in territoires]},
                     geometry=[box(0.1 * spans[a][0], 0.0, 0.1 * spans[a][1], 0.1) for a, _ in territoires], crs="EPSG:4326")
t.to_file(os.path.join(HERE, "territoires.shp"))
p = gpd.GeoDataFrame({"PROV_ID": provinces}, geometry=[box(0.0, 0.0, 0.5, 0.1), box(0.5, 0.0, 0.8, 0.1)], crs="EPSG:4326")
p.to_file(os.path.join(HERE, "provinces.shp"))
