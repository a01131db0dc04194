-- Rules of the facts2 test project: a latest round, a sum, an event count.
local as_of = project.as_of
facts {
  events = count { layer = "conflict", to = as_of },
  deaths = sum { layer = "conflict", field = "fatalities", to = as_of },
  idps = latest { layer = "dtm", field = "#affected+idps+ind", to = as_of },
}
criterion "conflict" {
  indicator "events" { transform = log1p },
}
criterion "displacement" {
  indicator "idps" {},
}
score { "conflict", "displacement" }
