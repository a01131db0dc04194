-- command: check
-- expect: hostile.lua:5: pattern
local haystack = ("a"):rep(16e6)
local needle = ("a"):rep(1e6) .. "b"
local found = haystack:find(needle, 1, true)
