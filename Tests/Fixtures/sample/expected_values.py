#!/usr/bin/env python3
"""Expected values of the command-line tests that run on the bundled sample, computed from
Shapefiles/kasai with pandas and shapely alone (no code of targeting). Units are taken in the
order of groupements.shp, as `targeting` evaluates them; a point on a shared border goes to the
unit whose p-code sorts first.

    python3 Tests/Fixtures/sample/expected_values.py
"""
import pathlib

import numpy as np
import pandas as pd
import pyogrio
import shapely

root = pathlib.Path(__file__).resolve().parents[3]
folder = root / "Shapefiles/kasai"
units = pyogrio.read_dataframe(folder / "groupements.shp")
ids = list(units.GRP_PCODE)
acled = pd.read_csv(folder / "acled_kasai.csv")
acled["date"] = pd.to_datetime(acled.event_date, format="%d %B %Y")
hxl = pd.read_csv(folder / "dtm_kasai.csv", nrows=1, header=None, skiprows=1).iloc[0].tolist()
dtm = pd.read_csv(folder / "dtm_kasai.csv", skiprows=2, header=None, names=hxl, dtype=str, keep_default_na=False)

# Events per unit: covers, ties to the smallest p-code.
geoms = units.geometry.values
tree = shapely.STRtree(geoms)
owner = []
for x, y in zip(acled.longitude, acled.latitude):
    p = shapely.Point(x, y)
    hits = sorted((ids[i] for i in tree.query(p) if shapely.covers(geoms[i], p)))
    owner.append(hits[0] if hits else None)
acled["unit"] = owner

print(f"conflict dates: {acled.date.min():%Y-%m-%d} to {acled.date.max():%Y-%m-%d}")

# Latest DTM round up to 2020-12-31 per unit (rows joined by p-code; rows without one are the
# name-joined variants, which carry their unit's p-code in no column: join them by name within the
# territoire, as the tool does, by matching the sole unit of that territoire with that folded name).
import re, unicodedata
def key(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())
by_name = {}
for u, t, n in zip(units.GRP_PCODE, units.ADM2_PCODE, units.GRP_FR):
    by_name.setdefault((t, key(n)), []).append(u)
def unit_of(r):
    if r["#adm3+pcode"] in set(ids):
        return r["#adm3+pcode"]
    m = by_name.get((r["#adm2+pcode"], key(r["#adm3+name"])), [])
    return m[0] if len(m) == 1 else None
dtm["unit"] = dtm.apply(unit_of, axis=1)
dtm["idps"] = dtm["#affected+idps+ind"].astype(float)
joined = dtm[dtm.unit.notna() & (dtm["#date+reported"] <= "2020-12-31")]
latest_date = joined.groupby("unit")["#date+reported"].transform("max")
idps = joined[joined["#date+reported"] == latest_date].groupby("unit").idps.sum()
idps = pd.Series([idps.get(u, np.nan) for u in ids], index=ids)

print(f"gate_number: first unit {ids[0]}, its idps {idps.iloc[0]}")

pop = pd.Series(units.POP_2017.values, index=ids)
order = sorted(ids, key=lambda u: (-np.log1p(idps[u]), u))  # one indicator: rank by idps, ties by id
no_cost = [u for u in order if not pop[u] > 100000]
first = no_cost[0]
print(f"nil_cost: first unit in rank order without a cost {first} ({units.GRP_FR[ids.index(first)]}); "
      f"{len(no_cost)} of {len(ids)} have none")

events = acled.groupby("unit").size()
n_events = pd.Series([events.get(u, 0) for u in ids], index=ids)
nan_units = [u for u in ids if n_events[u] == 0 and idps[u] == 0]
inf_units = [u for u in ids if n_events[u] == 0 and idps[u] > 0]
print(f"runtime_errors: NaN for {len(nan_units)} units (first {nan_units[0]}), infinite for {len(inf_units)} "
      f"(first {inf_units[0]}); errors in all: {len(ids) + len(nan_units) + len(inf_units)}")

window = acled[(acled.date >= "2016-08-01") & (acled.date <= "2020-12-31") & acled.unit.notna()]
with_events = set(window.unit)
missing = [u for u in ids if u not in with_events]
print(f"missing_criterion: severity missing for {len(missing)} of {len(ids)} units "
      f"({round(100 * len(missing) / len(ids))}%), {len(ids) - len(missing)} ranked")
