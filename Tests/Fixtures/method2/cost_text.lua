facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" {} }
score { "conflict" }
selection {
  cost = function(u) return "1000" end,
}
