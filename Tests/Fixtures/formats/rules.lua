-- Facts over the conflict layer of the format fixtures (Tests/CommandLineTests/FormatTests.swift):
-- events and fatalities in the last year and in the two before, per groupement.
local as_of = project.as_of
facts {
  events_year = count { layer = "conflict", from = as_of - 364, to = as_of },
  events_before = count { layer = "conflict", from = as_of - 1094, to = as_of - 365 },
  deaths_year = sum { layer = "conflict", field = "fatalities", from = as_of - 364, to = as_of },
  deaths_all = sum { layer = "conflict", field = "fatalities" },
}
criterion "conflict" {
  indicator "events_year" { transform = log1p },
  indicator "deaths_all" { transform = log1p },
}
score { "conflict" }
