facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
uncertainty { runs = 10.5, weights = { all = 0.5 } }
