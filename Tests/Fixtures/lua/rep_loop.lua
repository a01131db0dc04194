-- command: check
-- expect: hostile.lua:3: instruction budget exceeded
for i = 1, 1e5 do string.rep("x", 16e6) end
