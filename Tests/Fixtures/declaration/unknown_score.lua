facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
score { "conflict", weight = 2 }
