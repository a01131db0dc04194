-- "recent" shortened to 180 days without moving the end of "past"; a criterion left out of score.
local as_of = project.as_of
facts {
  events_past   = count { layer = "conflict", from = "2016-08-01", to = as_of - 365 },
  events_recent = count { layer = "conflict", from = as_of - 179, to = as_of },
  idps          = latest { layer = "dtm", field = "#affected+idps+ind", to = as_of },
}
criterion "conflict" {
  indicator "events_past" { transform = log1p },
  indicator "events_recent" { transform = log1p },
}
criterion "displacement" { indicator "idps" { transform = log1p } }
score { "conflict" }
