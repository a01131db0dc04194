"""The candidates and alias lines the join report should give for idps_de.csv against the African
countries of naturalearth_lowres, computed apart from the Swift code from the definition in the
README (manifest keys, `aliases`): NameKey (NFKD, marks dropped, lower case, punctuation runs to one
space), German umlauts spelt out, words sorted, spaces dropped, leading words cut to initials."""
import csv, re, unicodedata
import pyogrio

def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]

def key(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^0-9a-zA-Z]+", " ", s).strip().lower()

def umlauts(s):
    s = unicodedata.normalize("NFC", s)
    for a, b in [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")]:
        s = s.replace(a, b)
    return s

def forms(n):
    p, u = key(n), key(umlauts(n))
    srt = lambda s: " ".join(sorted(s.split()))
    w = u.split()
    return [x.replace(" ", "") for x in [p, u, srt(p), srt(u)]], "".join(x[0] for x in w[:-1]) + w[-1]

def distance(a, b):
    (fa, ia), (fb, ib) = forms(a), forms(b)
    best = min(lev(x, y) for x, y in zip(fa, fb))
    return min(best, lev(fa[1], ib), lev(ia, fb[1])) if best else 0

units = pyogrio.read_dataframe("naturalearth_lowres.shp")
units = units[units.continent == "Africa"]
names = {key(n) for n in units.name}
for row in csv.DictReader(open("idps_de.csv", encoding="utf-8")):
    if row["iso"] or key(row["land"]) in names:
        continue
    c = sorted((distance(row["land"], n), i, n) for i, n in zip(units.iso_a3, units.name))[:3]
    print(row["land"], c)
