-- command: check
-- expect: hostile.lua:3: pattern 'a*a*a*a*b' is too costly on a subject of 200 bytes
local r = ("a"):rep(200):find(("a*"):rep(4) .. "b")
