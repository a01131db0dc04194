-- `targeting diff` tests, on Tests/Fixtures/bad/project: violence weighs 3 (the only change).
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = as_of - 729, to = as_of },
  deaths = sum { layer = "conflict", field = "fatalities", from = as_of - 729, to = as_of },
}
criterion "violence" { indicator "events" {} }
criterion "lethality" { indicator "deaths" {} }
score { "violence", "lethality", weights = { violence = 3 } }
