facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
selection { top = 10, per_territoire = 2 }
