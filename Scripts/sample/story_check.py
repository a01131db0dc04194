#!/usr/bin/env python3
"""Independent check that the Kasaï sample tells the strategy's story (pandas + shapely + pyproj).

Prints, from the files alone:
  - ACLED events per territoire and period (the crisis from August 2016, the 2020 clashes);
  - per DTM round, Pearson's r over the groupements between ln(1 + IDPs) and ln(1 + events within
    50 km of the unit) in the 12 months BEFORE the round and in the 12 months AFTER it:
    displacement follows the events, so the first should be the larger;
  - per round, r between ln(1 + returnees) and ln(1 + events within 50 km) 12–48 months before;
  - the share of health facilities and schools outside the villes within 5 km of a road of
    roads.shp, against the share of the rural area within 5 km of a road.

    python3 Scripts/sample/story_check.py [Shapefiles/kasai]
"""
import pathlib
import sys

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod, Transformer

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "Shapefiles/kasai")
units = pyogrio.read_dataframe(folder / "groupements.shp").sort_values("GRP_PCODE").reset_index(drop=True)
acled = pd.read_csv(folder / "acled_kasai.csv", dtype=str, keep_default_na=False)
acled["date"] = pd.to_datetime(acled["event_date"], format="%d %B %Y")
dtm = pd.read_csv(folder / "dtm_kasai.csv", skiprows=[1], dtype=str, keep_default_na=False)
dtm.columns = pd.read_csv(folder / "dtm_kasai.csv", nrows=1, header=None).iloc[0].tolist()
hxl = pd.read_csv(folder / "dtm_kasai.csv", nrows=1, header=None, skiprows=1).iloc[0].tolist()
dtm.columns = hxl

# Equal-area metres (Lambert azimuthal, centred on the region) for distances and buffers.
to_m = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=-5.5 +lon_0=22 +datum=WGS84", always_xy=True)
def project(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))

print("ACLED events by territoire (admin2):")
periods = [("2015-01-01", "2016-07-31"), ("2016-08-01", "2016-12-31"), ("2017-01-01", "2017-12-31"),
           ("2018-01-01", "2019-12-31"), ("2020-08-01", "2020-09-30")]
table = pd.DataFrame({f"{a[:7]}..{b[:7]}": acled[(acled.date >= a) & (acled.date <= b)].groupby("admin2").size()
                      for a, b in periods}).fillna(0).astype(int)
print(table.sort_values(table.columns[2], ascending=False).to_string())

centres = shapely.centroid(project(units.geometry.values))
cx, cy = shapely.get_x(centres), shapely.get_y(centres)
ex, ey = to_m.transform(acled.longitude.astype(float).values, acled.latitude.astype(float).values)
dist = np.hypot(cx[:, None] - ex[None, :], cy[:, None] - ey[None, :])  # units × events, metres
near = dist <= 50_000

def events_near(start, end):
    m = ((acled.date >= start) & (acled.date <= end)).values
    return near[:, m].sum(axis=1)

index = {p: i for i, p in enumerate(units.GRP_PCODE)}
print("\nDTM rounds: r(ln IDPs, ln events within 50 km 12 months before | 12 months after); "
      "r(ln returnees, ln events 12-48 months before)")
for date, rows in dtm.groupby("#date+reported"):
    idps = np.zeros(len(units)); ret = np.zeros(len(units))
    for _, r in rows.iterrows():
        i = index.get(r["#adm3+pcode"])
        if i is not None:
            idps[i] += float(r["#affected+idps+ind"] or 0); ret[i] += float(r["#affected+returnees+ind"] or 0)
    d = pd.Timestamp(date)
    before = events_near(d - pd.DateOffset(months=12), d)
    after = events_near(d, d + pd.DateOffset(months=12))
    long_before = events_near(d - pd.DateOffset(months=48), d - pd.DateOffset(months=12))
    r_before = np.corrcoef(np.log1p(idps), np.log1p(before))[0, 1]
    r_after = np.corrcoef(np.log1p(idps), np.log1p(after))[0, 1] if after.std() > 0 else float("nan")
    r_ret = np.corrcoef(np.log1p(ret), np.log1p(long_before))[0, 1]
    print(f"  {date}: IDPs {int(idps.sum()):,}, returnees {int(ret.sum()):,}; "
          f"r before {r_before:.2f}, r after {r_after:.2f}; returnees r {r_ret:.2f}")

roads = pyogrio.read_dataframe(folder / "roads.shp")
corridor = project(shapely.union_all(roads.geometry.values)).buffer(5_000)
territoires = pyogrio.read_dataframe(folder / "territoires.shp")
rural = project(shapely.union_all(territoires[territoires.TYPE != "ville"].geometry.values))
area_share = rural.intersection(corridor).area / rural.area
print(f"\nrural area within 5 km of a road: {area_share:.1%}")
for name in ["health_facilities", "schools", "villages"]:
    pts = pyogrio.read_dataframe(folder / f"{name}.shp")
    p = project(pts.geometry.values)
    in_rural = shapely.contains(rural, p)
    share = shapely.contains(corridor, p[in_rural]).mean()
    print(f"{name}: {in_rural.sum():,} outside the villes, {share:.1%} within 5 km of a road")
