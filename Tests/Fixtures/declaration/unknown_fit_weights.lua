facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
fit_weights { outcome = "events", higher_is = "better", per_capita = true }
