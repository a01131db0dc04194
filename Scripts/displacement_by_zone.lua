-- Scripts/displacement_by_zone.lua — the default method (criteria.lua), with displacement taken
-- from the DTM reported by health zone (zone de santé) instead of by groupement.
--
-- DTM in Kasaï often reports by health zone, and health zones cut across groupements. The
-- manifest says so ([layers.dtm_zones] zones = "health_zones"); the engine then shares each
-- zone's figures among the groupements it overlaps, in proportion to the zone's area inside each
-- one ([layers.health_zones] apportion = "area"; "population" weights by the villages' people
-- instead). For a groupement g:  idps(g) = Σ over zones z of share(z, g) × idps(z), where idps(z)
-- is the zone's latest round up to as_of. Shares of a zone add up to 1, so nothing is lost or
-- counted twice; a groupement that no zone covers gets no value (missing), never 0.
-- Only sums and counts can be shared this way: mean/minimum/maximum/nearest/within on a zone
-- layer are errors.

local as_of = project.as_of                  -- the date of the analysis (2020-12-31 for the sample)
local crisis_start = "2016-08-01"            -- Kamwina Nsapu: violence begins in Kasaï-Central

facts {
  -- (i) conflict, from ACLED events inside each unit
  events_past    = count { layer = "conflict", from = crisis_start, to = as_of - 365 },
  events_recent  = count { layer = "conflict", from = as_of - 364, to = as_of },
  fatalities     = sum   { layer = "conflict", field = "fatalities", from = crisis_start, to = as_of },
  -- (ii) displacement: each health zone's latest DTM round, apportioned to the groupements
  idps           = latest { layer = "dtm_zones", field = "#affected+idps+ind", to = as_of },
  returnees      = latest { layer = "dtm_zones", field = "#affected+returnees+ind", to = as_of },
  -- (iii) access: distance to the nearest service, and services per 10,000 people
  km_health      = nearest { layer = "health" },
  km_police      = nearest { layer = "police" },
  km_court       = nearest { layer = "courts" },
  km_state       = nearest { layer = "state_offices" },
  health_per_10k = per_10k { layer = "health" },
  schools_per_10k = per_10k { layer = "schools" },
}

criterion "conflict" {
  title = "Areas that were and continue to be affected by violent conflict",
  indicator "events_past"   { title = "Conflict events, Aug 2016 to a year ago", transform = log1p },
  indicator "events_recent" { title = "Conflict events in the last 365 days",    transform = log1p },
  indicator "fatalities"    { title = "Fatalities since Aug 2016",               transform = log1p },
}

criterion "displacement" {
  title = "Highest concentration of displaced persons, including returnees (DTM by health zone)",
  indicator "displaced" {
    title = "IDPs + returnees, latest round by health zone, shared by area",
    value = function(u) return u.idps + u.returnees end,
    transform = log1p,
  },
  indicator "displaced_share" {
    title = "IDPs + returnees per head of population (capped at 1)",
    value = function(u) return per_head(u.idps + u.returnees, u.population) end,
    cap = 1,
  },
}

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
