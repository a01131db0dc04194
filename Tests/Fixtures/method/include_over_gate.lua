-- For the tiny project of the bad-input tests: a gate that CD9102001 fails, and an include
-- that forces it in. The gate failure must stay on record.
local as_of = project.as_of
facts { events = count { layer = "conflict", from = as_of - 729, to = as_of } }
criterion "conflict" { indicator "events" { transform = log1p } }
gate "several_events" { eligible_if = function(u) return u.events > 2 end, reason = "fewer than 3 events" }
include { "CD9102001", reason = "programme site" }
