-- command: check
-- expect: hostile.lua:4: instruction budget exceeded
local s = ("a "):rep(4e6)
for i = 1, 1e9 do s:gsub("%s+", " ") end
