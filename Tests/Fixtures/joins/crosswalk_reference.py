"""Reference area weights for Tests/JoinsTests/CrosswalkTests.swift: shapely intersections of
each zone with each unit of the hand fixture (unmoved, degrees near the equator), geodesic areas
with pyproj.Geod. Run: python3 Tests/Fixtures/joins/crosswalk_reference.py"""
from shapely.geometry import Polygon, MultiPolygon
from shapely.geometry.polygon import orient
from pyproj import Geod

geod = Geod(ellps="WGS84")

def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]

def area(g):
    parts = getattr(g, "geoms", [g])
    return sum(geod.geometry_area_perimeter(orient(p, 1.0))[0] for p in parts if p.area > 0) / 1e6

units = [("G3", MultiPolygon([Polygon(rect(0, 0, 2, 2), [rect(0.5, 0.5, 1.5, 1.5)])])),
         ("G1", Polygon(rect(2, 0, 4, 2))),
         ("G2", MultiPolygon([Polygon(rect(0, 2, 4, 3)), Polygon(rect(5, 0, 6, 1))])),
         ("G4", Polygon(rect(0.5, 0.5, 1.5, 1.5))),
         ("G5", Polygon([(4, 0), (5, 0), (4, 2), (4, 0)]))]
zones = [("Z1", Polygon(rect(3, 0, 4, 2)), 100), ("Z2", Polygon(rect(1, 0, 3, 2)), 60), ("Z3", Polygon(rect(5.5, 0, 7, 1)), 30)]
totals = {u: 0.0 for u, _ in units}
for zn, z, v in zones:
    za = area(z)
    for un, ug in units:
        a = area(z.intersection(ug))
        if a > 0:
            totals[un] += v * a / za
            print(f"{zn} -> {un}: weight {a / za!r}")
print({k: v for k, v in totals.items()})
