-- Benchmark rules: the joins a default run needs (count, sum, nearest, within), on the synthetic
-- benchmark layers written by Scripts/bench/bench_geopandas.py --out DIR.
facts {
  events       = count   { layer = "points" },
  people       = sum     { layer = "points", field = "pop" },
  km_hospital  = nearest { layer = "facilities", where = { kind = "hospital" } },
  near_10km    = within  { layer = "facilities", km = 10 },
}
criterion "load" {
  indicator "events"      { transform = log1p },
  indicator "people"      { transform = log1p },
  indicator "km_hospital" { transform = log1p },
  indicator "near_10km"   { direction = "lower_is_worse" },
}
score { "load" }
