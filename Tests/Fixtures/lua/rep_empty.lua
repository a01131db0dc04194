-- command: check
-- expect: hostile.lua:5: reached 0 0
local s = string.rep("", math.maxinteger)
local t = ("").rep("", math.maxinteger, "")
error("reached " .. #s .. " " .. #t)
