-- Scripts/criteria.lua — the default targeting method (Scripts/METHOD.md), after IOM's Operational Strategy
-- for transition and recovery programming in the Kasai region 2021-2024, section III.a:
--
--   "IOM will prioritize affected communities with large numbers of displaced persons, including
--    returning populations [...] Specifically, IOM has considered the following criteria when
--    targeting programming in communities: (i) areas that were and continue to be affected by
--    violent conflicts; (ii) areas with the highest concentration of displaced persons, including
--    returnees; (iii) areas where per capita access to basic services, access to justice, presence
--    of the State, security forces remain the lowest."
--
-- Every indicator is min–max scaled to 0–10 across the units ranked (all equal: 0); an inverted
-- indicator is 10 minus its scaled value. A criterion is the mean of its indicators that are not
-- missing; the priority score is the mean of the three criteria. Ranks: score descending, ties by
-- unit id. Change any line: the engine recomputes everything from this page.

local as_of = project.as_of                  -- the date of the analysis (2020-12-31 for the sample)
local crisis_start = "2016-08-01"            -- Kamwina Nsapu: violence begins in Kasaï-Central

facts {
  -- (i) conflict, from ACLED events inside each unit (windows are closed: both ends count)
  events_past    = count { layer = "conflict", from = crisis_start, to = as_of - 365 },
  events_recent  = count { layer = "conflict", from = as_of - 364, to = as_of },
  fatalities     = sum   { layer = "conflict", field = "fatalities", from = crisis_start, to = as_of },
  -- (ii) displacement, from the latest DTM round up to the analysis date
  idps           = latest { layer = "dtm", field = "#affected+idps+ind", to = as_of },
  returnees      = latest { layer = "dtm", field = "#affected+returnees+ind", to = as_of },
  -- (iii) access: distance to the nearest service, and services per 10,000 people
  km_health      = nearest { layer = "health" },
  km_police      = nearest { layer = "police" },
  km_court       = nearest { layer = "courts" },
  km_state       = nearest { layer = "state_offices" },
  health_per_10k = per_10k { layer = "health" },
  schools_per_10k = per_10k { layer = "schools" },
}

-- (i) "areas that were and continue to be affected by violent conflicts"
criterion "conflict" {
  title = "Areas that were and continue to be affected by violent conflict",
  indicator "events_past"   { title = "Conflict events, Aug 2016 to a year ago", transform = log1p },
  indicator "events_recent" { title = "Conflict events in the last 365 days",    transform = log1p },
  indicator "fatalities"    { title = "Fatalities since Aug 2016",               transform = log1p },
}

-- (ii) "areas with the highest concentration of displaced persons, including returnees"
criterion "displacement" {
  title = "Highest concentration of displaced persons, including returnees",
  indicator "displaced" {
    title = "IDPs + returnees (latest DTM round)",
    value = function(u) return u.idps + u.returnees end,
    transform = log1p,
  },
  indicator "displaced_share" {
    title = "IDPs + returnees per head of population (capped at 1)",
    -- per_head gives nil when the unit has no population: the unit is reported and kept out of
    -- this indicator, never read as zero.
    value = function(u) return per_head(u.idps + u.returnees, u.population) end,
    cap = 1,
  },
}

-- (iii) "areas where per capita access to basic services, access to justice, presence of the
-- State, security forces remain the lowest"
criterion "access_deficit" {
  title = "Lowest per-capita access to services, justice, State and security forces",
  indicator "km_health"       { title = "km to the nearest health facility", transform = log1p },
  indicator "km_police"       { title = "km to the nearest police post",     transform = log1p },
  indicator "km_court"        { title = "km to the nearest court",           transform = log1p },
  indicator "km_state"        { title = "km to the nearest State office",    transform = log1p },
  indicator "health_per_10k"  { title = "Health facilities per 10,000 people", direction = "lower_is_worse" },
  indicator "schools_per_10k" { title = "Schools per 10,000 people",           direction = "lower_is_worse" },
}

score { "conflict", "displacement", "access_deficit", aggregate = "mean" }

classes { "very high", "high", "medium", "low", method = "quantile" }

-- Selection for planners: `targeting rank --top 40 --per-parent 3` or `--budget 2000000` replace
-- these settings. The cost of working in a unit is illustrative — a fixed USD 20,000 per community
-- plus USD 0.50 per inhabitant; put your programme's own costing here (a field name also works:
-- cost = "COST_USD").
selection {
  cost = function(u) return 20000 + 0.5 * (u.population or 0) end,
}
