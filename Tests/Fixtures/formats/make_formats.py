#!/usr/bin/env python3
"""Writes the fixtures of Tests/Fixtures/formats: the first 300 events of the sample's ACLED file
(Shapefiles/kasai/acled_kasai.csv) written again by pandas the ways third-party tools write them.
Every file holds the same events, so a run over any of them must count the same facts as over
`acled_original.csv`, or stop naming the layer. Run with pandas installed:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas
    /tmp/venv/bin/python Tests/Fixtures/formats/make_formats.py
"""
import os
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "..", "Shapefiles", "kasai", "acled_kasai.csv")
ROWS = 300
# The columns the tests use, and a few text ones with commas and quotes (the notes).
COLUMNS = ["event_id_cnty", "event_date", "event_type", "admin2", "location", "latitude", "longitude", "fatalities", "notes"]

df = pd.read_csv(SOURCE, dtype={"latitude": float, "longitude": float, "fatalities": float}, keep_default_na=False)
df = df[COLUMNS].head(ROWS).copy()
dates = pd.to_datetime(df["event_date"], format="%d %B %Y")
df["fatalities"] = df["fatalities"].astype(int)


def write(name, frame, **kw):
    frame.to_csv(os.path.join(HERE, name), index=False, lineterminator="\n", **kw)


def with_dates(fmt):
    out = df.copy()
    out["event_date"] = dates.dt.strftime(fmt)
    return out


# The reference: ACLED's own spelling ("30 December 2020"), decimal points.
write("acled_original.csv", df)
# French/German Excel: ';' between fields, decimal commas.
write("acled_semicolon_decimal_comma.csv", df, sep=";", decimal=",")
# The same with ',' between fields: the decimal commas are inside quoted cells.
write("acled_comma_decimal_comma.csv", df, sep=",", decimal=",")
# Excel FR the whole way: ';', decimal commas, day-first numeric dates.
write("acled_excel_fr.csv", with_dates("%d/%m/%Y"), sep=";", decimal=",")
# US spreadsheets: month-first numeric dates (some events fall after the 12th, proving the order).
write("acled_month_first.csv", with_dates("%m/%d/%Y"))
# ACLED's older and other spellings of a named month, and ISO with a time part.
write("acled_day_month_dash.csv", with_dates("%d-%B-%Y"))
write("acled_iso_time.csv", with_dates("%Y-%m-%dT%H:%M:%S"))
# Month-first dates only on days 1..12: their order cannot be decided from the values.
early = dates.dt.day <= 12
write("acled_month_first_undecidable.csv", with_dates("%m/%d/%Y")[early.values])
# One decimal comma among decimal points (row 6, line 7): the file cannot say which it means.
mixed = df.copy().astype({"fatalities": object})
mixed.iloc[5, mixed.columns.get_loc("fatalities")] = "2,5"
write("acled_mixed_decimal.csv", mixed)
# Missing-value tokens in the fatalities column: every 10th row 'n/a', every 25th '-', every 40th 'NA'.
missing = df.copy().astype({"fatalities": object})
for step, token in [(10, "n/a"), (25, "-"), (40, "NA")]:
    missing.iloc[::step, missing.columns.get_loc("fatalities")] = token
write("acled_missing_tokens.csv", missing)
