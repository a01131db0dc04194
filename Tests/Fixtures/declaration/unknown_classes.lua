facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
classes { "high", "low", method = "quantile", labels = 2 }
