#!/usr/bin/env python3
"""Recomputes an uncertainty run of `targeting rank` independently (no code shared with the tool)
from its indicators.csv, and compares rank percentiles and p_selected with priority_list.csv.

For rules whose criteria are weighted means of their indicators (like Scripts/criteria.lua), every
weight declared 1 and varied by one relative spread `all = P`:

    uncertainty { runs = RUNS, seed = SEED, weights = { all = P } }

    python3 Scripts/bench/uncertainty_check.py OUT RUNS SEED P "conflict events_past …" [TOP PER_PARENT]

The names are the varying weights in declaration order, depth first (as in the report's table).
With TOP and PER_PARENT, p_selected is checked against a greedy top-N with at most K per parent.

Alternative windows (`windows = { events_recent = { 90, 180, 365 } }`, one fact): rank the same
rules once per length with that window written in (and its adjoining fact ending the day before),
`--uncertainty 0`, and pass those output folders, in the order of the lengths:

    python3 Scripts/bench/uncertainty_check.py OUT RUNS SEED P "…" [TOP PER_PARENT] --windows=OUT90,OUT180,OUT365

Each run then draws one more uniform u after the weights and takes the indicators of folder ⌊u·k⌋.
"""
import csv, math, sys

M, G = (1 << 64) - 1, 0x9E3779B97F4A7C15


def stream(seed, run):
    """SplitMix64 seeded with seed + (run+1)·G; uniforms (bits >> 11 + 0.5) / 2^53."""
    state = (seed + (run + 1) * G) & M
    while True:
        state = (state + G) & M
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        z ^= z >> 31
        yield ((z >> 11) + 0.5) / 9007199254740992.0


def weighted_mean(pairs):
    present = [(v, w) for v, w in pairs if v is not None]
    total = 0.0
    for _, w in present:
        total += w
    s = 0.0
    for v, w in present:
        s += (w / total) * v
    return s


def nearest_rank(values, p):
    values = sorted(values)
    return values[max(math.ceil(p * len(values) / 100), 1) - 1]


def read_indicators(folder, criterion_of, criteria):
    values = {}
    for r in csv.DictReader(open(folder + "/indicators.csv", encoding="utf-8")):
        if r["normalised"] == "":
            continue
        values.setdefault(r["unit_id"], {})[r["indicator"]] = float(r["normalised"])
        criterion_of[r["indicator"]] = r["criterion"]
        if r["criterion"] not in criteria:
            criteria.append(r["criterion"])
    return values


def main():
    windows = [a[len("--windows="):].split(",") for a in sys.argv if a.startswith("--windows=")]
    argv = [a for a in sys.argv if not a.startswith("--windows=")]
    folder, runs, seed, spread = argv[1], int(argv[2]), int(argv[3]), float(argv[4])
    order = argv[5].split()
    top, per_parent = (int(argv[6]), int(argv[7])) if len(argv) > 7 else (None, None)
    criterion_of, criteria = {}, []
    values = read_indicators(folder, criterion_of, criteria)
    alternatives = [read_indicators(f, criterion_of, criteria) for f in windows[0]] if windows else []
    indicators = {c: [i for i in order if criterion_of.get(i) == c] for c in criteria}
    rows = list(csv.DictReader(open(folder + "/priority_list.csv", encoding="utf-8")))
    parent = {r["unit_id"]: r["parent_id"] for r in rows}
    ids = [r["unit_id"] for r in rows if r["rank"]]
    ranks, hits = {u: [] for u in ids}, {u: 0 for u in ids}
    for run in range(runs):
        draw = stream(seed, run)
        w = {name: 1.0 * (1 - spread + 2 * spread * next(draw)) for name in order}
        run_values = values
        if alternatives:
            run_values = alternatives[min(int(next(draw) * len(alternatives)), len(alternatives) - 1)]
        score = {u: weighted_mean([(weighted_mean([(run_values[u].get(i), w[i]) for i in indicators[c]]), w[c])
                                   for c in criteria]) for u in ids}
        taken, per = 0, {}
        for k, u in enumerate(sorted(ids, key=lambda u: (-score[u], u))):
            ranks[u].append(k + 1)
            if top is not None and taken < top and per.get(parent[u], 0) < per_parent:
                per[parent[u]] = per.get(parent[u], 0) + 1
                taken += 1
                hits[u] += 1
    bad = 0
    for r in rows:
        if not r["rank"]:
            continue
        u = r["unit_id"]
        mine = tuple(nearest_rank(ranks[u], p) for p in (5, 50, 95))
        theirs = (int(r["rank_p05"]), int(r["rank_median"]), int(r["rank_p95"]))
        selected_ok = top is None or abs(float(r["p_selected"]) - hits[u] / runs) < 1e-12
        if mine != theirs or not selected_ok:
            bad += 1
            if bad <= 5:
                print(u, "python", mine, hits[u] / runs, "targeting", theirs, r["p_selected"])
    print(f"{len(ids)} units, {runs} runs: {bad} disagreements")
    sys.exit(1 if bad else 0)


main()
