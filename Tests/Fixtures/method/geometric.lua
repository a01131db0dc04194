-- A geometric mean over 0–10 criteria with a weight-0 "reporting" criterion.
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = "2016-08-01", to = as_of },
  idps   = latest { layer = "dtm", field = "#affected+idps+ind", to = as_of },
}
criterion "conflict" { indicator "events" { transform = log1p } }
criterion "displacement" { indicator "idps" { transform = log1p } }
score { "conflict", "displacement", aggregate = "geometric" }
