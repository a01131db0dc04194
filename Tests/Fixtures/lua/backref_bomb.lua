-- command: check
-- expect: hostile.lua:3: pattern '(a*)%1%1%1b' is too costly on a subject of 30000 bytes
local r = ("a"):rep(30000):find("(a*)%1%1%1b")
