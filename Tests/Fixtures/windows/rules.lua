-- Alternative windows, computed by hand in README.md beside this file.
local as_of = project.as_of
facts {
  events_past   = count { layer = "conflict", from = "2016-08-01", to = as_of - 365 },
  events_recent = count { layer = "conflict", from = as_of - 364, to = as_of },
}
criterion "conflict" {
  indicator "events_past" {},
  indicator "events_recent" {},
}
score { "conflict" }
uncertainty { runs = 400, seed = 3, windows = { events_recent = { 90, 365 } } }
