#!/usr/bin/env python3
"""Writes the bad-input corpus of Tests/CommandLineTests (run from anywhere; output beside this file).

Every file is small and made here byte by byte (shapefiles through pyshp 3.x, then broken with
struct), so what is wrong with each one is known exactly:

  project/                a tiny valid project: 4 square groupements (1°×1° around 22-24°E, 5-7°S),
                          a conflict CSV with 6 events, a manifest and a short rules script
  shp/NAME.{shp,shx,dbf}  broken shapefiles (see CASES below)
  csv/NAME.csv            broken or awkward CSV tables
  toml/NAME.toml          broken manifests (the tests copy one over project/targeting.toml)

Run: python3 Tests/Fixtures/bad/make_bad.py   (needs pyshp: pip install pyshp)
"""
import math, os, shutil, struct
import shapefile  # pyshp

HERE = os.path.dirname(os.path.abspath(__file__))
PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def square(x, y, s=1.0):
    # Clockwise outer ring (shapefile convention), closed.
    return [(x, y), (x, y + s), (x + s, y + s), (x + s, y), (x, y)]


UNITS = [  # id, name, population, parent, lower-left corner
    ("CD9102001", "Bena Mbaya", 12000, "CD9102", (22.0, -6.0)),
    ("CD9102002", "Tshiluba", 8000, "CD9102", (23.0, -6.0)),
    ("CD9201001", "Kamako", 15000, "CD9201", (22.0, -7.0)),
    ("CD9201002", "Mbuji", 5000, "CD9201", (23.0, -7.0)),
]


def write_units(base, units=UNITS, rings=None, population=True):
    w = shapefile.Writer(base, shapeType=shapefile.POLYGON, encoding="utf-8")
    w.field("GRP_PCODE", "C", 12)
    w.field("GRP_FR", "C", 40)
    w.field("POP_2020", "N", 10, 0)
    w.field("ADM2_PCODE", "C", 8)
    for i, (uid, name, pop, parent, (x, y)) in enumerate(units):
        w.poly([rings[i] if rings else square(x, y)])
        w.record(uid, name, pop if population else None, parent)
    w.close()
    with open(base + ".prj", "w") as f:
        f.write(PRJ)
    with open(base + ".cpg", "w") as f:
        f.write("UTF-8")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def patch(path, offset, fmt, value):
    data = bytearray(read(path))
    struct.pack_into(fmt, data, offset, value)
    write(path, bytes(data))


def fresh(folder):
    p = os.path.join(HERE, folder)
    shutil.rmtree(p, ignore_errors=True)
    os.makedirs(p)
    return p


# --- the valid tiny project --------------------------------------------------------------
proj = fresh("project")
write_units(os.path.join(proj, "units"))
CONFLICT_HEADER = "event_id_cnty,event_date,event_type,fatalities,latitude,longitude\n"
CONFLICT_ROWS = [  # two in CD9102001, one in each other unit, one outside every unit
    "COD1,2020-03-01,Battles,2,-5.5,22.5",
    "COD2,2020-06-15,Riots,0,-5.4,22.6",
    "COD3,2019-11-20,Battles,5,-5.5,23.5",
    "COD4,2020-12-31,Violence against civilians,1,-6.5,22.5",
    "COD5,2018-01-10,Protests,0,-6.5,23.5",
    "COD6,2020-05-05,Battles,3,-3.0,25.0",
]
write(os.path.join(proj, "conflict.csv"), CONFLICT_HEADER + "\n".join(CONFLICT_ROWS) + "\n")
write(os.path.join(proj, "rules.lua"), """-- A short rules script for the command-line tests (API: Scripts/README.md).
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = as_of - 729, to = as_of },
  deaths = sum { layer = "conflict", field = "fatalities", from = as_of - 729, to = as_of },
}
criterion "conflict" {
  indicator "events" { transform = log1p },
  indicator "deaths" { transform = log1p },
  indicator "per_head" { value = function(u) return per_head(u.events, u.population) end },
}
score { "conflict" }
""")
MANIFEST = """name = "bad-input tests"
as_of = "2020-12-31"
rules = "rules.lua"

[units]
path = "units.shp"
id = "GRP_PCODE"
name = "GRP_FR"
population = "POP_2020"
parent = "ADM2_PCODE"

[layers.conflict]
kind = "points"
path = "conflict.csv"
date = "event_date"
numbers = ["fatalities"]
"""
write(os.path.join(proj, "targeting.toml"), MANIFEST)

# --- broken shapefiles ---------------------------------------------------------------------
shp = fresh("shp")


def variant(name, **kw):
    base = os.path.join(shp, name)
    write_units(base, **kw)
    return base


b = variant("truncated_shp")          # .shp cut in the middle of the third record
write(b + ".shp", read(b + ".shp")[:100 + 2 * (8 + 44 + 4 + 80) + 30])
b = variant("truncated_shx")          # .shx cut in the middle of its second entry
write(b + ".shx", read(b + ".shx")[:100 + 8 + 4])
b = variant("truncated_dbf")          # .dbf cut in the middle of the second record
d = read(b + ".dbf"); hdr = struct.unpack_from("<H", d, 8)[0]; rec = struct.unpack_from("<H", d, 10)[0]
write(b + ".dbf", d[:hdr + rec + rec // 2])
b = variant("dbf_millions")           # header claims 4,200,000 records in a tiny file
patch(b + ".dbf", 4, "<I", 4_200_000)
b = variant("count_mismatch")         # 4 shapes, 3 attribute records
w = shapefile.Writer(b + "_tmp", shapeType=shapefile.POLYGON)
w.field("GRP_PCODE", "C", 12); w.field("GRP_FR", "C", 40); w.field("POP_2020", "N", 10, 0); w.field("ADM2_PCODE", "C", 8)
for uid, name, pop, parent, (x, y) in UNITS[:3]:
    w.poly([square(x, y)]); w.record(uid, name, pop, parent)
w.close()
shutil.move(b + "_tmp.dbf", b + ".dbf")
for ext in (".shp", ".shx"):
    os.remove(b + "_tmp" + ext)
b = variant("shp_length_lies")        # .shp header says the file is 10x longer than it is
patch(b + ".shp", 24, ">i", struct.unpack_from(">i", read(b + ".shp"), 24)[0] * 10)
b = variant("shx_header_lies")        # .shx entries right, but its header claims 2^30 bytes
patch(b + ".shx", 24, ">i", 536870912)
b = variant("point_count_lies")       # record 4 (at byte 508) claims 524,291 points in 128 bytes
patch(b + ".shp", 508 + 8 + 40, "<i", 524291)
b = variant("record_length_lies")     # first record's content length claims 100,000 words
patch(b + ".shp", 100 + 4, ">i", 100_000)
b = variant("dbf_header_lies")        # .dbf header length points past the end of the file
patch(b + ".dbf", 8, "<H", 60_000)
b = variant("nan_coords", rings=[
    [(22.0, -6.0), (22.0, float("nan")), (23.0, -5.0), (23.0, -6.0), (22.0, -6.0)]] + [square(x, y) for *_, (x, y) in UNITS[1:]])
b = variant("inf_coords", rings=[
    [(22.0, -6.0), (22.0, -5.0), (float("inf"), -5.0), (23.0, -6.0), (22.0, -6.0)]] + [square(x, y) for *_, (x, y) in UNITS[1:]])
b = variant("unclosed_ring", rings=[   # pyshp closes rings itself, so the last point is cut below
    square(22.0, -6.0)] + [square(x, y) for *_, (x, y) in UNITS[1:]])
# Shorten the first record by one point: rewrite its point count and drop the closing point.
d = bytearray(read(b + ".shp"))
# record 1 content starts at 108: type(4) bbox(32) numParts(4) numPoints(4) parts(4) points(16*5)
struct.pack_into("<i", d, 108 + 40, 4)
closing = 108 + 44 + 4 + 4 * 16
d = d[:closing] + d[closing + 16:]
struct.pack_into(">i", d, 104, struct.unpack_from(">i", d, 104)[0] - 8)  # record content length (words)
struct.pack_into(">i", d, 24, len(d) // 2)                             # file length (words)
write(b + ".shp", bytes(d))
# Offsets in the .shx for records 2..4 move back by 8 words; record 1's length by 8 too.
x = bytearray(read(b + ".shx"))
struct.pack_into(">i", x, 100 + 4, struct.unpack_from(">i", x, 104)[0] - 8)
for i in range(1, 4):
    struct.pack_into(">i", x, 100 + 8 * i, struct.unpack_from(">i", x, 100 + 8 * i)[0] - 8)
write(b + ".shx", bytes(x))
b = variant("self_intersecting", rings=[   # a bow tie: the ring crosses itself at (22.5, -5.5)
    [(22.0, -6.0), (23.0, -5.0), (23.0, -6.0), (22.0, -5.0), (22.0, -6.0)]] + [square(x, y) for *_, (x, y) in UNITS[1:]])
for ext in (".shp", ".shx", ".dbf"):   # three empty files
    write(os.path.join(shp, "empty" + ext), b"")
b = variant("no_shx")                  # a valid shapefile whose .shx is missing
os.remove(b + ".shx")
b = variant("duplicate_ids", units=[UNITS[0], UNITS[1], (UNITS[0][0],) + UNITS[2][1:], UNITS[3]])
b = variant("no_population", population=False)

# --- awkward CSV tables --------------------------------------------------------------------
csv = fresh("csv")
rows = CONFLICT_ROWS
write(os.path.join(csv, "wrong_delimiter.csv"), (CONFLICT_HEADER + "\n".join(rows) + "\n").replace(",", ";"))
write(os.path.join(csv, "ragged.csv"), CONFLICT_HEADER + "\n".join(
    rows[:2] + ["COD3,2019-11-20,Battles,5,-5.5", "COD4,2020-12-31,Violence against civilians,1,-6.5,22.5,extra"] + rows[4:]) + "\n")
write(os.path.join(csv, "unterminated_quote.csv"), CONFLICT_HEADER + "\n".join(
    rows[:3] + ['COD4,2020-12-31,"Violence against civilians,1,-6.5,22.5'] + rows[4:]) + "\n")
write(os.path.join(csv, "bom.csv"), b"\xef\xbb\xbf" + (CONFLICT_HEADER + "\n".join(rows) + "\n").encode())
# Day-first 15/06/2020 and ACLED's "20 November 2019" are documented spellings (ISODate(parsing:));
# month-first 12-31-2020 and 2018/01/10 are not: those two rows (lines 5 and 6) must be rejected.
write(os.path.join(csv, "mixed_dates.csv"), CONFLICT_HEADER + "\n".join([
    rows[0], "COD2,15/06/2020,Riots,0,-5.4,22.6", "COD3,20 November 2019,Battles,5,-5.5,23.5",
    "COD4,12-31-2020,Violence against civilians,1,-6.5,22.5", "COD5,2018/01/10,Protests,0,-6.5,23.5", rows[5]]) + "\n")
# Latitude and longitude swapped in every row: (lon, lat) = (-5.5, 22.5) etc. lie in the Sahara-to-
# Atlantic band, outside every unit.
swapped = []
for r in rows:
    f = r.split(",")
    f[4], f[5] = f[5], f[4]
    swapped.append(",".join(f))
write(os.path.join(csv, "swapped_latlon.csv"), CONFLICT_HEADER + "\n".join(swapped) + "\n")
write(os.path.join(csv, "empty.csv"), b"")

# --- broken manifests ----------------------------------------------------------------------
toml = fresh("toml")
write(os.path.join(toml, "unknown_key.toml"), MANIFEST.replace('population = "POP_2020"', 'populaton = "POP_2020"'))
write(os.path.join(toml, "wrong_type.toml"), MANIFEST.replace('numbers = ["fatalities"]', 'numbers = 5'))
write(os.path.join(toml, "bad_date.toml"), MANIFEST.replace('as_of = "2020-12-31"', 'as_of = "31/12/2020"'))
write(os.path.join(toml, "unterminated.toml"), MANIFEST.replace('name = "bad-input tests"', 'name = "bad-input tests'))
print("wrote", sum(len(fs) for _, _, fs in os.walk(HERE)), "files under", HERE)
