-- command: check
-- expect: hostile.lua:4: instruction budget exceeded
local a = ("x"):rep(16e6)
for i = 1, 1e9 do local s = a:sub(2) end
