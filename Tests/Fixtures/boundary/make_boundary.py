"""Writes the hand-made boundary-check fixture (a tiny project whose answers are known) and prints
the expected geodesic areas, computed independently of targeting with pyproj's Geod (WGS 84).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyshp pyproj
    /tmp/venv/bin/python Tests/Fixtures/boundary/make_boundary.py

Rectangles in degrees near the equator (lon × lat):
  parent P (levels.territoire) = [0, 0.3] × [0, 0.1]
  A [0, 0.1], B [0.08, 0.18], C [0.2, 0.26], F [0.26, 0.36] (all × [0, 0.1]) and D [1.0, 1.1] × [0, 0.1], parent P:
    overlap A∩B = [0.08, 0.1] × [0, 0.1]; gap in P = [0.18, 0.2] × [0, 0.1];
    D lies wholly outside P (100%); F 60% outside P (reported); A, B, C inside.
  E1..E4, parent Q (no polygon): a frame around the hole [2.1, 2.2] × [0.1, 0.2].
  I [3.0, 3.1] and J [3.1 - 1e-9, 3.2] (× [0, 0.1]), parent R (no polygon): an overlap of float noise
    (about 1 m²), not reported.
Points: two inside A∩B, one on A's east border (x = 0.1: in B's interior, on A's border, not in the
overlap), one in A only, one in the gap (outside every unit).
"""
import os
import shapefile  # pyshp
from pyproj import Geod

HERE = os.path.dirname(os.path.abspath(__file__))
PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def rect(x0, x1, y0, y1):
    # Clockwise outer ring (shapefile convention), closed.
    return [(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)]


UNITS = [  # id, name, parent, ring
    ("A", "Alpha", "P", rect(0.0, 0.1, 0.0, 0.1)),
    ("B", "Beta", "P", rect(0.08, 0.18, 0.0, 0.1)),
    ("C", "Gamma", "P", rect(0.2, 0.26, 0.0, 0.1)),
    ("D", "Delta", "P", rect(1.0, 1.1, 0.0, 0.1)),
    ("E1", "Frame south", "Q", rect(2.0, 2.3, 0.0, 0.1)),
    ("E2", "Frame north", "Q", rect(2.0, 2.3, 0.2, 0.3)),
    ("E3", "Frame west", "Q", rect(2.0, 2.1, 0.1, 0.2)),
    ("E4", "Frame east", "Q", rect(2.2, 2.3, 0.1, 0.2)),
    ("F", "Phi", "P", rect(0.26, 0.36, 0.0, 0.1)),
    ("I", "Iota", "R", rect(3.0, 3.1, 0.0, 0.1)),
    ("J", "Jota", "R", rect(3.1 - 1e-9, 3.2, 0.0, 0.1)),
]
PARENTS = [("P", "Parent P", rect(0.0, 0.3, 0.0, 0.1))]
POINTS = [  # id, lon, lat
    ("p1", 0.09, 0.05), ("p2", 0.085, 0.02), ("p3", 0.1, 0.05), ("p4", 0.05, 0.05), ("p5", 0.19, 0.05),
]


def write_shp(name, rows, fields):
    base = os.path.join(HERE, name)
    w = shapefile.Writer(base, shapeType=shapefile.POLYGON, encoding="utf-8")
    for f in fields:
        w.field(f, "C", 20)
    for *values, ring in rows:
        w.poly([ring])
        w.record(*values)
    w.close()
    with open(base + ".prj", "w") as f:
        f.write(PRJ)
    with open(base + ".cpg", "w") as f:
        f.write("UTF-8")


write_shp("units", UNITS, ["UNIT_ID", "UNIT_NAME", "PARENT"])
write_shp("parents", PARENTS, ["PARENT_ID", "PNAME"])
with open(os.path.join(HERE, "points.csv"), "w") as f:
    f.write("site,longitude,latitude\n")
    for p in POINTS:
        f.write("%s,%r,%r\n" % p)

geod = Geod(ellps="WGS84")


def km2(ring):
    lons, lats = zip(*ring)
    return abs(geod.polygon_area_perimeter(lons, lats)[0]) / 1e6


print("overlap A/B    %.9f km2" % km2(rect(0.08, 0.1, 0.0, 0.1)))
print("gap in P       %.9f km2" % km2(rect(0.18, 0.2, 0.0, 0.1)))
print("hole in Q      %.9f km2" % km2(rect(2.1, 2.2, 0.1, 0.2)))
print("unit D         %.9f km2" % km2(rect(1.0, 1.1, 0.0, 0.1)))
print("unit F         %.9f km2" % km2(rect(0.26, 0.36, 0.0, 0.1)))
print("F outside P    %.9f km2" % km2(rect(0.3, 0.36, 0.0, 0.1)))
print("noise I/J      %.9f km2" % km2(rect(3.1 - 1e-9, 3.1, 0.0, 0.1)))
