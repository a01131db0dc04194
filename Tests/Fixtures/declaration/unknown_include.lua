facts { events = count { layer = "conflict" } }
criterion "conflict" { indicator "events" { } }
include { "CD9201001", reason = "r", untill = 3 }
