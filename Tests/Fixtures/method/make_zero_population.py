#!/usr/bin/env python3
"""Writes zero_population/units.* : the bad-input tests' tiny project units (4 squares) with the
population of CD9102002 (Tshiluba) set to 0 in the DBF, every other byte unchanged.
Run from the repository root: python3 Tests/Fixtures/method/make_zero_population.py"""
import pathlib, shutil

src = pathlib.Path("Tests/Fixtures/bad/project")
dst = pathlib.Path("Tests/Fixtures/method/zero_population")
dst.mkdir(exist_ok=True)
for ext in ["shp", "shx", "prj", "cpg"]:
    shutil.copyfile(src / f"units.{ext}", dst / f"units.{ext}")
dbf = bytearray((src / "units.dbf").read_bytes())
header_length = int.from_bytes(dbf[8:10], "little")
record_length = int.from_bytes(dbf[10:12], "little")
# Fields: deletion flag (1), GRP_PCODE C12, GRP_FR C40, POP_2020 N10, ADM2_PCODE C8.
start = header_length + 1 * record_length + 1 + 12 + 40
assert dbf[start:start + 10] == b"      8000", dbf[start:start + 10]
dbf[start:start + 10] = b"         0"
(dst / "units.dbf").write_bytes(bytes(dbf))
