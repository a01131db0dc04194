-- `targeting diff` tests, on Tests/Fixtures/bad/project: a new gate (the only change).
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = as_of - 729, to = as_of },
  deaths = sum { layer = "conflict", field = "fatalities", from = as_of - 729, to = as_of },
}
criterion "violence" { indicator "events" {} }
criterion "lethality" { indicator "deaths" {} }
score { "violence", "lethality" }
gate "security_access" { eligible_if = function(u) return u.events < 2 end, reason = "two or more events: no safe access" }
