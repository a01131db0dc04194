facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
criterion "d" { indicator "y" { value = "events" }, agregate = "mean" }
