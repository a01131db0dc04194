-- Fatalities per event: missing for a unit without events, so the whole "violence" criterion is.
local as_of = project.as_of
facts {
  idps     = latest { layer = "dtm", field = "#affected+idps+ind", to = as_of },
  severity = mean { layer = "conflict", field = "fatalities", from = "2016-08-01", to = as_of },
}
criterion "displacement" { indicator "idps" { transform = log1p } }
criterion "violence" { indicator "severity" {} }
score { "displacement", "violence" }
