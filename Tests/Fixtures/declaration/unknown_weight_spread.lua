facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
uncertainty { weights = { all = { low = 0.5, high = 2, mode = 1 } } }
