-- command: check
-- expect: hostile.lua:4: error() was called with a table {code = 3, msg = "bad"} instead of a message
local x = 1
error({ code = 3, msg = "bad" })
