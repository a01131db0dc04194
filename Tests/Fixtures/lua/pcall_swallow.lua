-- command: check
-- expect: hostile.lua:3: instruction budget exceeded
while true do pcall(function() while true do end end) end
