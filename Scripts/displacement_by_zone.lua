-- Scripts/displacement_by_zone.lua — the zone crosswalk end to end: the displacement criterion of
-- the default method (criteria.lua), with the DTM reported by health zone (zone de santé) instead
-- of by groupement, ranked on its own.
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
--
-- The whole default method with DTM by zone: copy criteria.lua, write layer = "dtm_zones" in its
-- idps and returnees facts, and see who moves with `targeting diff Scripts/criteria.lua my_rules.lua`.

local as_of = project.as_of                  -- the date of the analysis (2020-12-31 for the sample)

facts {
  -- each health zone's latest DTM round up to as_of, apportioned to the groupements
  idps      = latest { layer = "dtm_zones", field = "#affected+idps+ind", to = as_of },
  returnees = latest { layer = "dtm_zones", field = "#affected+returnees+ind", to = as_of },
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

classes { "very high", "high", "medium", "low", method = "quantile" }
