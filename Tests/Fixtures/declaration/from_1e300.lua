facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
facts { old = count { layer = "conflict", from = project.as_of - 1e300 } }
