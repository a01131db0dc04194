-- command: check
-- expect: hostile.lua:3: setmetatable: __gc finalisers are not allowed in rules
setmetatable({}, { __gc = function() while true do end end })
