facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
gate "g" { eligible_if = function(u) return true end, reason = "r", why = "x" }
