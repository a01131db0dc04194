-- command: check
-- expect: hostile.lua:3: string.format: %p (an address) is not allowed in rules
print(string.format("%p", {}))
