#!/usr/bin/env python3
"""Writes the fact_rows.csv test project (run from this folder). The units (units.*) are copies
of Tests/Fixtures/bad/project's: four 1°×1° squares, CD9102001 (22–23°E, 6–5°S), CD9102002
(23–24°E, 6–5°S), CD9201001 (22–23°E, 7–6°S), CD9201002 (23–24°E, 7–6°S).

conflict.csv, by line (the header is line 1):
  2–54  EV001–EV053 in CD9102001, 2020-01-01 + k days, fatalities = line − 2 (0 … 52)
  55    EV054 in CD9102002, fatalities 4
  56    EV055 in CD9102002, fatalities 1
  57    EV056 in CD9201001, fatalities 0
  58    EV057 in CD9201002, 2017-05-05: before the two-year window
dtm.csv (header line 1, HXL tags line 2): CD9102001 rounds 1 (line 3, 100 IDPs) and 2 (line 4,
  250); CD9102002 round 2 (line 5, 40) and round 3 after as_of (line 6, 999); CD9201001 round 1
  (line 7, 70); nothing for CD9201002.
health.csv: H1 at the centre of CD9102001 (line 2), H2 near CD9201002's south-east corner (line 3).
"""
import datetime

with open("conflict.csv", "w", newline="") as f:
    f.write("event_id_cnty,event_date,event_type,fatalities,latitude,longitude\n")
    d0 = datetime.date(2020, 1, 1)
    for k in range(53):
        f.write(f"EV{k + 1:03d},{d0 + datetime.timedelta(days=k)},Battles,{k},-5.5,{22.1 + k * 0.015:.3f}\n")
    f.write("EV054,2020-07-01,Riots,4,-5.5,23.5\n")
    f.write("EV055,2020-07-02,Battles,1,-5.6,23.6\n")
    f.write("EV056,2020-08-01,Battles,0,-6.5,22.5\n")
    f.write("EV057,2017-05-05,Battles,9,-6.5,23.5\n")

with open("dtm.csv", "w", newline="") as f:
    f.write("Groupement,Code groupement,Date,Round,Deplaces\n")
    f.write("#adm3+name,#adm3+pcode,#date+reported,#meta+round,#affected+idps+ind\n")
    f.write("Bena Mbaya,CD9102001,2020-03-31,1,100\n")
    f.write("Bena Mbaya,CD9102001,2020-09-30,2,250\n")
    f.write("Tshiluba,CD9102002,2020-09-30,2,40\n")
    f.write("Tshiluba,CD9102002,2021-03-31,3,999\n")
    f.write("Kamako,CD9201001,2020-03-31,1,70\n")

with open("health.csv", "w", newline="") as f:
    f.write("site_id,name,latitude,longitude\n")
    f.write("H1,Centre de santé Un,-5.5,22.5\n")
    f.write("H2,Centre de santé Deux,-6.9,23.9\n")
