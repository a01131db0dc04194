-- Host-only C functions (lua_sandbox.c), taken out of the globals before any script runs.
local __set_context, bind_evaluation = __set_context, __bind_evaluation
local unit_index, attr_index = __unit_index, __attr_index
_G.__set_context, _G.__bind_evaluation, _G.__unit_index, _G.__attr_index = nil, nil, nil, nil
local debug_getinfo, debug_getupvalue, debug_setupvalue = debug.getinfo, debug.getupvalue, debug.setupvalue
local debug_getmetatable, debug_setmetatable, debug_upvalueid = debug.getmetatable, debug.setmetatable, debug.upvalueid
debug = nil
local real_setmetatable, real_getmetatable, real_load, real_rawset = setmetatable, getmetatable, load, rawset
local real_rawget, real_rawlen, real_collectgarbage = rawget, rawlen, collectgarbage
local real_tostring, real_type, real_next, real_pcall, real_error = tostring, type, next, pcall, error
local fmt, concat, sort, floor, huge = string.format, table.concat, table.sort, math.floor, math.huge

local USER_SOURCE, USER_NAME = nil, "script"
local loading = false
local PROTECTED = real_setmetatable({}, { __mode = "k" })
-- Tables the script's top level built, frozen once it has run (see freeze_state below): the
-- table -> its contents, moved to a private shadow table; the table -> its metatable before.
local FROZEN = real_setmetatable({}, { __mode = "k" })
local ORIG_MT = real_setmetatable({}, { __mode = "k" })

-- The first stack frame inside the user's script, as "Scripts/x.lua:12".
local function where()
  for level = 2, 40 do
    local info = debug_getinfo(level, "Sl")
    if not info then break end
    if info.source == USER_SOURCE then return info.short_src .. ":" .. (info.currentline or 0) end
  end
  return USER_NAME
end
local function fn_where(f)
  local info = debug_getinfo(f, "S")
  if info and info.source == USER_SOURCE then return info.short_src .. ":" .. info.linedefined end
  return USER_NAME
end
local function fail(msg) real_error(where() .. ": " .. msg, 0) end
local function declaring(what)
  if not loading then fail(what .. " can only be used at the top level of the script, not inside a rule function") end
end

-- Sorted iteration: Lua randomises string hashing per run, so `pairs` order changes between runs.
local type_rank = { number = 1, string = 2, boolean = 3 }
local function key_less(a, b)
  local ta, tb = real_type(a), real_type(b)
  if ta ~= tb then return type_rank[ta] < type_rank[tb] end
  if ta == "boolean" then return (not a) and b end
  return a < b
end
local function sorted_keys(t)
  local keys = {}
  for k in real_next, t do
    if not type_rank[real_type(k)] then
      real_error("sorted iteration: keys must be numbers, strings or booleans (found a " .. real_type(k) .. ")", 3)
    end
    keys[#keys + 1] = k
  end
  sort(keys, key_less)
  return keys
end
local function sorted_pairs(t)
  if real_type(t) ~= "table" then real_error("pairs: table expected, got " .. real_type(t), 2) end
  local keys, i = sorted_keys(FROZEN[t] or t), 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then return k, t[k] end
  end, t, nil
end

-- `next` in the same sorted order, so that `for k, v in next, t` is the same in every run. The
-- sorted keys of a table are kept while it is traversed; a traversal that starts (next(t, nil))
-- sorts them again.
local NEXT_ORDER = real_setmetatable({}, { __mode = "k" })
local function sorted_next(t, k)
  if real_type(t) ~= "table" then real_error("bad argument #1 to 'next' (table expected, got " .. real_type(t) .. ")", 2) end
  local c = FROZEN[t] or t
  local order = NEXT_ORDER[t]
  if k == nil then
    NEXT_ORDER[t] = nil
    if real_next(c) == nil then return nil end
    order = nil
  end
  if order == nil or (k ~= nil and order.index[k] == nil) then
    local keys = sorted_keys(c)
    local index = {}
    for i = 1, #keys do index[keys[i]] = i end
    order = { keys = keys, index = index }
    NEXT_ORDER[t] = order
  end
  local i = 0
  if k ~= nil then
    i = order.index[k]
    if i == nil then real_error("invalid key to 'next'", 2) end
  end
  local keys = order.keys
  repeat
    i = i + 1
    local key = keys[i]
    if key == nil then return nil end
    local v = real_rawget(c, key)
    if v ~= nil then return key, v end
  until false
end

-- Dates: days since 1970-01-01, with arithmetic in days. Read-only.
local DAYS = real_setmetatable({}, { __mode = "k" })
local Date = { __metatable = "date" }
local function civil_to_days(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end
local function days_to_civil(z)
  z = z + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end
local function is_date(x) return DAYS[x] ~= nil end
local function make_date(days)
  local d = real_setmetatable({}, Date)
  DAYS[d] = days
  return d
end
local function iso(d) local y, m, dd = days_to_civil(DAYS[d]); return fmt("%04d-%02d-%02d", y, m, dd) end
local function parse_date(s)
  if real_type(s) ~= "string" then return nil end
  local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m < 1 or m > 12 or d < 1 then return nil end
  local days = civil_to_days(y, m, d)
  local y2, m2, d2 = days_to_civil(days)
  if y2 ~= y or m2 ~= m or d2 ~= d then return nil end
  return days
end
-- Dates stay inside the calendar the host reads (0001-01-01 to 9999-12-31), so that every day
-- count it receives is an exact whole number.
local FIRST_DAY, LAST_DAY, MAX_STEP = civil_to_days(1, 1, 1), civil_to_days(9999, 12, 31), 3652425
local function whole_days(n)
  if real_type(n) ~= "number" or n ~= floor(n) then real_error("dates move by whole days (got " .. real_tostring(n) .. ")", 3) end
  if n > MAX_STEP or n < -MAX_STEP then
    real_error("dates move by at most " .. MAX_STEP .. " days (10,000 years) at a time (got " .. real_tostring(n) .. ")", 3)
  end
  return floor(n)
end
local function in_calendar(days)
  if days < FIRST_DAY or days > LAST_DAY then real_error("this date falls outside 0001-01-01 to 9999-12-31", 3) end
  return days
end
Date.__index = function(d, k)
  local y, m, dd = days_to_civil(DAYS[d])
  if k == "year" then return y elseif k == "month" then return m elseif k == "day" then return dd
  elseif k == "iso" then return iso(d) end
  return nil
end
Date.__newindex = function() real_error("dates are read-only", 2) end
Date.__tostring = iso
Date.__concat = function(a, b)
  return (is_date(a) and iso(a) or a) .. (is_date(b) and iso(b) or b)
end
Date.__add = function(a, b)
  if is_date(a) then return make_date(in_calendar(DAYS[a] + whole_days(b))) end
  return make_date(in_calendar(DAYS[b] + whole_days(a)))
end
Date.__sub = function(a, b)
  if is_date(a) and is_date(b) then return DAYS[a] - DAYS[b] end
  if is_date(a) then return make_date(in_calendar(DAYS[a] - whole_days(b))) end
  real_error("cannot subtract a date from a number", 2)
end
Date.__eq = function(a, b) return is_date(a) and is_date(b) and DAYS[a] == DAYS[b] end
Date.__lt = function(a, b)
  if not (is_date(a) and is_date(b)) then real_error("a date can only be compared with a date", 2) end
  return DAYS[a] < DAYS[b]
end
Date.__le = function(a, b)
  if not (is_date(a) and is_date(b)) then real_error("a date can only be compared with a date", 2) end
  return DAYS[a] <= DAYS[b]
end
local function to_days(v, what)
  if v == nil then return nil end
  if is_date(v) then return DAYS[v] end
  local d = parse_date(v)
  if not d then fail(what .. " must be a date like \"2016-08-01\" or project.as_of - 365 (got " .. real_tostring(v) .. ")") end
  return d
end

---------------------------------------------------------------------------------------------------
-- The declaration
local decl = { facts = {}, fact_names = {}, top = {}, top_names = {}, gates = {}, overrides = {},
               flags = {}, classes = nil, selection = nil, score = nil }
local unit_fns = {}       -- { kind, name, fn, where }
local all_nodes = {}      -- every indicator and criterion declared, to warn about those left out of the score
local function register_fn(kind, name, fn)
  unit_fns[#unit_fns + 1] = { kind = kind, name = name, fn = fn, where = fn_where(fn) }
  return #unit_fns
end
local RESERVED = { id = true, name = true, parent = true, attr = true }
local function check_name(name, what)
  if real_type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
    fail(what .. " names must be words like events_recent (got " .. real_tostring(name) .. ")")
  end
end
-- The keys each declaration takes, their types and whole-number ranges: the host's schema
-- (DeclarationSchema.swift), given by __host_set_schema before any script runs. check_spec
-- refuses an unknown key and checks the simple types; tables, functions and values of several
-- types are checked by their constructors, in their own words.
local SCHEMA = {}
local function shown(v)
  local t = real_type(v)
  if t == "number" or t == "string" or t == "boolean" then return real_tostring(v) end
  if is_date(v) then return iso(v) end
  return "a " .. t -- an address would differ from run to run
end
local function check_spec(spec, class, what)
  local schema = SCHEMA[class]
  if not schema then real_error("internal: no schema for " .. class, 0) end
  for k in real_next, spec do
    if real_type(k) ~= "number" and not schema[k] then
      fail(what .. ": unknown option '" .. real_tostring(k) .. "' (allowed: " .. concat(sorted_keys(schema), ", ") .. ")")
    end
  end
  for _, k in ipairs(sorted_keys(schema)) do
    local v, key = real_rawget(spec, k), schema[k]
    if v ~= nil then
      local t = real_type(v)
      if key.type == "integer" then
        if t ~= "number" or v ~= floor(v) or v < key.min then
          fail(what .. ": " .. k .. " must be a whole number ≥ " .. key.min .. " (got " .. shown(v) .. ")")
        end
        if v > key.max then fail(what .. ": " .. k .. " must be at most " .. key.max .. " (got " .. shown(v) .. ")") end
      elseif key.type == "number" then
        if t ~= "number" or v ~= v or v == huge or v == -huge then
          fail(what .. ": " .. k .. " must be a finite number (got " .. (v ~= v and "NaN, e.g. from 0/0" or shown(v)) .. ")")
        end
      elseif key.type == "text" and t ~= "string" then
        fail(what .. ": " .. k .. " must be text (got " .. shown(v) .. ")")
      elseif key.type == "boolean" and t ~= "boolean" then
        fail(what .. ": " .. k .. " must be true or false (got " .. shown(v) .. ")")
      end
    end
  end
end
local function set(list) local s = {}; for _, k in ipairs(list) do s[k] = true end; return s end

-- Facts: computed by the engine in bulk, one number per unit.
local FACT = { __metatable = "fact" }
local function filter_value(v)
  local t = real_type(v)
  if t == "string" then return { text = v }
  elseif t == "number" then
    if v ~= v or v == huge or v == -huge then fail("a filter value must be a finite number (got " .. real_tostring(v) .. ")") end
    return { number = v }
  elseif t == "boolean" then return { bool = v } elseif is_date(v) then return { date = iso(v) } end
  fail("a filter value must be text, a number, true/false or a date (got a " .. t .. ")")
end
local COMPARE = { __metatable = "comparison" }
local function comparison(op) return function(v) return real_setmetatable({ op = op, value = v }, COMPARE) end end
local function filters_of(where_spec)
  local out = {}
  if where_spec == nil then return out end
  if real_type(where_spec) ~= "table" then fail("where = { field = value, … } expected") end
  for _, field in ipairs(sorted_keys(where_spec)) do
    local v = where_spec[field]
    if real_getmetatable(v) == "comparison" then
      out[#out + 1] = { field = field, op = v.op, values = { filter_value(v.value) } }
    elseif real_type(v) == "table" and not is_date(v) then
      local values = {}
      for i = 1, #v do values[i] = filter_value(v[i]) end
      if #values == 0 then fail("where: the list for " .. field .. " is empty") end
      out[#out + 1] = { field = field, op = "in", values = values }
    else
      out[#out + 1] = { field = field, op = "==", values = { filter_value(v) } }
    end
  end
  return out
end
local function fact_kind(kind, needs_layer, needs_field, needs_km)
  return function(spec)
    declaring(kind)
    if real_type(spec) ~= "table" then fail(kind .. " expects a table, e.g. " .. kind .. " { layer = \"conflict\" }") end
    check_spec(spec, "FactOptions", kind)
    if needs_layer and real_type(spec.layer) ~= "string" then fail(kind .. " needs layer = \"…\" (a layer name of the project)") end
    if needs_field and real_type(spec.field) ~= "string" then fail(kind .. " needs field = \"…\" (a column name or HXL tag)") end
    if needs_km and (real_type(spec.km) ~= "number" or not (spec.km > 0) or spec.km == huge) then
      fail(kind .. " needs km = a positive, finite distance (got " .. (spec.km ~= spec.km and "NaN, e.g. from 0/0" or real_tostring(spec.km)) .. ")")
    end
    local f = { kind = kind, layer = spec.layer, field = spec.field, km = spec.km,
                from = to_days(spec.from, kind .. " from"), to = to_days(spec.to, kind .. " to"),
                filters = filters_of(spec.where), where = where() }
    -- from after to is an empty window, not an error: windows computed from as_of (e.g. "up to a
    -- year ago" for an as_of early in the crisis) can be empty. The engine reports it.
    return real_setmetatable(f, FACT)
  end
end
local function add_fact(name, f)
  check_name(name, "fact")
  if RESERVED[name] then fail("'" .. name .. "' is reserved (u." .. name .. " is already there): choose another fact name") end
  if decl.fact_names[name] then fail("fact '" .. name .. "' is declared twice (first at " .. decl.fact_names[name].where .. ")") end
  local entry = {}
  for k, v in real_next, f do entry[k] = v end
  entry.name = name
  decl.fact_names[name] = entry
  decl.facts[#decl.facts + 1] = entry
end

-- Indicators and criteria.
local NODE = { __metatable = "node" }
local FACTREF = { __metatable = "factref" }
local SCALE = { __metatable = "scale" }
local TRANSFORM = { __metatable = "transform" }
local function log1p(x) if x == nil then return nil end; return math.log(1 + x) end
local function sqrt_of(x) if x == nil then return nil end; return math.sqrt(x) end
local function scale_of(s)
  if s == nil or s == "minmax" then return { kind = "minmax", lower = 0, upper = 10 } end
  if s == "zscore" then return { kind = "zscore" } end
  if s == "percentile" then return { kind = "percentile", scale = 10 } end
  if s == "none" then return { kind = "identity" } end
  if real_getmetatable(s) == "scale" then return s.spec end
  fail("scale must be \"minmax\", \"zscore\", \"percentile\", \"none\", minmax(lo, hi), goalposts(min, max), percentile_to(top) or thresholds(breaks, scores)")
end
local function transform_of(t, out)
  if t == nil then return end
  if t == log1p or t == "log1p" then out[#out + 1] = { kind = "log1p" }
  elseif t == sqrt_of or t == "sqrt" then out[#out + 1] = { kind = "sqrt" }
  elseif t == "none" then
  elseif real_getmetatable(t) == "transform" then out[#out + 1] = t.spec
  elseif real_type(t) == "table" then for i = 1, #t do transform_of(t[i], out) end
  else fail("transform must be log1p, sqrt, cap(x), floor_at(x), winsorise(lo, hi) or a list of them") end
end
local function number_opt(v, what)
  if v ~= nil and (real_type(v) ~= "number" or v ~= v or v == huge or v == -huge) then fail(what .. " must be a finite number") end
  return v
end
local function weight_of(w)
  number_opt(w, "weight")
  if w ~= nil and w < 0 then fail("weight is " .. real_tostring(w) .. "; a weight must not be negative") end
  return w or 1
end

local function indicator(name)
  declaring("indicator")
  check_name(name, "indicator")
  local at = where()
  return function(spec)
    if real_type(spec) ~= "table" then fail("indicator \"" .. name .. "\" expects a table { value = …, … }") end
    check_spec(spec, "IndicatorOptions", "indicator " .. name)
    local node = { type = "indicator", name = name, title = spec.title, where = at, weight = weight_of(spec.weight) }
    local v = spec.value
    if v == nil then node.fact = name
    elseif real_type(v) == "string" then node.fact = v
    elseif real_getmetatable(v) == "factref" then node.fact = v.name
    elseif real_getmetatable(v) == "fact" then add_fact(name, v); node.fact = name
    elseif real_type(v) == "function" then node.fn = register_fn("indicator", name, v); node.fn_where = unit_fns[node.fn].where
    else fail("indicator " .. name .. ": value must be a fact name, fact \"x\", a fact such as count { … }, or function(u) … end") end
    local transforms = {}
    if spec.floor ~= nil then transforms[#transforms + 1] = { kind = "floor", value = number_opt(spec.floor, "floor") } end
    if spec.cap ~= nil then transforms[#transforms + 1] = { kind = "cap", value = number_opt(spec.cap, "cap") } end
    if spec.winsorise ~= nil then
      local w = spec.winsorise
      if real_type(w) ~= "table" or real_type(w[1]) ~= "number" or real_type(w[2]) ~= "number" or not (0 <= w[1] and w[1] <= w[2] and w[2] <= 1) then
        fail("winsorise = { lower, upper } percentiles between 0 and 1")
      end
      transforms[#transforms + 1] = { kind = "winsorise", lower = w[1], upper = w[2] }
    end
    transform_of(spec.transform, transforms)
    -- A floor at or above a cap maps every value to the same number: the indicator would be
    -- constant (0 for every unit after scaling), a method that means nothing.
    for _, lo in ipairs(transforms) do
      for _, hi in ipairs(transforms) do
        if lo.kind == "floor" and hi.kind == "cap" and lo.value >= hi.value then
          fail("indicator " .. name .. ": floor " .. real_tostring(lo.value) .. " is not below cap " .. real_tostring(hi.value) ..
               ", so every unit would get the same value; the floor must be below the cap")
        end
      end
    end
    node.transforms = transforms
    local dir = spec.direction or (spec.invert and "lower_is_worse") or "higher_is_worse"
    if dir ~= "higher_is_worse" and dir ~= "lower_is_worse" then fail("direction must be \"higher_is_worse\" or \"lower_is_worse\"") end
    node.direction = dir
    node.scale = scale_of(spec.scale)
    all_nodes[#all_nodes + 1] = node
    return real_setmetatable(node, NODE)
  end
end

local AGGREGATES = set { "mean", "geometric", "minimum", "maximum" }
-- What a unit gets when a whole criterion is missing: see "Missing data" in Scripts/README.md.
local MISSING_POLICIES = set { "exclude", "rescale", "parent_mean" }
local function missing_of(v, what)
  if v == nil then return nil, nil end
  if real_type(v) == "string" and MISSING_POLICIES[v] then return v, nil end
  if real_type(v) == "number" and v == v and v ~= huge and v ~= -huge then return nil, v end
  fail(what .. ": missing must be \"exclude\", \"rescale\", \"parent_mean\" or a number (got " .. real_tostring(v) .. ")")
end
local function shift_of(spec, agg, what)
  if spec.shift == nil then return nil end
  number_opt(spec.shift, "shift")
  if spec.shift <= 0 then fail(what .. ": shift must be above 0") end
  if agg ~= "geometric" then fail(what .. ": shift applies to aggregate = \"geometric\" only") end
  return spec.shift
end
local function criterion(name)
  declaring("criterion")
  check_name(name, "criterion")
  local at = where()
  return function(spec)
    if real_type(spec) ~= "table" then fail("criterion \"" .. name .. "\" expects a table { title = …, indicator \"…\" { … }, … }") end
    check_spec(spec, "CriterionOptions", "criterion " .. name)
    local agg = spec.aggregate or "mean"
    if not AGGREGATES[agg] then fail("aggregate must be \"mean\", \"geometric\", \"minimum\" or \"maximum\"") end
    local node = { type = "criterion", name = name, title = spec.title, weight = weight_of(spec.weight),
                   aggregate = agg, children = {}, where = at, shift = shift_of(spec, agg, "criterion " .. name) }
    node.missing, node.missing_value = missing_of(spec.missing, "criterion " .. name)
    for i = 1, #spec do
      local child = spec[i]
      if real_getmetatable(child) ~= "node" then fail("criterion " .. name .. ": item " .. i .. " is not an indicator or criterion") end
      if child.type == "criterion" then decl.top_names[child.name] = nil end
      child.parent_node = node
      node.children[#node.children + 1] = child
    end
    if #node.children == 0 then fail("criterion " .. name .. " has no indicators") end
    local weighted = false
    for _, c in ipairs(node.children) do if c.weight > 0 then weighted = true end end
    if not weighted then fail("criterion " .. name .. ": every weight inside it is 0, so it has no value; give at least one a weight above 0") end
    node = real_setmetatable(node, NODE)
    if decl.top_names[name] then fail("criterion '" .. name .. "' is declared twice") end
    decl.top[#decl.top + 1] = node
    decl.top_names[name] = node
    all_nodes[#all_nodes + 1] = node
    return node
  end
end

local function score(spec)
  declaring("score")
  if real_type(spec) ~= "table" then fail("score expects a table { \"criterion\", …, aggregate = \"mean\" }") end
  check_spec(spec, "ScoreOptions", "score")
  if decl.score then fail("score is declared twice") end
  local agg = spec.aggregate or "mean"
  if not AGGREGATES[agg] then fail("aggregate must be \"mean\", \"geometric\", \"minimum\" or \"maximum\"") end
  local children = {}
  for i = 1, #spec do
    local c = spec[i]
    if real_type(c) == "string" then
      local node = decl.top_names[c]
      if not node then fail("score: no top-level criterion named '" .. c .. "'") end
      c = node
    end
    if real_getmetatable(c) ~= "node" then fail("score: item " .. i .. " is not a criterion name") end
    children[#children + 1] = c
  end
  if #children == 0 then fail("score lists no criteria") end
  local weights = spec.weights or {}
  if real_type(weights) ~= "table" then fail("weights = { criterion = number, … } expected") end
  for k, w in real_next, weights do
    local found = false
    for _, c in ipairs(children) do if c.name == k then found = true end end
    if not found then fail("weights: '" .. real_tostring(k) .. "' is not in the score") end
    number_opt(w, "weight")
    if w < 0 then fail("score: weight of '" .. k .. "' is " .. real_tostring(w) .. "; a weight must not be negative") end
  end
  local weighted = false
  for _, c in ipairs(children) do
    local w = weights[c.name]
    if w == nil then w = c.weight end
    if w > 0 then weighted = true end
  end
  if not weighted then fail("score: every weight is 0, so no unit has a score; give at least one criterion a weight above 0") end
  local missing, missing_value = missing_of(spec.missing, "score")
  decl.score = { title = spec.title, aggregate = agg, children = children, weights = weights, where = where(),
                 missing = missing, missing_value = missing_value, shift = shift_of(spec, agg, "score") }
end

-- Eligibility, overrides, flags.
local function rule_block(kind, fn_key, class)
  return function(name)
    declaring(kind)
    check_name(name, kind)
    local at = where()
    return function(spec)
      if real_type(spec) ~= "table" then fail(kind .. " \"" .. name .. "\" expects a table") end
      check_spec(spec, class, kind .. " " .. name)
      if real_type(spec[fn_key]) ~= "function" then fail(kind .. " " .. name .. " needs " .. fn_key .. " = function(u) … end") end
      if real_type(spec.reason) ~= "string" then fail(kind .. " " .. name .. " needs reason = \"…\" (shown to planners)") end
      local list = kind == "gate" and decl.gates or decl.flags
      for _, g in ipairs(list) do if g.name == name then fail(kind .. " '" .. name .. "' is declared twice") end end
      list[#list + 1] = { name = name, reason = spec.reason, fn = register_fn(kind, name, spec[fn_key]), where = at }
    end
  end
end
local gate = rule_block("gate", "eligible_if", "GateOptions")
local flag = rule_block("flag", "when", "FlagOptions")

local function override(action)
  return function(spec)
    declaring(action)
    if real_type(spec) ~= "table" then fail(action .. " expects a table { \"CD9102012\", …, reason = \"…\" }") end
    check_spec(spec, "OverrideOptions", action)
    if real_type(spec.reason) ~= "string" then fail(action .. " needs reason = \"…\" (recorded for each unit)") end
    local units = {}
    for i = 1, #spec do
      if real_type(spec[i]) ~= "string" then fail(action .. ": item " .. i .. " is not a unit id") end
      units[#units + 1] = spec[i]
    end
    local entry = { action = action, units = units, reason = spec.reason, where = where() }
    if spec.when ~= nil then
      if real_type(spec.when) ~= "function" then fail(action .. ": when = function(u) … end expected") end
      entry.fn = register_fn("override", action, spec.when)
      entry.fn_where = unit_fns[entry.fn].where
    elseif #units == 0 then fail(action .. " names no unit and has no when = function(u) … end") end
    decl.overrides[#decl.overrides + 1] = entry
  end
end

local function classes(spec)
  declaring("classes")
  if real_type(spec) ~= "table" then fail("classes expects a table { \"very high\", \"high\", …, method = \"quantile\" }") end
  check_spec(spec, "ClassesOptions", "classes")
  local labels = {}
  for i = 1, #spec do
    if real_type(spec[i]) ~= "string" then fail("classes: label " .. i .. " is not text") end
    labels[i] = spec[i]
  end
  if #labels == 0 then fail("classes needs labels, highest priority first") end
  local c = { labels = labels, where = where() }
  if spec.breaks ~= nil then
    if real_type(spec.breaks) ~= "table" then fail("classes: breaks = { 7.5, 5, 2.5 } expected (descending)") end
    c.breaks = {}
    for i = 1, #spec.breaks do c.breaks[i] = number_opt(spec.breaks[i], "classes break") end
    if #c.breaks + 1 ~= #labels then fail("classes: " .. #c.breaks .. " breaks need " .. (#c.breaks + 1) .. " labels") end
    for i = 2, #c.breaks do if c.breaks[i] >= c.breaks[i - 1] then fail("classes: breaks must be descending") end end
    c.method = "breaks"
  else
    c.method = spec.method or "quantile"
    if c.method ~= "quantile" then fail("classes: method must be \"quantile\" or give breaks = { … }") end
  end
  decl.classes = c
end

local function selection(spec)
  declaring("selection")
  if real_type(spec) ~= "table" then fail("selection expects a table { top = 30, per_parent = 3, … }") end
  check_spec(spec, "SelectionOptions", "selection")
  local s = { where = where(), locked_in = {}, locked_out = {} }
  -- Whole numbers in range (check_spec): 3.0 is taken as 3.
  for _, k in ipairs { "top", "per_parent", "at_least_per_parent" } do s[k] = spec[k] and floor(spec[k]) end
  -- per = { province = 3 }: a quota per area of a level; the level names are checked against the
  -- project's levels on the Swift side. Sorted by level name: the same rules, the same order.
  if spec.per ~= nil then
    if real_type(spec.per) ~= "table" then fail("selection: per must be a table { LEVEL = N }, e.g. per = { province = 3 }") end
    local levels = sorted_keys(spec.per)
    for _, level in ipairs(levels) do
      local n = spec.per[level]
      if real_type(level) ~= "string" then fail("selection: per must be a table { LEVEL = N }, e.g. per = { province = 3 }") end
      if real_type(n) ~= "number" or n ~= n or n < 1 or n ~= floor(n) or n > 2^53 then
        fail("selection: per." .. level .. " must be a whole number of units, at least 1 (got " .. real_tostring(n) .. ")")
      end
    end
    s.per = {}
    for i, level in ipairs(levels) do s.per[i] = { level = level, max = floor(spec.per[level]) } end
  end
  s.budget = spec.budget
  local cost = spec.cost
  if real_type(cost) == "string" then
    local field = cost
    s.cost_source = "attribute " .. field
    s.cost_fn = register_fn("cost", "cost", function(u)
      local v = u.attr[field]
      if v == nil then return nil end
      local n = tonumber(v)
      if n == nil then real_error("attribute " .. field .. " is not a number: " .. real_tostring(v), 0) end
      return n
    end)
  elseif real_type(cost) == "function" then
    s.cost_fn = register_fn("cost", "cost", cost)
    s.cost_source = "function at " .. unit_fns[s.cost_fn].where
  elseif cost ~= nil then fail("selection: cost must be an attribute name or function(u) … end") end
  if s.budget and not s.cost_fn then fail("selection: a budget needs cost = \"FIELD\" or cost = function(u) … end") end
  for _, k in ipairs { "locked_in", "locked_out" } do
    local list = spec[k]
    if list ~= nil then
      if real_type(list) ~= "table" then fail("selection: " .. k .. " must be a list of unit ids") end
      for i = 1, #list do
        if real_type(list[i]) ~= "string" then fail("selection: " .. k .. " item " .. i .. " is not a unit id") end
        s[k][i] = list[i]
      end
    end
  end
  decl.selection = s
end

-- The score's weights estimated from data (values checked on the Swift side, FitWeightsBuilder).
local function fit_weights(spec)
  declaring("fit_weights")
  if real_type(spec) ~= "table" then fail("fit_weights expects a table { outcome = \"fact\", higher_is = \"better\" } or { method = \"principal_component\" }") end
  check_spec(spec, "FitWeightsOptions", "fit_weights")
  if decl.fit_weights then fail("fit_weights is declared twice") end
  local f = { where = where() }
  for _, k in ipairs { "method", "outcome", "per", "higher_is" } do f[k] = spec[k] end -- text (check_spec)
  decl.fit_weights = f
end

-- What varies in an uncertainty analysis (checked against the method's names on the Swift side).
local function uncertainty(spec)
  declaring("uncertainty")
  if real_type(spec) ~= "table" then fail("uncertainty expects a table { runs = 1000, seed = 1, weights = { all = 0.5 } }") end
  check_spec(spec, "UncertaintyOptions", "uncertainty")
  local u = { where = where(), weights = {} }
  for _, k in ipairs { "runs", "seed" } do u[k] = spec[k] and floor(spec[k]) end -- whole numbers in range (check_spec)
  -- weights may be left out when windows, aggregations or scales say what varies.
  local w = spec.weights
  if w == nil and (spec.windows ~= nil or spec.aggregations ~= nil or spec.scales ~= nil) then w = {} end
  if real_type(w) ~= "table" then fail("uncertainty: weights = { all = 0.5 } expected (what varies, by criterion or indicator name, or all)") end
  for _, name in ipairs(sorted_keys(w)) do
    local v = w[name]
    if real_type(name) ~= "string" then fail("uncertainty: weights are keyed by criterion or indicator name (got " .. real_tostring(name) .. ")") end
    local what = "uncertainty: weights." .. name
    if v == "fitted" then
      u.weights[#u.weights + 1] = { name = name, fitted = true }
    elseif real_type(v) == "number" then
      if not (v >= 0 and v <= 1) then fail(what .. " = " .. real_tostring(v) .. ": a relative spread must be between 0 and 1 (0.5 = ±50%)") end
      u.weights[#u.weights + 1] = { name = name, relative = v }
    elseif real_type(v) == "table" then
      check_spec(v, "WeightSpread", what)
      if v.sd ~= nil then
        if v.low ~= nil or v.high ~= nil then fail(what .. ": give either low and high, or sd, not both") end
        number_opt(v.sd, what .. ".sd")
        if not (v.sd > 0) then fail(what .. ".sd must be positive") end
        u.weights[#u.weights + 1] = { name = name, sd = v.sd }
      else
        if v.low == nil or v.high == nil then fail(what .. ": { low = 0.5, high = 2 } or { sd = 0.2 } expected") end
        number_opt(v.low, what .. ".low"); number_opt(v.high, what .. ".high")
        if not (v.low > 0 and v.low <= v.high) then fail(what .. ": need 0 < low ≤ high, a weight drawn at 0 drops its criterion from the run (got " .. real_tostring(v.low) .. ", " .. real_tostring(v.high) .. ")") end
        u.weights[#u.weights + 1] = { name = name, low = v.low, high = v.high }
      end
    else
      fail(what .. ": a number (relative spread), { low = …, high = … }, { sd = … } or \"fitted\" expected (got a " .. real_type(v) .. ")")
    end
  end
  if #u.weights == 0 and spec.windows == nil and spec.aggregations == nil and spec.scales == nil then
    fail("uncertainty: weights is empty: say which weights vary, e.g. weights = { all = 0.5 }")
  end
  local aggs = spec.aggregations
  if aggs ~= nil then
    if real_type(aggs) ~= "table" or #aggs < 2 then fail("uncertainty: aggregations = { \"mean\", \"geometric\" } expected (at least two to draw from)") end
    u.aggregations = {}
    -- Names are checked on the Swift side (UncertaintyBuilder), with the method's own list.
    for i = 1, #aggs do
      if real_type(aggs[i]) ~= "string" then fail("uncertainty: aggregations item " .. i .. " must be a name such as \"mean\" (got " .. real_tostring(aggs[i]) .. ")") end
      u.aggregations[i] = aggs[i]
    end
  end
  local scales = spec.scales
  if scales ~= nil then
    if real_type(scales) ~= "table" or #scales < 2 then fail("uncertainty: scales = { \"minmax\", \"percentile\" } expected (at least two to draw from)") end
    u.scales = {}
    for i = 1, #scales do
      if real_type(scales[i]) ~= "string" then fail("uncertainty: scales item " .. i .. " must be a name such as \"minmax\" (got " .. real_tostring(scales[i]) .. ")") end
      u.scales[i] = scales[i]
    end
  end
  -- Alternative windows, by fact name: lengths in days ending where the fact's window ends
  -- (fact names and windows are checked on the Swift side, UncertaintyBuilder).
  local windows = spec.windows
  if windows ~= nil then
    if real_type(windows) ~= "table" then fail("uncertainty: windows = { events_recent = { 90, 180, 365 } } expected (lengths in days to draw from, by fact name)") end
    u.windows = {}
    for _, name in ipairs(sorted_keys(windows)) do
      if real_type(name) ~= "string" then fail("uncertainty: windows are keyed by fact name (got " .. real_tostring(name) .. ")") end
      local v, what = windows[name], "uncertainty: windows." .. name
      if real_type(v) ~= "table" or #v < 2 then fail(what .. " = { 90, 180, 365 } expected (at least two lengths in days to draw from)") end
      local days = {}
      for i = 1, #v do
        local d = v[i]
        if not (real_type(d) == "number" and d == floor(d) and d >= 1 and d <= 100000) then
          fail(what .. " item " .. i .. " must be a whole number of days from 1 to 100000 (got " .. real_tostring(d) .. ")")
        end
        for j = 1, i - 1 do if days[j] == d then fail(what .. " gives " .. real_tostring(d) .. " days twice") end end
        days[i] = floor(d)
      end
      u.windows[#u.windows + 1] = { fact = name, days = days }
    end
    if #u.windows == 0 then fail("uncertainty: windows is empty: name a fact and its lengths, e.g. windows = { events_recent = { 90, 180, 365 } }") end
  end
  decl.uncertainty = u
end

---------------------------------------------------------------------------------------------------
-- The user's environment: a whitelist, with globals written during evaluation kept in a layer
-- that is thrown away after every rule call (no state leaks from one unit to the next).
local safe = {}
local function readonly(lib, name)
  local proxy = real_setmetatable({}, { __index = lib, __metatable = "locked",
    __newindex = function() real_error("the " .. name .. " library is read-only", 2) end })
  PROTECTED[proxy] = true
  return proxy
end
for _, k in ipairs { "assert", "ipairs", "pcall", "xpcall", "rawequal",
                     "select", "tonumber", "type", "_VERSION" } do
  safe[k] = _G[k]
end
-- Standard Lua names the sandbox leaves out: reading one is an error in our words (and at the
-- script's line), rather than Lua's "attempt to index a nil value".
local UNAVAILABLE = {
  os = "rules have no clock, files or processes", io = "rules read no files: declare layers in the project",
  require = "rules load no modules", package = "rules load no modules", dofile = "rules read no files",
  loadfile = "rules read no files", debug = "the debug library could break the sandbox",
}
local UNAVAILABLE_FIELDS = {
  string = { dump = "compiled functions are not allowed in rules" },
  math = { random = "results must be the same on every run", randomseed = "results must be the same on every run" },
}
local function unavailable(name, why) real_error(name .. " is not available in rules: " .. why, 3) end
for lib, fields in real_next, UNAVAILABLE_FIELDS do
  real_setmetatable(_G[lib], { __index = function(_, k)
    if fields[k] then unavailable(lib .. "." .. k, fields[k]) end
  end })
end
safe.string = readonly(string, "string")
safe.table = readonly(table, "table")
safe.math = readonly(math, "math")
safe.utf8 = readonly(utf8, "utf8")
safe.pairs = sorted_pairs
safe.sorted_pairs = sorted_pairs
safe.next = sorted_next
safe.tostring = function(v)
  local t = real_type(v)
  if t == "table" then
    if is_date(v) then return iso(v) end
    local mt = debug_getmetatable(v)
    if mt and real_rawget(mt, "__tostring") ~= nil then return real_tostring(v) end
    return "table" -- an address would differ from run to run
  elseif t == "function" then return "function" end
  return real_tostring(v)
end
-- string.format without addresses: %p is refused, and tables or functions given to %s print as
-- tostring prints them. (Replaced in the string library itself: ("%s"):format(x) reaches it.)
string.format = function(f, ...)
  if real_type(f) == "string" and f:find("%", 1, true) then
    if (f:gsub("%%%%", "")):find("%%[-+ #0]*%d*%.?%d*p") then
      real_error("string.format: %p (an address) is not allowed in rules: addresses differ from run to run", 2)
    end
    local n = select("#", ...)
    for i = 1, n do
      local t = real_type((select(i, ...)))
      if t == "table" or t == "function" or t == "userdata" or t == "thread" then
        local args = { ... }
        for j = i, n do
          local tj = real_type(args[j])
          if tj == "table" or tj == "function" or tj == "userdata" or tj == "thread" then args[j] = safe.tostring(args[j]) end
        end
        return fmt(f, table.unpack(args, 1, n))
      end
    end
  end
  return fmt(f, ...)
end
-- A frozen table used as a metatable during evaluation: objects get a copy of its contents (the
-- VM reads metatables raw), locked so that the copy cannot carry state either.
local COMPOSED = real_setmetatable({}, { __mode = "k" })
local function composed_metatable(mt)
  local c = COMPOSED[mt]
  if c == nil then
    c = {}
    for k, v in real_next, FROZEN[mt] do c[k] = v end
    if c.__metatable == nil then c.__metatable = "locked" end
    COMPOSED[mt] = c
  end
  return c
end
safe.setmetatable = function(t, mt)
  if real_type(mt) == "table" and real_rawget(FROZEN[mt] or mt, "__gc") ~= nil then
    real_error("setmetatable: __gc finalisers are not allowed in rules (they run outside the instruction budget)", 2)
  end
  if PROTECTED[t] or FROZEN[t] or is_date(t) then real_error("setmetatable: this table is protected", 2) end
  if real_type(mt) == "table" and FROZEN[mt] then
    real_setmetatable(t, composed_metatable(mt))
    ORIG_MT[t] = mt
    return t
  end
  ORIG_MT[t] = nil
  return real_setmetatable(t, mt)
end
safe.getmetatable = function(v)
  local orig = ORIG_MT[v]
  if orig == nil then return real_getmetatable(v) end
  if orig == false then return nil end
  local field = real_rawget(FROZEN[orig] or orig, "__metatable")
  if field ~= nil then return field end
  return orig
end
safe.rawset = function(t, k, v)
  if PROTECTED[t] or is_date(t) then real_error("rawset: this table is protected", 2) end
  if FROZEN[t] then real_error("rawset: this table was built by the script's top level and is read-only while rules are evaluated", 2) end
  return real_rawset(t, k, v)
end
safe.rawget = function(t, k) return real_rawget(FROZEN[t] or t, k) end
safe.rawlen = function(t) return real_rawlen(FROZEN[t] or t) end
safe.collectgarbage = function(opt)
  if not loading then real_error("collectgarbage is not available inside rule functions (memory use differs from unit to unit)", 2) end
  if opt ~= nil and opt ~= "count" then real_error("collectgarbage: only \"count\" is allowed in rules", 2) end
  return real_collectgarbage("count")
end
-- error(value): a table (or other non-string) error object is remembered with its place, so that
-- the message can say where it was raised and what it holds.
local ERROR_WHERE = real_setmetatable({}, { __mode = "k" })
safe.error = function(v, level)
  if real_type(v) == "table" then ERROR_WHERE[v] = where() end
  if level == nil then level = 1 end
  if real_type(level) == "number" and level > 0 then level = level + 1 end
  real_error(v, level)
end
local function describe_error(e)
  local t = real_type(e)
  local what
  if t == "table" then
    local mt = debug_getmetatable(e)
    if mt and real_rawget(mt, "__tostring") ~= nil then
      local ok, text = real_pcall(safe.tostring, e)
      if ok and real_type(text) == "string" then what = "a table whose tostring is \"" .. text .. "\"" end
    end
    if not what then
      local c, keys = FROZEN[e] or e, {}
      for k in real_next, c do if type_rank[real_type(k)] then keys[#keys + 1] = k end end
      sort(keys, key_less)
      local parts = {}
      for i = 1, #keys do
        if i > 6 then parts[#parts + 1] = "…"; break end
        local k, v = keys[i], real_rawget(c, keys[i])
        local shown = real_type(v) == "string" and ("\"" .. v .. "\"") or safe.tostring(v)
        parts[#parts + 1] = (real_type(k) == "string" and k or ("[" .. real_tostring(k) .. "]")) .. " = " .. shown
      end
      what = "a table {" .. concat(parts, ", ") .. "}"
    end
  elseif t == "nil" then what = "nil"
  else what = safe.tostring(e) .. " (a " .. t .. ")" end
  local at = t == "table" and ERROR_WHERE[e]
  return (at and at ~= USER_NAME and (at .. ": ") or "") .. "error() was called with " .. what ..
         " instead of a message: pass a string, e.g. error(\"what went wrong\")"
end
local log = {}
safe.print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = safe.tostring((select(i, ...))) end
  local line = where() .. ": " .. concat(parts, "\t")
  -- The log is text for people: bytes that are not UTF-8 are written as \xFF.
  if not utf8.len(line) then line = line:gsub("[\128-\255]", function(c) return fmt("\\x%02X", c:byte()) end) end
  log[#log + 1] = line
end

local script_globals = {}
-- While rules are evaluated (EVAL_STATE.evaluating), globals a rule writes go to LAYER (and
-- EVAL_STATE.layer says it holds some); the C layer empties it after every rule call.
-- A global is read through a chain of tables, with no function call on the way (a rule's read of
-- `per_head` costs a table read): LAYER, then the script's globals, then the rules API; a name
-- none of them has ends in the API's __index, which refuses the standard names left out.
local EVAL_STATE = { evaluating = false, layer = nil }
local LAYER = real_setmetatable({}, { __index = script_globals })
real_setmetatable(script_globals, { __index = safe })
real_setmetatable(safe, { __index = function(_, k)
  if UNAVAILABLE[k] then unavailable(k, UNAVAILABLE[k]) end
end })
local E = real_setmetatable({}, {
  __index = LAYER,
  __newindex = function(_, k, v)
    if EVAL_STATE.evaluating then
      EVAL_STATE.layer = LAYER
      real_rawset(LAYER, k, v)
    else
      script_globals[k] = v
    end
  end,
  __metatable = "locked" })
PROTECTED[E] = true
safe._G = E
safe.load = function(chunk, name, mode, env)
  if mode ~= nil and mode ~= "t" then real_error("load: only text chunks are allowed in rules", 2) end
  -- As Lua's load does for a chunk it refuses: nil and why (a compiled chunk starts with ESC).
  if real_type(chunk) == "string" and chunk:byte(1) == 27 then return nil, "load: only text chunks are allowed in rules (this one is compiled Lua)" end
  return real_load(chunk, name, "t", env or E)
end

-- Rule helpers, usable inside rule functions.
safe.log1p = log1p
safe.sqrt = sqrt_of
safe.date = function(s)
  local d = parse_date(s)
  if not d then real_error("date: \"YYYY-MM-DD\" expected (got " .. real_tostring(s) .. ")", 2) end
  return make_date(d)
end
safe.is_date = is_date
safe.per_head = function(x, population)
  if x == nil or population == nil or population <= 0 then return nil end
  return x / population
end
safe.safe_div = function(a, b)
  if a == nil or b == nil or b == 0 then return nil end
  return a / b
end
safe.clamp = function(x, lo, hi)
  if x == nil then return nil end
  if x < lo then return lo elseif x > hi then return hi end
  return x
end
safe.is_missing = function(x) return x == nil end
-- A value the declaration needs: a finite number, given.
local function number_req(v, what)
  if v == nil then fail(what .. " needs a number") end
  return number_opt(v, what)
end
safe.cap = function(x) return real_setmetatable({ spec = { kind = "cap", value = number_req(x, "cap(x)") } }, TRANSFORM) end
safe.floor_at = function(x) return real_setmetatable({ spec = { kind = "floor", value = number_req(x, "floor_at(x)") } }, TRANSFORM) end
safe.winsorise = function(lo, hi)
  number_req(lo, "winsorise(lower, upper)"); number_req(hi, "winsorise(lower, upper)")
  if not (0 <= lo and lo <= hi and hi <= 1) then fail("winsorise(lower, upper): percentiles with 0 ≤ lower ≤ upper ≤ 1") end
  return real_setmetatable({ spec = { kind = "winsorise", lower = lo, upper = hi } }, TRANSFORM)
end
safe.minmax = function(lo, hi)
  return real_setmetatable({ spec = { kind = "minmax", lower = number_opt(lo or 0, "lower"), upper = number_opt(hi or 10, "upper") } }, SCALE)
end
safe.goalposts = function(lo, hi, top)
  return real_setmetatable({ spec = { kind = "goalposts", min = number_req(lo, "goalposts(min, max)"), max = number_req(hi, "goalposts(min, max)"),
                                      scale = number_opt(top or 10, "top") } }, SCALE)
end
safe.percentile_to = function(top) return real_setmetatable({ spec = { kind = "percentile", scale = number_opt(top or 10, "top") } }, SCALE) end
safe.thresholds = function(breaks, scores)
  if real_type(breaks) ~= "table" or real_type(scores) ~= "table" then fail("thresholds({ breaks… }, { scores… }) expected") end
  local b, s = {}, {}
  for i = 1, #breaks do b[i] = number_opt(breaks[i], "threshold break") end
  for i = 1, #scores do s[i] = number_opt(scores[i], "threshold score") end
  if #s ~= #b + 1 then fail("thresholds: " .. #b .. " breaks need " .. (#b + 1) .. " scores") end
  return real_setmetatable({ spec = { kind = "thresholds", breaks = b, scores = s } }, SCALE)
end
-- comparisons for fact filters
safe.above, safe.at_least, safe.below, safe.at_most, safe.is_not =
  comparison(">"), comparison(">="), comparison("<"), comparison("<="), comparison("~=")

-- Declarations.
safe.facts = function(spec)
  declaring("facts")
  if real_type(spec) ~= "table" then fail("facts expects a table { name = count { … }, … }") end
  for _, name in ipairs(sorted_keys(spec)) do
    local f = spec[name]
    if real_type(name) ~= "string" then fail("facts: every fact needs a name, e.g. events = count { … }") end
    if real_getmetatable(f) ~= "fact" then fail("facts: " .. name .. " is not a fact (use count, sum, mean, minimum, maximum, within, nearest, latest, per_10k, area_km2 or attribute)") end
    add_fact(name, f)
  end
end
safe.count = fact_kind("count", true)
safe.sum = fact_kind("sum", true, true)
safe.mean = fact_kind("mean", true, true)
safe.minimum = fact_kind("minimum", true, true)
safe.maximum = fact_kind("maximum", true, true)
safe.within = fact_kind("within", true, false, true)
safe.nearest = fact_kind("nearest", true)
safe.latest = fact_kind("latest", true, true)
safe.per_10k = fact_kind("per_10k", true)
safe.area_km2 = function(spec)
  declaring("area_km2")
  return real_setmetatable({ kind = "area_km2", filters = {}, where = where() }, FACT)
end
safe.attribute = function(field)
  declaring("attribute")
  if real_type(field) ~= "string" then fail("attribute \"FIELD\" expected") end
  return real_setmetatable({ kind = "attribute", field = field, filters = {}, where = where() }, FACT)
end
safe.fact = function(name)
  check_name(name, "fact")
  local ref = real_setmetatable({ name = name }, FACTREF)
  return ref
end
safe.indicator = indicator
safe.criterion = criterion
safe.score = score
safe.gate = gate
safe.flag = flag
safe.include = override("include")
safe.exclude = override("exclude")
safe.classes = classes
safe.selection = selection
safe.uncertainty = uncertainty
safe.fit_weights = fit_weights

---------------------------------------------------------------------------------------------------
-- Isolation of units. Once the script's top level has run, every table it built that the rules
-- can reach is frozen (read-only, contents unchanged), and every upvalue cell the rules can reach
-- is put back to its value before each rule call; globals written by a rule go to a layer thrown
-- away after the call. So each rule call sees exactly the state the top level left.

-- What the host owns: every table and function reachable from the user's environment before the
-- script runs (the rules API, the prelude's own state). The freeze leaves these alone.
local HOST = real_setmetatable({}, { __mode = "k" })
local function mark_host(root)
  local stack, n = { root }, 1
  while n > 0 do
    local v = stack[n]; stack[n] = nil; n = n - 1
    local tv = real_type(v)
    if (tv == "table" or tv == "function") and not HOST[v] then
      HOST[v] = true
      if tv == "table" then
        for k, x in real_next, v do stack[n + 1] = k; stack[n + 2] = x; n = n + 2 end
        local mt = debug_getmetatable(v)
        if mt then n = n + 1; stack[n] = mt end
      else
        local i = 1
        while true do
          local name, x = debug_getupvalue(v, i)
          if name == nil then break end
          n = n + 1; stack[n] = x; i = i + 1
        end
      end
    end
  end
end
mark_host(safe)

local function frozen_write()
  real_error("this table was built by the script's top level and is read-only while rules are evaluated " ..
             "(every unit must see the state the top level left): build a new table inside the rule function instead", 2)
end

-- Freezes t in place (its identity is kept): its contents move to a private shadow that reads go
-- to, writes raise, and its metamethods are kept. getmetatable/rawget/rawlen/next/pairs look
-- through to the shadow.
local function freeze_table(t)
  local shadow = {}
  for k, v in real_next, t do shadow[k] = v end
  for k in real_next, shadow do real_rawset(t, k, nil) end
  local mt = debug_getmetatable(t)
  local fm = {}
  if mt then for k, v in real_next, FROZEN[mt] or mt do fm[k] = v end end
  local user_index = fm.__index
  if real_type(user_index) == "function" then
    fm.__index = function(self, k)
      local v = shadow[k]
      if v ~= nil then return v end
      return user_index(self, k)
    end
  else
    if user_index ~= nil or fm.__mode ~= nil then real_setmetatable(shadow, { __index = user_index, __mode = fm.__mode }) end
    fm.__index = shadow
  end
  fm.__newindex = frozen_write
  if fm.__len == nil then fm.__len = function() return #shadow end end
  fm.__metatable = "locked"
  FROZEN[t] = shadow
  ORIG_MT[t] = mt or false
  debug_setmetatable(t, fm)
end

-- Upvalue cells the rules can reach, with their values after the top level: function, index,
-- value, function, index, value, … (read by restore_upvalues, in C).
local cells, ncells = {}, 0
local function freeze_state(roots)
  local seen, tables, cell_seen = {}, {}, {}
  local stack, n = {}, 0
  for i = 1, #roots do n = n + 1; stack[n] = roots[i] end
  while n > 0 do
    local v = stack[n]; stack[n] = nil; n = n - 1
    local tv = real_type(v)
    if (tv == "table" or tv == "function") and not seen[v] and not HOST[v] and not is_date(v) then
      seen[v] = true
      if tv == "table" then
        tables[#tables + 1] = v
        for k, x in real_next, v do stack[n + 1] = k; stack[n + 2] = x; n = n + 2 end
        local mt = debug_getmetatable(v)
        if mt then n = n + 1; stack[n] = mt end
      elseif debug_getinfo(v, "S").what == "C" then
        if debug_getupvalue(v, 1) ~= nil then
          real_error("the script's top level keeps an iterator (such as one made by string.gmatch) " ..
                     "whose position would carry from one unit to the next: create it inside the rule function", 0)
        end
      else
        local i = 1
        while true do
          local name, x = debug_getupvalue(v, i)
          if name == nil then break end
          local id = debug_upvalueid(v, i)
          if not cell_seen[id] then
            cell_seen[id] = true
            cells[ncells + 1], cells[ncells + 2], cells[ncells + 3] = v, i, x -- x may be nil
            ncells = ncells + 3
          end
          n = n + 1; stack[n] = x
          i = i + 1
        end
      end
    end
  end
  for i = 1, #tables do freeze_table(tables[i]) end
end

---------------------------------------------------------------------------------------------------
-- Host entry points (called from Swift through the C layer).
local project = nil
local bind_rules -- defined below, with the evaluation

function __host_load(code, chunkname)
  USER_SOURCE = "@" .. chunkname
  USER_NAME = chunkname
  local f, err = real_load(code, "@" .. chunkname, "t", E)
  if not f then real_error(err, 0) end
  loading = true
  __set_context("the script body")
  local ok, e = real_pcall(f)
  __set_context("")
  loading = false
  if not ok then real_error(real_type(e) == "string" and e or describe_error(e), 0) end
end

function __host_set_project(as_of_iso, units_count)
  local d = parse_date(as_of_iso)
  project = readonly({ as_of = make_date(d), units = tonumber(units_count) }, "project")
  mark_host(project)
  safe.project = project
end

local function node_data(node)
  if node.type == "indicator" then
    return { type = "indicator", name = node.name, title = node.title, where = node.where, weight = node.weight,
             fact = node.fact, fn = node.fn, fn_where = node.fn_where, transforms = node.transforms,
             direction = node.direction, scale = node.scale }
  end
  local children = {}
  for i, c in ipairs(node.children) do children[i] = node_data(c) end
  return { type = "criterion", name = node.name, title = node.title, where = node.where, weight = node.weight,
           aggregate = node.aggregate, children = children, missing = node.missing, missing_value = node.missing_value,
           shift = node.shift }
end

function __host_declaration()
  if not decl.score then
    if #decl.top == 0 then real_error(USER_NAME .. ": the script declares no criterion: add criterion \"…\" { indicator \"…\" { … } } and score { … }", 0) end
    local children = {}
    for _, c in ipairs(decl.top) do
      if decl.top_names[c.name] == c then children[#children + 1] = c end
    end
    decl.score = { aggregate = "mean", children = children, weights = {}, where = USER_NAME }
  end
  local root_children = {}
  for i, c in ipairs(decl.score.children) do
    local j = node_data(c)
    if decl.score.weights[c.name] then j.weight = decl.score.weights[c.name] end
    root_children[i] = j
  end
  local fns = {}
  for i, e in ipairs(unit_fns) do fns[i] = { kind = e.kind, name = e.name, where = e.where } end
  -- Declared and not reachable from the score: reported, so that leaving a criterion out of
  -- score { … } is never silent. A node inside an unused criterion is covered by it.
  local used = {}
  local function mark(node)
    used[node] = true
    for _, c in ipairs(node.children or {}) do mark(c) end
  end
  for _, c in ipairs(decl.score.children) do mark(c) end
  local unused = {}
  for _, node in ipairs(all_nodes) do
    if not used[node] and not (node.parent_node and not used[node.parent_node]) then
      unused[#unused + 1] = { type = node.type, name = node.name, where = node.where }
    end
  end
  -- Plain data only (text, numbers, booleans, tables of them): the C layer copies it with its
  -- types (lsb_call_tree) and the host reads it against DeclarationSchema.swift.
  return { facts = decl.facts, score = { aggregate = decl.score.aggregate, title = decl.score.title, children = root_children,
                                         where = decl.score.where, missing = decl.score.missing,
                                         missing_value = decl.score.missing_value, shift = decl.score.shift },
           gates = decl.gates, overrides = decl.overrides, flags = decl.flags, classes = decl.classes,
           selection = decl.selection, uncertainty = decl.uncertainty, fit_weights = decl.fit_weights, unit_fns = fns,
           log = log, unused = unused }
end

-- Once the host has read the declaration: the script's state is frozen and the rule functions
-- handed to the C layer.
function __host_bind()
  local roots = {}
  for _, e in ipairs(unit_fns) do roots[#roots + 1] = e.fn end
  for _, v in real_next, script_globals do roots[#roots + 1] = v end
  freeze_state(roots)
  bind_rules()
end

-- The host's schema (DeclarationSchema.preludeText): "class\tkey\ttype\tmin\tmax" lines.
function __host_set_schema(text)
  -- Split with plain finds: a pattern's cost bound would be charged to the budget.
  local function split(s, sep)
    local out, at = {}, 1
    while true do
      local i = s:find(sep, at, true)
      if not i then out[#out + 1] = s:sub(at); return out end
      out[#out + 1] = s:sub(at, i - 1)
      at = i + 1
    end
  end
  for _, line in ipairs(split(text, "\n")) do
    local class, key, type, min, max = table.unpack(split(line, "\t"))
    if not max then real_error("internal: schema line not understood: " .. line, 0) end
    SCHEMA[class] = SCHEMA[class] or {}
    SCHEMA[class][key] = { type = type, min = math.tointeger(tonumber(min)) or tonumber(min), max = math.tointeger(tonumber(max)) or tonumber(max) }
  end
end

local function one_line(s) return (s:gsub("[\r\n\t]", " ")) end

-- The unit layer's field names, so that u.attr["POP_2071"] (a typo) is an error rather than a
-- value missing for every unit: FIELD_NAMES[i] is the field whose values the host gives in
-- column i; FIELD_SLOTS maps a name to its column. Empty when the host gave no units.
local FIELD_NAMES, FIELD_SLOTS = {}, {}
function __host_set_fields(text)
  for name in text:gmatch("[^\n]+") do
    FIELD_NAMES[#FIELD_NAMES + 1] = name
    FIELD_SLOTS[name] = #FIELD_NAMES
  end
end
local function unknown_attr(k)
  return "u.attr[" .. fmt("%q", real_tostring(k)) .. "]: the units have no field " .. real_tostring(k)
end
local function unknown_fact(k)
  return "u." .. real_tostring(k) .. " is not a declared fact (declare it in facts { … })"
end
-- u.attr is a fresh copy of the unit's non-empty fields for each rule call (made by the C layer
-- when the rule first reads u.attr), with this metatable: reading an empty field gives nil and is
-- remembered as a read of missing data; reading a field the units do not have is an error. One
-- metatable for every call, locked: the script must not be able to change it.
local ATTR_META = { __index = attr_index(FIELD_SLOTS, unknown_attr), __metatable = "attr" }

-- The unit as rule functions see it: one table for every call, whose fields the C layer reads
-- from the host's arrays (`unit_index` in lua_sandbox.c): id, name, parent, population, attr, and
-- every fact by name. Reading a missing fact gives nil and is remembered, so that an error it
-- causes reads as "missing data" rather than as a bug; reading an undeclared name is an error.
local UNIT_META = { __newindex = function() real_error("the unit is read-only", 2) end, __metatable = "unit" }
local UNIT = real_setmetatable({}, UNIT_META)
PROTECTED[UNIT] = true
-- The C layer keeps the fields rules read most in the unit table itself while they run (a plain
-- table read, not a call); rawget, pairs and next see what the script would: an empty table.
FROZEN[UNIT] = {}

-- What a rule call gave, when the C layer's fast path (a finite number from an indicator or the
-- cost, true or false from the others) does not apply: "M" and why the value is missing, "E" and
-- the error (the host decides whether it stops the run: it does not for a unit a gate has already
-- excluded; `check` lists them all), or "N", "T", "F".
local function outcome(entry, ok, v, reads, unit_id)
  local label = entry.kind == "cost" and "selection cost" or (entry.kind .. " " .. entry.name)
  local context = " (unit " .. unit_id .. ", " .. label .. ")"
  if not ok then
    local msg = real_type(v) == "string" and v or describe_error(v)
    if #reads > 0 then return "M", "missing " .. concat(reads, ", ") .. " (" .. one_line(msg) .. ")" end
    return "E", one_line(msg .. context)
  elseif entry.kind == "indicator" or entry.kind == "cost" then
    if v == nil then
      return "M", (#reads > 0 and ("missing " .. concat(reads, ", ")) or "no value (the rule returned nil)")
    elseif real_type(v) ~= "number" then
      local why = entry.kind == "cost" and (": the cost of a unit must be a number" ..
        (real_type(v) == "string" and " (convert text with tonumber(…))" or "")) or ""
      return "E", one_line(entry.where .. ": returned a " .. real_type(v) .. " where a number was expected" .. why .. context)
    elseif v ~= v then
      return "E", entry.where .. ": returned NaN (not a number: 0/0 or similar)" .. one_line(context)
    elseif v == huge or v == -huge then
      return "E", entry.where .. ": returned an infinite number (a division by zero?)" .. one_line(context)
    end
    return "N", v
  elseif real_type(v) == "boolean" then
    return v and "T" or "F"
  elseif v == nil and #reads > 0 then
    return "M", "missing " .. concat(reads, ", ")
  end
  -- A gate, flag or override answering 1 or "no" would otherwise pass as true.
  return "E", one_line(entry.where .. ": returned " .. (v == nil and "nil" or ("a " .. real_type(v) .. " (" .. safe.tostring(v) .. ")"))
      .. " where true or false was expected" .. context)
end

-- Hands the rule functions to the C layer, which calls them for every unit (lsb_evaluate): once
-- the declaration is read and the script's state frozen.
function bind_rules()
  local slots = { id = -1, name = -2, parent = -3, attr = -4, population = -5 }
  local fact_names = {}
  for i, f in ipairs(decl.facts) do slots[f.name] = i; fact_names[i] = f.name end
  UNIT_META.__index = unit_index(slots, FIELD_NAMES, ATTR_META, unknown_fact)
  local fns, numeric, labels = {}, {}, {}
  for i, e in ipairs(unit_fns) do
    fns[i] = e.fn
    numeric[i] = e.kind == "indicator" or e.kind == "cost"
    labels[i] = e.kind == "cost" and "selection cost" or (e.kind .. " " .. e.name)
  end
  bind_evaluation({ fns = fns, numeric = numeric, labels = labels, entries = unit_fns, cells = cells, ncells = ncells,
                    state = EVAL_STATE, unit = UNIT, outcome = outcome, fact_names = fact_names, field_names = FIELD_NAMES })
end
