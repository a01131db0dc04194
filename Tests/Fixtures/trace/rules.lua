-- Rules of the fact_rows.csv test project: one indicator per kind of fact traced.
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = as_of - 729, to = as_of },
  deaths = sum { layer = "conflict", field = "fatalities", from = as_of - 729, to = as_of },
  idps = latest { layer = "dtm", field = "#affected+idps+ind", to = as_of },
  km_health = nearest { layer = "health" },
}
criterion "conflict" {
  indicator "events" { transform = log1p },
  indicator "deaths" { transform = log1p },
}
criterion "displacement" {
  indicator "idps" {},
}
criterion "access" {
  indicator "km_health" {},
}
score { "conflict", "displacement", "access" }
