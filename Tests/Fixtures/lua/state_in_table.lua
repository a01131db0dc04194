-- command: rank
-- expect: hostile.lua:7: this table was built by the script's top level and is read-only while rules are evaluated
facts { events = count { layer = "conflict" } }
local seen = { n = 0 }
criterion "conflict" {
  indicator "order" { value = function(u)
    seen.n = seen.n + 1
    return seen.n
  end },
}
