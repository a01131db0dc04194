-- command: check
-- expect: hostile.lua:5: instruction budget exceeded
local t = {}
for i = 1, 1e6 do t[i] = i end
for i = 1, 1e9 do table.insert(t, 1, i); table.remove(t, 1) end
