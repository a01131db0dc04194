"""Writes the GDAL fixtures: one small project (territoire CD8202 of the bundled sample: its
groupements, health facilities, ACLED events and DTM rows) as shapefile + CSV, and the same data
as GDAL writes it in every format targeting reads through GDAL/OGR, plus small files for repairs,
CRS and code pages. Everything here is written by GDAL itself (pyogrio) or by openpyxl.

Run from the repository root: python3 Tests/Fixtures/gdal/make_gdal.py
Needs geopandas with pyogrio, pandas and openpyxl (pip install openpyxl).
"""
import os, shutil, zipfile
import geopandas as gpd
import pandas as pd
from shapely.geometry import Polygon, Point

SAMPLE = "Shapefiles/kasai"
OUT = "Tests/Fixtures/gdal"
TERRITOIRE = "CD8202"


def clean(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)


def main():
    shp = f"{OUT}/shp"; gd = f"{OUT}/formats"
    clean(shp); clean(gd)
    units = gpd.read_file(f"{SAMPLE}/groupements.shp", engine="pyogrio")
    units = units[units.ADM2_PCODE == TERRITOIRE].sort_values("GRP_PCODE").reset_index(drop=True)
    # Validity dates as ISO text: the shapefile driver cannot write a datetime, so all formats
    # carry the same text.
    for c in ["validOn", "validTo"]:
        units[c] = pd.to_datetime(units[c]).dt.strftime("%Y-%m-%d")
    area = units.union_all()
    health = gpd.read_file(f"{SAMPLE}/health_facilities.shp", engine="pyogrio")
    health = health[health.within(area)].reset_index(drop=True)[["name", "amenity", "beds", "geometry"]]
    acled = pd.read_csv(f"{SAMPLE}/acled_kasai.csv", dtype=str, keep_default_na=False)
    pts = gpd.GeoSeries(gpd.points_from_xy(acled.longitude.astype(float), acled.latitude.astype(float)), crs=4326)
    acled = acled[pts.within(area).values][["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities"]]
    dtm = pd.read_csv(f"{SAMPLE}/dtm_kasai.csv", dtype=str, keep_default_na=False)
    tags = dtm.iloc[[0]]
    rows = dtm.iloc[1:]
    dtm = pd.concat([tags, rows[rows["Code groupement"].isin(units.GRP_PCODE)]])

    # The reference project: shapefiles (read by shapelib) and CSV (read by our reader).
    units.to_file(f"{shp}/groupements.shp", engine="pyogrio")
    health.to_file(f"{shp}/health.shp", engine="pyogrio")
    acled.to_csv(f"{shp}/acled.csv", index=False)
    dtm.to_csv(f"{shp}/dtm.csv", index=False)

    # The same data in every format read through GDAL.
    units.to_file(f"{gd}/kasai.gpkg", layer="groupements", driver="GPKG", engine="pyogrio")
    health.to_file(f"{gd}/kasai.gpkg", layer="health", driver="GPKG", engine="pyogrio", mode="a")
    # The DTM rows as a GeoPackage attribute table (no geometry), numbers typed, no HXL row.
    table = rows[rows["Code groupement"].isin(units.GRP_PCODE)].copy()
    for c in ["Déplacés (individus)", "Retournés (individus)"]:
        table[c] = pd.to_numeric(table[c])
    import pyogrio
    pyogrio.write_dataframe(table, f"{gd}/kasai.gpkg", layer="dtm", driver="GPKG", append=True)
    units.to_file(f"{gd}/groupements.geojson", driver="GeoJSON", engine="pyogrio")
    health.to_file(f"{gd}/health.geojson", driver="GeoJSON", engine="pyogrio")
    # A zip as HDX ships them: the shapefile in a folder, with macOS resource forks beside it.
    with zipfile.ZipFile(f"{gd}/groupements.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for ext in ["shp", "shx", "dbf", "prj", "cpg"]:
            z.write(f"{shp}/groupements.{ext}", f"cod_ab/groupements.{ext}")
        z.writestr("__MACOSX/cod_ab/._groupements.shp", b"\0\5\26\7junk")
    with zipfile.ZipFile(f"{gd}/layers.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for stem in ["groupements", "health"]:
            for ext in ["shp", "shx", "dbf", "prj", "cpg"]:
                z.write(f"{shp}/{stem}.{ext}", f"{stem}.{ext}")
    # The DTM table as a workbook: a notes sheet first, the table (with its HXL row) in "dtm".
    with pd.ExcelWriter(f"{gd}/dtm.xlsx", engine="openpyxl") as w:
        pd.DataFrame([["DTM extract, territoire " + TERRITOIRE], ["synthetic sample data"]]).to_excel(w, sheet_name="notes", header=False, index=False)
        typed = dtm.copy()
        body = typed.iloc[1:].copy()
        # Numbers as numbers, as Excel users have them (the HXL row stays text).
        for c in ["Déplacés (individus)", "Déplacés (ménages)", "Retournés (individus)", "Retournés (ménages)"]:
            body[c] = pd.to_numeric(body[c])
        pd.concat([typed.iloc[[0]], body]).to_excel(w, sheet_name="dtm", index=False)
    # A projected copy (UTM 34S): read back to WGS 84 through PROJ.
    units.to_crs(32734).to_file(f"{gd}/groupements_utm34s.gpkg", layer="groupements", driver="GPKG", engine="pyogrio")

    odd = f"{OUT}/odd"; clean(odd)
    # Record 2 is a bow-tie (self-intersection, repaired); record 3 has no geometry.
    bad = gpd.GeoDataFrame({"code": ["A", "B", "C"], "name": ["Kasaï", "Nœud", "Vide"]},
                           geometry=[Polygon([(20, -5), (21, -5), (21, -6), (20, -6)]),
                                     Polygon([(22, -5), (23, -6), (23, -5), (22, -6)]), None], crs=4326)
    bad.to_file(f"{odd}/repairs.gpkg", layer="units", driver="GPKG", engine="pyogrio")
    # A point among polygons (record 2): rejected with its number.
    mixed = gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=[Polygon([(20, -5), (21, -5), (21, -6), (20, -6)]), Point(22, -5)], crs=4326)
    mixed.to_file(f"{odd}/mixed.geojson", driver="GeoJSON", engine="pyogrio")
    # Code pages: Chinese (936, GBK) and Traditional Chinese (950, Big5) and Cyrillic (1251) text.
    names = {"936": ["北京", "卡赛"], "950": ["臺北", "開賽"], "1251": ["Киев", "Касаи"]}
    for cp, ns in names.items():
        g = gpd.GeoDataFrame({"code": ["A", "B"], "name": ns}, geometry=[Point(20, -5), Point(21, -6)], crs=4326)
        g.to_file(f"{odd}/cp{cp}.shp", engine="pyogrio", encoding=f"cp{cp}")
    # The same 936 file without its .cpg: the code page is then the DBF header's language driver id.
    os.makedirs(f"{odd}/ldid", exist_ok=True)
    for ext in ["shp", "shx", "dbf", "prj"]:
        shutil.copy(f"{odd}/cp936.{ext}", f"{odd}/ldid/cp936.{ext}")
    # GDAL writes no language driver id (byte 29 = 0) for these; ArcGIS writes 0x4D for GBK (936).
    with open(f"{odd}/ldid/cp936.dbf", "r+b") as f:
        f.seek(29); f.write(bytes([0x4D]))


if __name__ == "__main__":
    main()
