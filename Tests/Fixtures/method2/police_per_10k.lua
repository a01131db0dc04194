facts { police_per_10k = per_10k { layer = "police" }, events = count { layer = "conflict" } }
criterion "access" { indicator "police_per_10k" {}, indicator "events" {} }
score { "access" }
