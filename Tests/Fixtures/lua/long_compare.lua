-- command: check
-- expect: hostile.lua:6: time limit exceeded
local a = ("x"):rep(16e6)
local b = ("x"):rep(16e6 - 1) .. "x"
local n = 0
for i = 1, 1e9 do if a == b then n = n + 1 end end
