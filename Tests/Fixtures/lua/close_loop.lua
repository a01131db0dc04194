-- command: check
-- expect: hostile.lua:4: instruction budget exceeded
do
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  error("boom")
end
