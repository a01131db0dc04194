#!/usr/bin/env python3
"""The same whole pipeline as `targeting rank --project DIR/pipeline.toml --rules
Scripts/bench/pipeline.lua --no-maps`, in GeoPandas, from the same files: read the units shapefile
and the point CSVs, place the points (sjoin + smallest-id rule for border points), count and sum
per unit, km to the nearest hospital (UTM 34S, planar), facilities within 10 km, and write a CSV.

Usage: python3 Scripts/bench/pipeline_geopandas.py DIR
"""
import resource, sys, time, warnings
warnings.filterwarnings("ignore")
import geopandas as gpd
import numpy as np
import pandas as pd

d = sys.argv[1]
t0 = time.perf_counter()
units = gpd.read_file(f"{d}/units.shp")
pts = pd.read_csv(f"{d}/points.csv")
fac = pd.read_csv(f"{d}/facilities.csv")
points = gpd.GeoDataFrame(pts, geometry=gpd.points_from_xy(pts.lon, pts.lat), crs=4326)
facilities = gpd.GeoDataFrame(fac, geometry=gpd.points_from_xy(fac.lon, fac.lat), crs=4326)
t1 = time.perf_counter()
j = gpd.sjoin(points, units[["unit_id", "geometry"]], predicate="intersects", how="inner")
j = j.sort_values("unit_id").loc[lambda x: ~x.index.duplicated(keep="first")]
agg = j.groupby("unit_id").agg(events=("pop", "size"), people=("pop", "sum"))
t2 = time.perf_counter()
# Reference points as the toolkit takes them: centroid in degrees if the unit covers it, else a
# point on its surface (as bench_geopandas.py), then projected for the planar distances.
centroid = units.geometry.centroid
ref = gpd.GeoSeries(np.where(units.geometry.covers(centroid), centroid, units.geometry.representative_point()), crs=4326)
refs = gpd.GeoDataFrame(units[["unit_id"]], geometry=ref.to_crs(32734), crs=32734)
hosp = facilities[facilities.kind == "hospital"].to_crs(32734)
near = gpd.sjoin_nearest(refs, hosp, distance_col="m").groupby("unit_id")["m"].min() / 1000
buf = refs.copy(); buf["geometry"] = refs.buffer(10_000)
within = gpd.sjoin(facilities.to_crs(32734), buf, predicate="within").groupby("unit_id").size()
t3 = time.perf_counter()
out = units[["unit_id"]].set_index("unit_id").join(agg).join(near.rename("km_hospital")).join(within.rename("near_10km"))
out.to_csv("/tmp/pipeline_geopandas.csv")
t4 = time.perf_counter()
print(f"read files {t1-t0:.2f} s; place + count/sum {t2-t1:.2f} s; nearest + within {t3-t2:.2f} s; write {t4-t3:.2f} s")
print(f"total {t4-t0:.2f} s; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MB")
