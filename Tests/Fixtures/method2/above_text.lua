local as_of = project.as_of
facts {
  battles = count { layer = "conflict", from = as_of - 364, to = as_of, where = { event_type = above(1) } },
  events = count { layer = "conflict" },
}
criterion "conflict" { indicator "battles" {}, indicator "events" {} }
score { "conflict" }
