"""Writes the GDAL-made fixtures of the inspect tests (run from this folder; needs geopandas/pyogrio):
- wide.*: 3 points with 168 text fields F001..F168 whose values are 40-60 characters long;
- geometry_only.shp/.shx/.prj: two squares whose .dbf was removed;
- idps_de.dbf (+ .cpg): idps_de.csv written by GDAL as a .dbf alone (no .shp).
"""
import os
import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

cols = {f"F{i:03d}": [f"record {r} field {i:03d} " + "x" * (20 + (i * 7 + r) % 21) for r in range(1, 4)] for i in range(1, 169)}
gpd.GeoDataFrame(cols, geometry=[Point(22.5, -5.5), Point(23.5, -6.5), Point(21.0, -4.0)], crs="EPSG:4326") \
    .to_file("wide.shp", engine="pyogrio")

gpd.GeoDataFrame({"id": ["A", "B"]}, geometry=[box(22, -6, 23, -5), box(23, -6, 24, -5)], crs="EPSG:4326") \
    .to_file("geometry_only.shp", engine="pyogrio")
os.remove("geometry_only.dbf")
if os.path.exists("geometry_only.cpg"):
    os.remove("geometry_only.cpg")

table = pd.read_csv("idps_de.csv", dtype={"iso": str, "land": str}, keep_default_na=False)
table["idps"] = table["idps"].astype(int)
gpd.GeoDataFrame(table, geometry=[None] * len(table)).drop(columns="geometry") \
    .pipe(lambda df: gpd.GeoDataFrame(df)).to_file("idps_de.dbf", engine="pyogrio", driver="ESRI Shapefile")
