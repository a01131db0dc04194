-- command: check
-- expect: hostile.lua:4: instruction budget exceeded
local s = ("é"):rep(8e6)
for i = 1, 1e9 do local n = utf8.len(s) end
