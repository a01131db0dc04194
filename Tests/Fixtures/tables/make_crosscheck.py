"""Writes crosscheck.csv and crosscheck.expected.json: a deterministic file full of quoting
edge cases, and the rows Python's csv module reads from it (with the line each record starts
on, counted independently from the raw text). Run: python3 make_crosscheck.py"""
import csv, io, json, random

random.seed(20201231)
alphabet = ['a', 'Kasaï', ',', '"', '\n', ' ', 'é', '1', ';', '#', "'", '\t', '€']
rows = [["id", "text", "n", "note"]]
for i in range(300):
    rows.append([str(i)] + ["".join(random.choice(alphabet) for _ in range(random.randint(0, 6))) for _ in range(3)])
buf = io.StringIO()
w = csv.writer(buf, lineterminator='\n', quoting=csv.QUOTE_MINIMAL)
for r in rows:
    w.writerow(r)
text = buf.getvalue()
with open('crosscheck.csv', 'w', encoding='utf-8', newline='') as f:
    f.write(text)
# The same content encoded as Windows Excel saves it (CP1252).
with open('crosscheck_cp1252.csv', 'wb') as f:
    f.write(text.encode('cp1252'))

# Independent reading: Python's csv module, with start lines from a line counter on the raw text.
reader = csv.reader(io.StringIO(text, newline=''))
out = []
line = 1
for rec in reader:
    out.append({"line": line, "cells": rec})
    line = reader.line_num + 1
json.dump(out, open('crosscheck.expected.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
print(len(out), "records")
