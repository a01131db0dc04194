-- Scripts/stability.lua — a location stability index, in the spirit of IOM's Return Index /
-- Stability Index. Strategy III.b:
--
--   "A stability index based on a methodology similar to the DTM mobility tracking one,
--    correlating data available on returnee population to measure the stability of a return area
--    and create a location stability score based on access to livelihoods and basic services,
--    perceptions in terms of social cohesion and security."
--
-- Input: the "perceptions" table (one row per groupement): key-informant scores 0–10 where 10 is
-- the best situation, for livelihoods, services, social_cohesion and security; and the DTM table.
-- Each scale below measures *instability* from 0 (stable) to 100 (most severe), so that, like the
-- targeting score, higher means higher priority. Classes: low < 33.3 ≤ medium < 66.7 ≤ high.
-- A hotspot is a unit high on any scale, or medium on any scale with many returnees.

local as_of = project.as_of
local many_returnees = 1000                   -- returnees (individuals) that make a medium area a hotspot
local medium_from, high_from = 100 / 3, 200 / 3

facts {
  livelihoods     = mean { layer = "perceptions", field = "livelihoods" },
  services        = mean { layer = "perceptions", field = "services" },
  social_cohesion = mean { layer = "perceptions", field = "social_cohesion" },
  security        = mean { layer = "perceptions", field = "security" },
  returnees       = latest { layer = "dtm", field = "#affected+returnees+ind", to = as_of },
}

-- A perception score 0–10 (10 = best) as severity 0–100 (100 = worst).
local function severity(score)
  if score == nil then return nil end
  return clamp((10 - score) * 10, 0, 100)
end

local function livelihoods_and_services(u)
  local a, b = severity(u.livelihoods), severity(u.services)
  if a == nil or b == nil then return a or b end   -- one of the two is enough
  return (a + b) / 2
end

local function class_of(severity_value)
  if severity_value == nil then return nil end
  if severity_value >= high_from then return "high" elseif severity_value >= medium_from then return "medium" end
  return "low"
end

criterion "livelihoods_services" {
  title = "Access to livelihoods and basic services",
  indicator "livelihoods_services_severity" { value = livelihoods_and_services, scale = "none" },
}
criterion "social_cohesion" {
  title = "Perceptions of social cohesion",
  indicator "cohesion_severity" { value = function(u) return severity(u.social_cohesion) end, scale = "none" },
}
criterion "security" {
  title = "Perceptions of security",
  indicator "security_severity" { value = function(u) return severity(u.security) end, scale = "none" },
}

-- The location's overall instability: the mean of the three scales, 0–100.
score { "livelihoods_services", "social_cohesion", "security", aggregate = "mean" }

-- Weights. "expert": the three scales count equally (above). "returns": as IOM's Return Index,
-- weights estimated from where people returned: least squares of the share of returnees per
-- unit on the three (standardised) scales; a scale that goes with fewer returns weighs more
-- (higher_is = "better": more returns, less instability). "principal_component": the first
-- component's squared loadings. The fit is reported in weights_fit.csv, on the console and in
-- the report (Scripts/README.md, "Weights from data"). On the bundled sample "returns" stops
-- with an error that names the slopes: there, more returnees per head go with higher
-- livelihoods and social-cohesion scales, and the one scale with the sign asked for, security,
-- has a slope the data cannot tell from 0, so its weight of 1 would be noise.
local weights_from = "expert"
if weights_from == "returns" then
  fit_weights { outcome = "returnees", per = "population", higher_is = "better" }
elseif weights_from == "principal_component" then
  fit_weights { method = "principal_component" }
end

classes { breaks = { high_from, medium_from }, "high", "medium", "low" }

flag "hotspot" {
  reason = "high instability on a scale, or medium instability with many returnees",
  when = function(u)
    local classes = { class_of(livelihoods_and_services(u)), class_of(severity(u.social_cohesion)),
                      class_of(severity(u.security)) }
    local any_high, any_medium = false, false
    for i = 1, 3 do                              -- not ipairs: a missing scale leaves a hole
      local c = classes[i]
      if c == "high" then any_high = true elseif c == "medium" then any_medium = true end
    end
    -- Missing returnee figures are not read as zero: they simply cannot make a hotspot.
    return any_high or (any_medium and u.returnees ~= nil and u.returnees >= many_returnees)
  end,
}
