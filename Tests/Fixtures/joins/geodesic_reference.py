"""Reference numbers for Tests/JoinsTests/GeodesicFactTests.swift, computed independently with
shapely (reference points: centroid if covered, else point_on_surface) and pyproj.Geod (WGS 84
geodesic distances and areas). Run: python3 Tests/Fixtures/joins/geodesic_reference.py"""
from shapely.geometry import Polygon, MultiPolygon, Point
from shapely.geometry.polygon import orient
from pyproj import Geod

geod = Geod(ellps="WGS84")

def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]

def place(ring):
    # The hand fixture moved to Kasai-Central: x' = 22 + x/10, y' = -6 + y/10.
    return [(22 + x / 10, -6 + y / 10) for x, y in ring]

units = {
    "G3": MultiPolygon([Polygon(place(rect(0, 0, 2, 2)), [place(rect(0.5, 0.5, 1.5, 1.5))])]),
    "G1": MultiPolygon([Polygon(place(rect(2, 0, 4, 2)))]),
    "G2": MultiPolygon([Polygon(place(rect(0, 2, 4, 3))), Polygon(place(rect(5, 0, 6, 1)))]),
    "G4": MultiPolygon([Polygon(place(rect(0.5, 0.5, 1.5, 1.5)))]),
    "G5": MultiPolygon([Polygon(place([(4, 0), (5, 0), (4, 2), (4, 0)]))]),
}
facilities = [  # (lon, lat, type)
    (22.05, -5.95, "hospital"), (22.35, -5.85, "clinic"), (22.62, -5.93, "hospital"),
    (22.30, -5.70, "clinic"), (21.80, -6.20, "hospital"), (22.41, -5.89, "clinic"),
]
order = ["G3", "G1", "G2", "G4", "G5"]
for uid in order:
    g = units[uid]
    c = g.centroid
    ref = c if g.covers(c) else g.point_on_surface()
    # pyproj signs each ring by orientation: orient shells CCW and holes CW first.
    area = sum(geod.geometry_area_perimeter(orient(p, 1.0))[0] for p in g.geoms) / 1e6
    d = [geod.inv(ref.x, ref.y, fx, fy)[2] / 1000 for fx, fy, _ in facilities]
    dh = [geod.inv(ref.x, ref.y, fx, fy)[2] / 1000 for fx, fy, t in facilities if t == "hospital"]
    within15 = sum(1 for x in d if x <= 15)
    print(f'"{uid}": ref=({ref.x!r}, {ref.y!r}) centroidInside={g.covers(c)} area={area!r} '
          f'nearest={min(d)!r} nearestHospital={min(dh)!r} within15={within15}')
