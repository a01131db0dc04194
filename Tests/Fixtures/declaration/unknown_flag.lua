facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
flag "f" { when = function(u) return true end, reason = "r", colour = "red" }
