-- command: check
-- expect: hostile.lua:5: instruction budget exceeded
local t = {}
for i = 1, 2e6 do t[i] = "" end
for i = 1, 1e9 do local s = table.concat(t) end
