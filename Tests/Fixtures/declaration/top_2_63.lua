facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
selection { top = 2^63 }
