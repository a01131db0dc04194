facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
exclude { "CD9201001", reason = "r", because = 3 }
