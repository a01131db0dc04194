facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
criterion "other" { indicator "events2" { value = "events" }, missing = "parent_median" }
