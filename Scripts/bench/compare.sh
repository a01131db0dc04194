#!/usr/bin/env bash
# The whole run against GeoPandas and DuckDB, in rounds (README, "After the heap round"): in each
# round every program runs twice in a row and the second run is timed (the first warms the file
# cache and, on a virtual machine, the memory), then the ratios of wall times within the round;
# last, the medians of the rounds' times and ratios.
# With PAUSE, each program waits that many seconds between its two runs: the file cache stays
# warm, but a virtual machine that hands its free memory back to the host (free page reporting)
# has done so by then, as between a user's runs (README, "After the cold-memory round").
#
# Usage: Scripts/bench/compare.sh DIR [ROUNDS] [TARGETING] [PAUSE]
#   DIR: written by `python3 Scripts/bench/bench_geopandas.py large --out DIR`, with
#        Scripts/bench/pipeline.toml copied into it; ROUNDS: 3; TARGETING: `targeting` on the PATH;
#        PAUSE: 0 seconds.
# Needs: /usr/bin/time, bc, and the Python packages of pipeline_geopandas.py and pipeline_duckdb.py.
set -euo pipefail
dir=${1:?usage: compare.sh DIR [ROUNDS] [TARGETING] [PAUSE]}
rounds=${2:-3}
targeting=${3:-targeting}
pause=${4:-0}
here=$(cd "$(dirname "$0")" && pwd)
"$targeting" --help > /dev/null # fails here, not in a timing, when targeting is missing
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Runs the command twice and prints "wall user system peak-KB" of the second run. For rank, the
# command's last argument is its --out folder, emptied before each run (rank never writes into a
# folder holding another run; removing the last run's outputs is not part of the timing).
timed() {
  rm -rf "$out/run"; "$@" > /dev/null 2>&1
  rm -rf "$out/run"; sleep "$pause"; /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" > /dev/null 2>&1
  cat "$out/time"
}
# The median of the numbers given (the mean of the middle two for an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
ts=() ds=() gs=() dr=() gr=()
for r in $(seq 1 "$rounds"); do
  t=$(timed "$targeting" rank --project "$dir/pipeline.toml" --rules "$here/pipeline.lua" --no-maps --out "$out/run")
  d=$(timed python3 "$here/pipeline_duckdb.py" "$dir")
  g=$(timed python3 "$here/pipeline_geopandas.py" "$dir")
  ts+=("${t%% *}") ds+=("${d%% *}") gs+=("${g%% *}")
  dr+=("$(echo "scale=2; ${d%% *} / ${t%% *}" | bc)") gr+=("$(echo "scale=2; ${g%% *} / ${t%% *}" | bc)")
  echo "round $r: targeting $t | duckdb $d | geopandas $g (wall s, user s, system s, peak KB)" \
       "| DuckDB ÷ targeting ${dr[-1]}, GeoPandas ÷ targeting ${gr[-1]}"
done
# The machine's speed swings from round to round (a fifth within an hour here): the ratios of
# one round say as much about that moment as about the programs; their medians say more.
echo "medians of $rounds rounds: targeting $(median "${ts[@]}") s | duckdb $(median "${ds[@]}") s | geopandas $(median "${gs[@]}") s" \
     "| DuckDB ÷ targeting $(median "${dr[@]}"), GeoPandas ÷ targeting $(median "${gr[@]}") (medians of the rounds' ratios)"
