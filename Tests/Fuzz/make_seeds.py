#!/usr/bin/env python3
"""Writes the seed inputs of one fuzz target (Scripts/fuzz.sh) in that harness's input layout.

usage: make_seeds.py TARGET PACKAGE_ROOT OUT_DIR

Seeds are the peer corpus (../shared/corpus beside the repository, when present), the project's fixtures
(Tests/Fixtures), the bundled sample (Shapefiles/) and rule scripts (Scripts/*.lua), trimmed to
small sizes so that the fuzzer spends its time mutating rather than reading.
"""
import glob, hashlib, os, struct, sys

target, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
# The peer corpus lives beside the repository: PACKAGE_ROOT/../shared/corpus.
CORPUS = os.path.join(os.path.dirname(os.path.abspath(root)), "shared", "corpus")
LIMIT = 60_000


def emit(data: bytes):
    if len(data) > LIMIT:
        return
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def files(patterns):
    seen = []
    for p in patterns:
        seen += glob.glob(p, recursive=True)
    return sorted(set(f for f in seen if "/.build" not in f and os.path.isfile(f)))


def read(path):
    with open(path, "rb") as f:
        return f.read()


if target == "shapefile":
    for shp in files([CORPUS + "/**/*.shp", root + "/Tests/Fixtures/**/*.shp", root + "/Shapefiles/**/*.shp"]):
        base = shp[:-4]
        shx = base + ".shx" if os.path.exists(base + ".shx") else None
        dbf = read(base + ".dbf") if os.path.exists(base + ".dbf") else b""
        shp_b = read(shp)
        shx_b = read(shx) if shx else b""
        if len(shp_b) + len(shx_b) + len(dbf) > LIMIT:
            continue
        for prj in (0, 4):  # with and without a WGS 84 .prj
            flags = (1 if shx else 0) | prj
            emit(bytes([flags]) + struct.pack("<II", len(shp_b), len(shx_b)) + shp_b + shx_b + dbf)
elif target == "csv":
    for csv in files([root + "/Tests/Fixtures/**/*.csv", root + "/Shapefiles/**/*.csv"]):
        data = read(csv)[:8000]  # a header and some rows are enough
        delim = {b",": 0, b";": 1, b"\t": 2, b"|": 3}
        first = data.split(b"\n", 1)[0]
        mode = max(delim, key=lambda d: first.count(d))
        emit(bytes([delim[mode]]) + data)
        emit(bytes([delim[mode] | 8]) + data)   # forced CP1252
elif target == "manifest":
    for toml in files([root + "/Tests/Fixtures/**/*.toml", root + "/Shapefiles/**/*.toml"]):
        emit(read(toml))
elif target == "rules":
    for lua in files([root + "/Scripts/*.lua", root + "/Tests/Fixtures/**/*.lua", root + "/Tests/RulesTests/**/*.lua"]):
        emit(read(lua))
    # A few short scripts in the documented API, so that the fuzzer starts from valid programs.
    emit(b'facts { e = count { layer = "conflict" } }\ncriterion "c" { indicator "e" { transform = log1p } }\nscore { "c" }\n')
    emit(b'facts { p = attribute "POP_2020" }\ncriterion "c" { indicator "s" { value = function(u) return per_head(u.p, u.population) end, cap = 1 } }\n'
         b'gate "g" { eligible_if = function(u) return u.population ~= nil end, reason = "no pop" }\nclasses { "high", "low", method = "quantile" }\n')
    emit(b'facts { a = nearest { layer = "health" }, b = within { layer = "x", km = 5, where = { kind = {"a","b"} } } }\n'
         b'criterion "c" { indicator "a" { direction = "lower_is_worse", scale = goalposts(0, 50) }, indicator "b" { scale = "zscore" } }\n'
         b'selection { top = 2, per_parent = 1 }\nflag "f" { when = function(u) return (u.a or 0) > 3 end, reason = "far" }\n')
elif target == "vector":
    # Byte 0 picks the format (FuzzVector.swift): 0 GeoPackage, 1 GeoJSON, 2 zip, 3 XLSX.
    kinds = {".gpkg": 0, ".geojson": 1, ".json": 1, ".zip": 2, ".xlsx": 3}
    for path in files([CORPUS + "/**/*", root + "/Tests/Fixtures/**/*"]):
        ext = os.path.splitext(path)[1].lower()
        if ext not in kinds:
            continue
        data = read(path)
        if len(data) <= 262_144:   # GeoPackages are SQLite pages: the limit of this target is larger
            name = hashlib.sha1(data).hexdigest()
            with open(os.path.join(out, name), "wb") as f:
                f.write(bytes([kinds[ext]]) + data)
else:
    sys.exit("unknown target " + target)
print(f"make_seeds.py: {len(os.listdir(out))} seeds for {target} in {out}", file=sys.stderr)
