-- command: check
-- expect: hostile.lua:3: instruction budget exceeded
xpcall(function() error("x") end, function(m) while true do end end)
