#!/usr/bin/env python3
"""The same whole pipeline as `targeting rank --project DIR/pipeline.toml --rules
Scripts/bench/pipeline.lua --no-maps` and Scripts/bench/pipeline_geopandas.py, in DuckDB with its
spatial extension, from the same files: read the units shapefile and the point CSVs, place the
points (ST_Covers join + smallest-id rule for border points), count and sum per unit, km to the
nearest hospital and facilities within 10 km (UTM 34S, planar, as the GeoPandas script), and write
a CSV.

The spatial extension is not downloaded at run time (INSTALL needs the network): it is loaded from
the PyPI wheel of the same version as duckdb, e.g. `pip install duckdb==1.4.4
duckdb-extension-spatial==1.4.4`, which ships spatial.duckdb_extension inside the package.

Usage: python3 Scripts/bench/pipeline_duckdb.py DIR [--threads N]
"""
import os, resource, sys, time
import duckdb
import duckdb_extension_spatial

d = sys.argv[1]
threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else os.cpu_count()
ext = os.path.join(os.path.dirname(duckdb_extension_spatial.__file__), "extensions",
                   f"v{duckdb.__version__}", "spatial.duckdb_extension")
t0 = time.perf_counter()
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute(f"LOAD '{ext}'")
con.execute(f"CREATE TABLE units AS SELECT unit_id, geom FROM ST_Read('{d}/units.shp')")
con.execute(f"CREATE TABLE pts AS SELECT lon, lat, pop, ST_Point(lon, lat) AS geom FROM read_csv('{d}/points.csv')")
con.execute(f"CREATE TABLE fac AS SELECT lon, lat, kind FROM read_csv('{d}/facilities.csv')")
t1 = time.perf_counter()
# A point on a shared border is covered by both units: the smallest id keeps it (arg_min).
con.execute("""CREATE TABLE agg AS
    SELECT unit_id, count(*) AS events, sum(pop) AS people FROM (
        SELECT p.rowid AS pid, min(u.unit_id) AS unit_id, any_value(p.pop) AS pop
        FROM pts p JOIN units u ON ST_Covers(u.geom, p.geom) GROUP BY p.rowid)
    GROUP BY unit_id""")
t2 = time.perf_counter()
# Reference points as the toolkit takes them: the centroid if the unit covers it, else a point on
# its surface; then UTM 34S for planar distances, as the GeoPandas script.
con.execute("""CREATE TABLE refs AS
    SELECT unit_id, ST_Transform(CASE WHEN ST_Covers(geom, ST_Centroid(geom)) THEN ST_Centroid(geom)
                                      ELSE ST_PointOnSurface(geom) END,
                                 'EPSG:4326', 'EPSG:32734', always_xy := true) AS geom FROM units""")
con.execute("""CREATE TABLE fac_utm AS
    SELECT kind, ST_Transform(ST_Point(lon, lat), 'EPSG:4326', 'EPSG:32734', always_xy := true) AS geom FROM fac""")
con.execute("""CREATE TABLE near AS
    SELECT r.unit_id, min(ST_Distance(r.geom, f.geom)) / 1000 AS km_hospital
    FROM refs r, fac_utm f WHERE f.kind = 'hospital' GROUP BY r.unit_id""")
con.execute("""CREATE TABLE within AS
    SELECT r.unit_id, count(*) AS near_10km FROM refs r JOIN fac_utm f ON ST_DWithin(r.geom, f.geom, 10000)
    GROUP BY r.unit_id""")
t3 = time.perf_counter()
con.execute("""COPY (SELECT u.unit_id, a.events, a.people, n.km_hospital, w.near_10km FROM units u
                     LEFT JOIN agg a USING (unit_id) LEFT JOIN near n USING (unit_id) LEFT JOIN within w USING (unit_id)
                     ORDER BY u.unit_id) TO '/tmp/pipeline_duckdb.csv' (HEADER)""")
t4 = time.perf_counter()
placed, people = con.execute("SELECT sum(events), sum(people) FROM agg").fetchone()
km = con.execute("SELECT sum(km_hospital) FROM near").fetchone()[0]
print(f"duckdb {duckdb.__version__} + spatial, {threads} threads: points placed {placed}, population in units {int(people)}, "
      f"sum of km to nearest hospital {km:.3f}")
print(f"read files {t1-t0:.2f} s; place + count/sum {t2-t1:.2f} s; nearest + within {t3-t2:.2f} s; write {t4-t3:.2f} s")
print(f"total {t4-t0:.2f} s; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MB")
