// The Lua sandbox: allocator with a cap, instruction budget, guarded library, protected calls.
//
// Library rules (user scripts see only what the prelude whitelists from this state):
//  - base: no dofile/loadfile; `load` is text-only (the prelude also forces the environment);
//    `collectgarbage` answers "count" only; `pcall`/`xpcall` re-raise a spent budget or memory cap;
//    `xpcall` calls its message handler *after* unwinding (a handler run inside the error would run
//    with hooks off, where an endless loop could never be stopped).
//  - string: no `dump`; `rep` refuses results over LSB_MAX_REP_BYTES and returns "" at once for
//    empty pieces; `find`/`match`/`gmatch`/`gsub` refuse costly patterns and charge the others (see
//    lua_pattern_cost.c). The string metatable is locked (getmetatable("") gives "locked").
//  - table: `move` refuses more than LSB_MAX_MOVE elements; `move`, `insert`, `remove`, `sort`
//    and `concat` charge the elements they touch; `sort` is a stable merge sort (deterministic for ties).
//  - utf8: `len` and `offset` charge the bytes they may scan.
//  - math: no `random`/`randomseed` (results must be reproducible).
//  - No io, os, package, require, coroutine; debug is opened for the prelude, which
//    keeps what it needs and removes it from the globals.
// `__gc` metamethods are refused by the prelude's setmetatable (finalisers run with hooks off).
#include "lua_sandbox.h"

#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LSB_HOOK_STEP 1000

struct lsb_sandbox {
    lua_State *L;
    size_t used, peak, limit;
    int64_t budget, executed;
    size_t alloc_carry;        // bytes allocated not yet charged (less than LSB_BYTES_PER_INSTRUCTION)
    double time_limit, time_used, call_start; // seconds; call_start > 0 while a call runs
    int budget_blown;          // 1: instructions spent; 2: time limit reached
    int memory_blown;
    char *result;
    size_t result_len;
    char context[256]; // what the host was evaluating (a unit and a rule), for budget messages
    char where[256];   // file:line of the user's code running when the budget ran out
};

static void lsb_hook(lua_State *L, lua_Debug *ar);

// ---------------------------------------------------------------------------------------------
// Allocator: refuses to grow past the cap. Lua turns a NULL into a memory error (after one
// emergency collection), which the protected call catches.
static void *lsb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    lsb_sandbox *sb = (lsb_sandbox *)ud;
    size_t old = ptr ? osize : 0; // when ptr is NULL, osize tells the object type, not a size
    if (nsize == 0) {
        free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > sb->limit - sb->used) {
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) return NULL;
    if (nsize > old) { // bytes built in C count against the budget; the hook raises when it is spent
        sb->alloc_carry += nsize - old;
        sb->executed += (int64_t)(sb->alloc_carry / LSB_BYTES_PER_INSTRUCTION);
        sb->alloc_carry %= LSB_BYTES_PER_INSTRUCTION;
        // The allocator cannot raise: have the hook run at the next instruction, where it will.
        if (sb->executed > sb->budget && !sb->budget_blown && sb->L) lua_sethook(sb->L, lsb_hook, LUA_MASKCOUNT, 1);
    }
    sb->used = sb->used - old + nsize;
    if (sb->used > sb->peak) sb->peak = sb->used;
    return p;
}

static lsb_sandbox *sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (lsb_sandbox *)ud;
}

// ---------------------------------------------------------------------------------------------
// Instruction budget and time limit. Once either is spent, the hook fires on every instruction and
// raises each time, so an error swallowed by a script's pcall is raised again at the next instruction.
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double seconds_used(const lsb_sandbox *sb) {
    return sb->time_used + (sb->call_start > 0 ? now_seconds() - sb->call_start : 0);
}

// Marks the budget (why = 1) or the time (why = 2) as spent, remembers where the user's script
// was, and makes the hook raise at every instruction from now on.
static void blow_budget(lua_State *L, lsb_sandbox *sb, int why) {
    sb->budget_blown = why;
    // Only Lua functions from a file chunk count (not the host prelude, not C functions).
    lua_Debug d;
    for (int level = 0; lua_getstack(L, level, &d); level++) {
        if (!lua_getinfo(L, "Sl", &d)) break;
        if (d.currentline > 0 && d.source[0] == '@') {
            snprintf(sb->where, sizeof sb->where, "%s:%d", d.source + 1, d.currentline);
            break;
        }
    }
    lua_sethook(L, lsb_hook, LUA_MASKCOUNT, 1);
}

static int raise_spent(lua_State *L, lsb_sandbox *sb) {
    if (sb->budget_blown == 2) return luaL_error(L, "time limit exceeded (%f s)", sb->time_limit);
    return luaL_error(L, "instruction budget exceeded (%I instructions)", (LUAI_UACINT)sb->budget);
}

// Checks the budget and the clock; raises when either is spent.
static void check_spent(lua_State *L, lsb_sandbox *sb) {
    if (!sb->budget_blown) {
        if (sb->executed > sb->budget) blow_budget(L, sb, 1);
        else if (seconds_used(sb) > sb->time_limit) blow_budget(L, sb, 2);
        else return;
    }
    raise_spent(L, sb);
}

static void lsb_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lsb_sandbox *sb = sandbox_of(L);
    if (!sb->budget_blown) sb->executed += LSB_HOOK_STEP;
    check_spent(L, sb);
}

// Work a library function is about to do in C, in instructions: charged, then budget and clock checked.
static void charge(lua_State *L, double instructions) {
    lsb_sandbox *sb = sandbox_of(L);
    if (!sb->budget_blown) {
        double room = (double)(sb->budget - sb->executed) + 1;
        sb->executed += instructions < room ? (int64_t)instructions : (int64_t)room;
    }
    check_spent(L, sb);
}

static int blown(lsb_sandbox *sb) { return sb->budget_blown || sb->memory_blown; }

// ---------------------------------------------------------------------------------------------
// pcall / xpcall that cannot swallow a spent budget or a memory cap.
static int lsb_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    int n = lua_gettop(L);
    int status = lua_pcall(L, n - 1, LUA_MULTRET, 0);
    lsb_sandbox *sb = sandbox_of(L);
    if (status == LUA_ERRMEM) sb->memory_blown = 1;
    if (status != LUA_OK) {
        if (blown(sb)) return lua_error(L);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    return lua_gettop(L);
}

static int lsb_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_remove(L, 2);
    lua_insert(L, 1); // handler, f, args...
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    lsb_sandbox *sb = sandbox_of(L);
    if (status == LUA_ERRMEM) sb->memory_blown = 1;
    if (status != LUA_OK) {
        if (blown(sb)) return lua_error(L);
        // stack: handler, error. The handler runs here, with hooks on and the budget counting.
        status = lua_pcall(L, 1, 1, 0);
        if (status == LUA_ERRMEM) sb->memory_blown = 1;
        if (status != LUA_OK && blown(sb)) return lua_error(L);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_replace(L, 1); // the handler's slot
    return lua_gettop(L);
}

static int lsb_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "count");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage: only \"count\" is allowed in rules");
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) + (lua_Number)lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
    return 1;
}

// load(chunk [, chunkname [, mode [, env]]]) with mode forced to "t".
static int lsb_load(lua_State *L) {
    lua_settop(L, 4);
    if (!lua_isnil(L, 3)) {
        const char *mode = luaL_checkstring(L, 3);
        if (strcmp(mode, "t") != 0)
            return luaL_error(L, "load: only text chunks (mode \"t\") are allowed in rules");
    }
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L);
}

// ---------------------------------------------------------------------------------------------
// string.rep with a size cap; empty pieces return at once (the stock version loops n times).
static int lsb_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || (l == 0 && lsep == 0)) {
        lua_pushliteral(L, "");
        return 1;
    }
    // total = l*n + lsep*(n-1), computed without overflow
    size_t piece = l + lsep;
    if ((lua_Unsigned)n > LSB_MAX_REP_BYTES / piece + 1 ||
        l * (size_t)n + lsep * (size_t)(n - 1) > LSB_MAX_REP_BYTES)
        return luaL_error(L, "string.rep: result would exceed %d bytes", (int)LSB_MAX_REP_BYTES);
    charge(L, (double)n); // the loop copies n pieces; their bytes are charged by the allocator
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    charge(L, 0);
    return 1;
}

// Upvalue 1: the stock function; upvalue 2: 1 for find (has a `plain` flag), 2 for gmatch (no anchors).
static int lsb_pattern_guard(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    lua_Integer kind = lua_tointeger(L, lua_upvalueindex(2));
    int plain = (kind == 1 && lua_toboolean(L, 4));
    double cost = lsb_pattern_cost(p, lp, s, ls, kind != 2, plain);
    if (cost > LSB_PATTERN_MAX_COST) {
        char msg[300];
        snprintf(msg, sizeof msg, "pattern '%.60s%s' is too costly on a subject of %zu bytes (up to %.3g matching "
                 "steps; the sandbox allows %.3g: use fewer * + - ?, anchor it with ^, or a shorter subject)",
                 p, lp > 60 ? "…" : "", ls, cost, (double)LSB_PATTERN_MAX_COST);
        return luaL_error(L, "%s", msg);
    }
    charge(L, cost); // one instruction per step of the bound (a step is a few ns, as an instruction is)
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    charge(L, 0); // the clock, once the matcher is done
    return lua_gettop(L);
}

static int lsb_table_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f && (lua_Unsigned)e - (lua_Unsigned)f >= (lua_Unsigned)LSB_MAX_MOVE)
        return luaL_error(L, "table.move: more than %d elements", (int)LSB_MAX_MOVE);
    if (e >= f) charge(L, (double)((lua_Unsigned)e - (lua_Unsigned)f));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

// table.insert / table.remove shift the elements after the position, in C: charge those (at least
// one). Appending (`insert(t, v)`) and popping (`remove(t)`) shift nothing, so building a list of
// N items costs N, not N². A position that is not an integer is charged #t; the stock function
// then raises its own error. Upvalue 1: the stock function; upvalue 2: 0 for insert, 1 for remove.
static int lsb_table_charged(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1), moved = 1;
    int isRemove = lua_tointeger(L, lua_upvalueindex(2)) == 1;
    // The position is argument 2 of insert(t, pos, v) and of remove(t, pos).
    if (lua_gettop(L) >= (isRemove ? 2 : 3)) {
        int isint = 0;
        lua_Integer pos = lua_tointegerx(L, 2, &isint);
        // Out of 1…#t+1 the stock function raises (or shifts nothing): charge one.
        if (!isint) moved = n;
        else if (pos >= 1 && pos <= n) moved = isRemove ? n - pos : n - pos + 1;
        if (moved < 1) moved = 1;
    }
    charge(L, LSB_ELEMENT_COST * (double)moved);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    charge(L, 0);
    return lua_gettop(L);
}

// Functions that scan their first argument in C without allocating (utf8.len, utf8.offset,
// table.concat's walk over the elements): charge its length (bytes / LSB_BYTES_PER_INSTRUCTION
// for a string, LSB_ELEMENT_COST per element for a table), and check the clock when they are done.
// Upvalue 1: the stock function.
static int lsb_charge_by_length(lua_State *L) {
    int t = lua_type(L, 1);
    if (t == LUA_TSTRING) charge(L, (double)lua_rawlen(L, 1) / LSB_BYTES_PER_INSTRUCTION);
    else if (t == LUA_TTABLE) charge(L, LSB_ELEMENT_COST * (double)lua_rawlen(L, 1));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    charge(L, 0);
    return lua_gettop(L);
}

// table.sort as a stable merge sort. Lua's own sort is not stable and randomises its pivot when a
// partition is unbalanced, so elements the comparison calls equal could come out in a different
// order from run to run. Same arguments and errors otherwise; an inconsistent comparison still
// ends (in some order) instead of raising "invalid order function".
static int sort_less(lua_State *L, int a, int b) { // a, b: absolute stack indices
    if (lua_isnil(L, 2)) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
}

static int lsb_stable_sort(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    luaL_argcheck(L, n < INT32_MAX, 1, "array too big");
    charge(L, LSB_SORT_COST * (double)n * log2((double)n + 2));
    if (n < 2) return 0;
    // The elements are read once (with metamethods, as Lua's sort does), merged between two
    // private tables with raw access, and written back once.
    lua_createtable(L, (int)n, 0); // 3
    lua_createtable(L, (int)n, 0); // 4
    for (lua_Integer k = 1; k <= n; k++) { lua_geti(L, 1, k); lua_rawseti(L, 3, k); }
    int src = 3, dst = 4;
    for (lua_Integer width = 1; width < n; width *= 2) {
        for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
            lua_Integer mid = lo + width <= n + 1 ? lo + width : n + 1;
            lua_Integer hi = lo + 2 * width <= n + 1 ? lo + 2 * width : n + 1;
            lua_Integer i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                lua_rawgeti(L, src, i); // 5
                lua_rawgeti(L, src, j); // 6
                // Only a strictly smaller right element goes first: equal elements keep their order.
                if (sort_less(L, 6, 5)) { lua_rawseti(L, dst, k++); lua_pop(L, 1); j++; }
                else { lua_pop(L, 1); lua_rawseti(L, dst, k++); i++; }
            }
            for (; i < mid; i++) { lua_rawgeti(L, src, i); lua_rawseti(L, dst, k++); }
            for (; j < hi; j++) { lua_rawgeti(L, src, j); lua_rawseti(L, dst, k++); }
        }
        int t = src; src = dst; dst = t;
    }
    for (lua_Integer k = 1; k <= n; k++) { lua_rawgeti(L, src, k); lua_seti(L, 1, k); }
    charge(L, 0);
    return 0;
}

// Replaces lib[name] with `fn` closed over the stock function (and an integer tag).
static void wrap(lua_State *L, const char *lib, const char *name, lua_CFunction fn, lua_Integer tag) {
    lua_getglobal(L, lib);
    lua_getfield(L, -1, name);
    lua_pushinteger(L, tag);
    lua_pushcclosure(L, fn, 2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

static void drop(lua_State *L, const char *lib, const char *name) {
    lua_getglobal(L, lib);
    lua_pushnil(L);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

// __set_context(text): the prelude says which unit and rule it is evaluating, so that a spent
// budget (whose message the script cannot see or change) still names them. Host-only global.
static int lsb_set_context(lua_State *L) {
    lsb_sandbox *sb = sandbox_of(L);
    size_t len = 0;
    const char *s = lua_isstring(L, 1) && lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : "";
    if (len >= sizeof sb->context) len = sizeof sb->context - 1;
    memcpy(sb->context, s, len);
    sb->context[len] = 0;
    return 0;
}

// __restore_upvalues({ f1, i1, v1, f2, i2, v2, … }, n): sets upvalue i of function f back to v, for
// the n / 3 triples (v may be nil, hence n); the prelude calls it before every rule call (one C loop instead of a Lua loop of
// debug.setupvalue calls). Host-only global.
static int lsb_restore_upvalues(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_checkinteger(L, 2);
    for (lua_Integer k = 1; k + 2 <= n; k += 3) {
        lua_rawgeti(L, 1, k);
        lua_rawgeti(L, 1, k + 1);
        int index = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, 1, k + 2);
        if (lua_setupvalue(L, -2, index) == NULL) lua_pop(L, 1);
        lua_pop(L, 1);
    }
    return 0;
}

static int lsb_init(lua_State *L) {
    luaL_requiref(L, "_G", luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_DBLIBNAME, luaopen_debug, 1);
    lua_settop(L, 0);

    lua_pushcfunction(L, lsb_pcall);          lua_setglobal(L, "pcall");
    lua_pushcfunction(L, lsb_xpcall);         lua_setglobal(L, "xpcall");
    lua_pushcfunction(L, lsb_collectgarbage); lua_setglobal(L, "collectgarbage");
    lua_getglobal(L, "load");
    lua_pushcclosure(L, lsb_load, 1);         lua_setglobal(L, "load");
    lua_pushcfunction(L, lsb_set_context);    lua_setglobal(L, "__set_context");
    lua_pushcfunction(L, lsb_restore_upvalues); lua_setglobal(L, "__restore_upvalues");
    lua_pushnil(L); lua_setglobal(L, "dofile");
    lua_pushnil(L); lua_setglobal(L, "loadfile");

    drop(L, LUA_STRLIBNAME, "dump");
    wrap(L, LUA_STRLIBNAME, "rep", lsb_rep, 0);
    wrap(L, LUA_STRLIBNAME, "find", lsb_pattern_guard, 1);
    wrap(L, LUA_STRLIBNAME, "match", lsb_pattern_guard, 0);
    wrap(L, LUA_STRLIBNAME, "gmatch", lsb_pattern_guard, 2);
    wrap(L, LUA_STRLIBNAME, "gsub", lsb_pattern_guard, 0);
    wrap(L, LUA_TABLIBNAME, "move", lsb_table_move, 0);
    wrap(L, LUA_TABLIBNAME, "insert", lsb_table_charged, 0);
    wrap(L, LUA_TABLIBNAME, "concat", lsb_charge_by_length, 0);
    wrap(L, LUA_UTF8LIBNAME, "len", lsb_charge_by_length, 0);
    wrap(L, LUA_UTF8LIBNAME, "offset", lsb_charge_by_length, 0);
    wrap(L, LUA_TABLIBNAME, "remove", lsb_table_charged, 1);
    lua_getglobal(L, LUA_TABLIBNAME);
    lua_pushcfunction(L, lsb_stable_sort);
    lua_setfield(L, -2, "sort");
    lua_pop(L, 1);
    drop(L, LUA_MATHLIBNAME, "random");
    drop(L, LUA_MATHLIBNAME, "randomseed");

    // Lock the string metatable: its __index is the (shared) string library.
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_settop(L, 0);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Results live outside the Lua heap so that Swift can read them after the call.
static void set_result(lsb_sandbox *sb, const char *s, size_t len) {
    char *copy = (char *)malloc(len + 1);
    if (copy == NULL) { len = 0; }
    else { if (len) memcpy(copy, s, len); copy[len] = 0; }
    free(sb->result);
    sb->result = copy;
    sb->result_len = copy ? len : 0;
}

static lsb_status finish(lsb_sandbox *sb, int status) {
    lua_State *L = sb->L;
    if (status == LUA_ERRMEM) sb->memory_blown = 1;
    if (sb->budget_blown == 2) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s%stime limit exceeded (%g s): the script runs too long (an endless loop, "
                 "or work on very long strings?)%s%s", sb->where, sb->where[0] ? ": " : "", sb->time_limit,
                 sb->context[0] ? " while evaluating " : "", sb->context);
        set_result(sb, msg, strlen(msg));
        lua_settop(L, 0);
        return LSB_BUDGET;
    }
    if (sb->budget_blown) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s%sinstruction budget exceeded (%lld instructions): the script runs too long "
                 "(an endless loop?)%s%s", sb->where, sb->where[0] ? ": " : "", (long long)sb->budget,
                 sb->context[0] ? " while evaluating " : "", sb->context);
        set_result(sb, msg, strlen(msg));
        lua_settop(L, 0);
        return LSB_BUDGET;
    }
    if (sb->memory_blown) {
        char msg[512];
        snprintf(msg, sizeof msg, "memory limit exceeded (%zu bytes): the script builds too large a "
                 "table or string%s%s", sb->limit, sb->context[0] ? " while evaluating " : "", sb->context);
        set_result(sb, msg, strlen(msg));
        lua_settop(L, 0);
        return LSB_MEMORY;
    }
    if (status != LUA_OK) {
        // Only a string is read directly: converting anything else could allocate unprotected.
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            set_result(sb, s, len);
        } else {
            const char *msg = "error object is not a string";
            set_result(sb, msg, strlen(msg));
        }
        lua_settop(L, 0);
        return LSB_ERROR;
    }
    lua_settop(L, 0);
    return LSB_OK;
}

lsb_sandbox *lsb_new(size_t memory_limit, int64_t instruction_budget, double seconds) {
    lsb_sandbox *sb = (lsb_sandbox *)calloc(1, sizeof *sb);
    if (sb == NULL) return NULL;
    sb->limit = memory_limit;
    sb->budget = instruction_budget;
    sb->time_limit = seconds;
    sb->L = lua_newstate(lsb_alloc, sb);
    if (sb->L == NULL) { free(sb); return NULL; }
    lua_pushcfunction(sb->L, lsb_init);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) { lsb_free(sb); return NULL; }
    lua_sethook(sb->L, lsb_hook, LUA_MASKCOUNT, LSB_HOOK_STEP);
    return sb;
}

void lsb_free(lsb_sandbox *sb) {
    if (sb == NULL) return;
    if (sb->L) lua_close(sb->L);
    free(sb->result);
    free(sb);
}

// lua_pcall with the clock running: the time limit counts time spent in Lua, not in the host.
static int timed_pcall(lsb_sandbox *sb, int nargs, int nresults) {
    sb->call_start = now_seconds();
    int status = lua_pcall(sb->L, nargs, nresults, 0);
    sb->time_used += now_seconds() - sb->call_start;
    sb->call_start = 0;
    return status;
}

struct run_args { const char *code; size_t len; const char *chunkname; };

static int run_host_protected(lua_State *L) {
    struct run_args *a = (struct run_args *)lua_touserdata(L, 1);
    if (luaL_loadbufferx(L, a->code, a->len, a->chunkname, "t") != LUA_OK) return lua_error(L);
    lua_call(L, 0, 0);
    return 0;
}

lsb_status lsb_run_host(lsb_sandbox *sb, const char *code, size_t len, const char *chunkname) {
    if (blown(sb)) { finish(sb, LUA_OK); return LSB_DEAD; }
    struct run_args a = { code, len, chunkname };
    lua_settop(sb->L, 0);
    lua_pushcfunction(sb->L, run_host_protected);
    lua_pushlightuserdata(sb->L, &a);
    int status = timed_pcall(sb, 1, 0);
    return finish(sb, status);
}

struct call_args { const char *name; const char *a1; size_t l1; const char *a2; size_t l2; lsb_sandbox *sb; };

static int call_protected(lua_State *L) {
    struct call_args *a = (struct call_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    if (lua_getglobal(L, a->name) != LUA_TFUNCTION)
        return luaL_error(L, "host function '%s' is not defined", a->name);
    int nargs = 0;
    if (a->a1) { lua_pushlstring(L, a->a1, a->l1); nargs++; }
    if (a->a2) { lua_pushlstring(L, a->a2, a->l2); nargs++; }
    lua_call(L, nargs, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        set_result(a->sb, s, len);
    } else {
        set_result(a->sb, "", 0);
    }
    return 0;
}

lsb_status lsb_call(lsb_sandbox *sb, const char *name,
                    const char *arg1, size_t len1, const char *arg2, size_t len2) {
    if (blown(sb)) { finish(sb, LUA_OK); return LSB_DEAD; }
    struct call_args a = { name, arg1, len1, arg2, len2, sb };
    lua_settop(sb->L, 0);
    lua_pushcfunction(sb->L, call_protected);
    lua_pushlightuserdata(sb->L, &a);
    int status = timed_pcall(sb, 1, 0);
    if (status == LUA_OK && !blown(sb)) { lua_settop(sb->L, 0); return LSB_OK; }
    return finish(sb, status);
}

const char *lsb_result(const lsb_sandbox *sb, size_t *len) {
    if (len) *len = sb->result ? sb->result_len : 0;
    return sb->result ? sb->result : "";
}

int64_t lsb_instructions_used(const lsb_sandbox *sb) { return sb->executed; }
int64_t lsb_instruction_budget(const lsb_sandbox *sb) { return sb->budget; }
size_t lsb_memory_peak(const lsb_sandbox *sb) { return sb->peak; }
size_t lsb_memory_limit(const lsb_sandbox *sb) { return sb->limit; }
double lsb_seconds_used(const lsb_sandbox *sb) { return seconds_used(sb); }
