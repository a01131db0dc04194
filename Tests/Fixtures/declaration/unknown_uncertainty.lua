facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
uncertainty { weights = { all = 0.5 }, run = 100 }
