-- A short rules script for the command-line tests (API: Scripts/README.md).
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = as_of - 729, to = as_of },
  deaths = sum { layer = "conflict", field = "fatalities", from = as_of - 729, to = as_of },
}
criterion "conflict" {
  indicator "events" { transform = log1p },
  indicator "deaths" { transform = log1p },
  indicator "per_head" { value = function(u) return per_head(u.events, u.population) end },
  indicator "people" { value = function(u) if u.population > 1e9 then return u.population end end },
}
score { "conflict" }
