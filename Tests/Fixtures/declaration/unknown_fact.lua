facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
facts { e = within { layer = "conflict", km = 5, radius = 3 } }
