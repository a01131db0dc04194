#!/usr/bin/env python3
"""Writes the code-page CSV fixtures of CodePageCSVTests with Python's codecs (apart from the
Swift reader and from iconv), and expected.json: each file's cells as Python decodes them."""
import json

rows = {
    "idps_cp1251.csv": ("cp1251", "code,name,idps\nA,Киев,10\nB,Касаи,20\nC,Лёгкий щит,3\n"),
    "idps_cp936.csv": ("cp936", "code,name,idps\nA,北京,10\nB,开赛省,20\nC,刚果（金）,3\n"),
}
expected = {}
for name, (codec, text) in rows.items():
    data = text.encode(codec)
    with open(name, "wb") as f:
        f.write(data)
    expected[name] = [line.split(",") for line in data.decode(codec).splitlines()]
# Line 3 holds a GBK lead byte (0x81) followed by a comma, which no GBK character is.
with open("bad_cp936.csv", "wb") as f:
    f.write("code,name,idps\nA,北京,10\n".encode("cp936") + b"C,\x81,5\n")
with open("expected.json", "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1)
