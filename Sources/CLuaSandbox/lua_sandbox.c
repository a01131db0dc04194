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
#include "lua_tree.h"

#define LSB_HOOK_STEP 1000
// Unit fields kept in the unit table itself (see fill_hot); any further ones are read through __index.
#define LSB_MAX_HOT 64

struct lsb_sandbox {
    lua_State *L;
    size_t used, peak, limit;
    int64_t budget, executed;
    size_t alloc_carry;        // bytes allocated not yet charged (less than LSB_BYTES_PER_INSTRUCTION)
    double time_limit, time_used, call_start; // processor seconds of this thread; call_start set while a call runs
    int in_call;               // 1 while a call into Lua runs (call_start is then valid)
    double next_clock_check;   // wall-clock time (monotonic) before which the processor clock is not read again
    int budget_blown;          // 1: instructions spent; 2: time limit reached
    int memory_blown;
    char *result;
    size_t result_len;
    char context[256]; // what the host was evaluating (a unit and a rule), for budget messages
    char where[256];   // file:line of the user's code running when the budget ran out
    // Rule evaluation (lsb_evaluate): the bound rules, the unit being evaluated, what its rule read.
    int eval_ref;              // registry reference of the table the prelude bound (LUA_NOREF before)
    int attr_ref;              // registry slot holding this rule call's copy of u.attr (false: none yet)
    int attr_made;
    const lsb_units *units;    // non-NULL only inside lsb_evaluate
    size_t unit;               // the row of `units` being evaluated
    const char *ctx_label;     // the rule being evaluated ("indicator x"), for budget messages
    struct lsb_read { int kind, index; } *reads; // missing values the rule read, in order
    size_t nreads, reads_cap;
    char *texts;               // lsb_evaluate's result texts
    size_t texts_len, texts_cap;
    int host_work;             // 1 while the host builds values for a rule: allocations not charged
    int host_call;             // 1 while the prelude reads a rule's value on `host`: nothing charged
    lua_State *host;           // a thread without the count hook, for that host work (anchored at host_ref)
    int host_ref;
    int hot_ref;               // registry slot of the unit table's hot keys (see fill_hot), by position
    int hot_slots[LSB_MAX_HOT]; // their slots (as lsb_unit_index numbers them)
    size_t nhot;
};

// Kinds of lsb_read: a fact (index into the fact columns), the population, an attribute field.
enum { READ_FACT = 0, READ_POPULATION = 1, READ_ATTR = 2 };
#define LSB_MAX_READS 10000

static void lsb_hook(lua_State *L, lua_Debug *ar);
static void mark_hot(lua_State *L, lsb_sandbox *sb, int slot, int key);

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
    if (nsize > old && !sb->host_work) { // bytes built in C count against the budget; the hook raises when it is spent
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
// The time limit counts the processor time of the calling thread, not the wall clock: on a
// loaded machine (a build beside the run, other engineers' tests) a script that waits for a core
// is not charged for the wait, so the instruction budget, which is deterministic, stays what
// stops a runaway script; the clock is the backstop for work no count sees.
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// Reading the thread's processor clock is a system call; the monotonic clock (read without one)
// says when it is due: every LSB_CLOCK_INTERVAL seconds.
#define LSB_CLOCK_INTERVAL 0.005
static int clock_due(lsb_sandbox *sb) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double wall = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
    if (wall < sb->next_clock_check) return 0;
    sb->next_clock_check = wall + LSB_CLOCK_INTERVAL;
    return 1;
}

static double seconds_used(const lsb_sandbox *sb) {
    return sb->time_used + (sb->in_call ? now_seconds() - sb->call_start : 0);
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
        else if (clock_due(sb) && seconds_used(sb) > sb->time_limit) blow_budget(L, sb, 2);
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
    if (sb->host_call) return; // the prelude's own work on the host thread is not the script's
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

// Functions that scan their first argument in C without allocating (utf8.len, utf8.offset):
// charge its length (bytes / LSB_BYTES_PER_INSTRUCTION for a string, LSB_ELEMENT_COST per
// element for a table), and check the clock when they are done.
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

// table.concat(list, sep, i, j) walks the elements i..j (default 1..#list): charge those.
// Upvalue 1: the stock function.
static int lsb_table_concat(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer j = lua_isnoneornil(L, 4) ? (lua_Integer)lua_rawlen(L, 1) : luaL_checkinteger(L, 4);
    if (j >= i) charge(L, LSB_ELEMENT_COST * ((double)j - (double)i + 1));
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

// ---------------------------------------------------------------------------------------------
// Rule evaluation: units reach the rules as values on the Lua stack, read from the host's arrays
// (lsb_units) by the C __index of one reused unit table (the fields read most are then set in the
// table for each unit: fill_hot); results are read back from the stack.

static void record_read(lsb_sandbox *sb, int kind, int index) {
    if (sb->nreads >= LSB_MAX_READS) return; // a rule reading missing data in a loop: keep the first
    if (sb->nreads == sb->reads_cap) {
        size_t cap = sb->reads_cap ? sb->reads_cap * 2 : 16;
        struct lsb_read *r = (struct lsb_read *)realloc(sb->reads, cap * sizeof *r);
        if (r == NULL) return;
        sb->reads = r;
        sb->reads_cap = cap;
    }
    sb->reads[sb->nreads].kind = kind;
    sb->reads[sb->nreads].index = index;
    sb->nreads++;
}

// Raises "file:line: <message>" at the rule that indexed, the message made by the Lua function in
// upvalue `fn` from the key (argument 2): as the prelude's error(msg, 2) did.
static int raise_unknown_key(lua_State *L, int fn) {
    lua_pushvalue(L, lua_upvalueindex(fn));
    lua_pushvalue(L, 2);
    lua_call(L, 1, 1);
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

static void push_text(lua_State *L, lsb_text t) {
    if (t.bytes) lua_pushlstring(L, t.bytes, t.length); else lua_pushnil(L);
}

static void push_value(lua_State *L, const lsb_value *v) {
    switch (v->kind) {
    case LSB_VALUE_NUMBER: lua_pushnumber(L, v->number); break;
    case LSB_VALUE_TEXT: push_text(L, v->text); break;
    case LSB_VALUE_TRUE: lua_pushboolean(L, 1); break;
    case LSB_VALUE_FALSE: lua_pushboolean(L, 0); break;
    default: lua_pushnil(L);
    }
}

// The rule call's copy of the unit's non-empty fields, made on first use (upvalue 2: field names
// by column; upvalue 3: the attr metatable).
static void push_attr(lua_State *L, lsb_sandbox *sb) {
    if (sb->attr_made) { lua_rawgeti(L, LUA_REGISTRYINDEX, sb->attr_ref); return; }
    const lsb_units *u = sb->units;
    sb->host_work = 1;
    lua_createtable(L, 0, (int)u->field_count);
    const lsb_value *row = u->attributes + sb->unit * u->field_count;
    for (size_t j = 0; j < u->field_count; j++) {
        if (row[j].kind == LSB_VALUE_NIL) continue;
        if (lua_rawgeti(L, lua_upvalueindex(2), (lua_Integer)j + 1) != LUA_TSTRING) { lua_pop(L, 1); continue; }
        push_value(L, &row[j]);
        lua_rawset(L, -3);
    }
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_rawseti(L, LUA_REGISTRYINDEX, sb->attr_ref);
    sb->attr_made = 1;
    sb->host_work = 0;
}

// __index of the unit table. Upvalues: 1 slots (name → slot: a fact's column from 1, or -1 id,
// -2 name, -3 parent, -4 attr, -5 population), 2 field names, 3 attr metatable, 4 the message of
// an unknown name.
static int lsb_unit_index(lua_State *L) {
    lsb_sandbox *sb = sandbox_of(L);
    const lsb_units *u = sb->units;
    if (u == NULL) return luaL_error(L, "the unit can only be read while its rules are evaluated");
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) return raise_unknown_key(L, 4);
    lua_Integer slot = lua_tointeger(L, -1);
    lua_pop(L, 1);
    size_t i = sb->unit;
    sb->host_work = 1;
    if (slot != -4) mark_hot(L, sb, (int)slot, 2);
    switch (slot) {
    case -1: push_text(L, u->ids[i]); break;
    case -2: push_text(L, u->names[i]); break;
    case -3: push_text(L, u->parents[i]); break;
    case -4: push_attr(L, sb); break;
    case -5:
        if (isnan(u->population[i])) { record_read(sb, READ_POPULATION, 0); lua_pushnil(L); }
        else lua_pushnumber(L, u->population[i]);
        break;
    default:
        if (slot < 1 || (size_t)slot > u->fact_count) { lua_pushnil(L); break; }
        {
            double v = u->facts[i * u->fact_count + (size_t)(slot - 1)];
            if (isnan(v)) { record_read(sb, READ_FACT, (int)slot); lua_pushnil(L); }
            else lua_pushnumber(L, v);
        }
    }
    sb->host_work = 0;
    return 1;
}

// __index of a rule call's u.attr, reached for fields it does not hold. Upvalues: 1 field slots
// (name → column from 1), 2 the message of an unknown field.
static int lsb_attr_index(lua_State *L) {
    lsb_sandbox *sb = sandbox_of(L);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) return raise_unknown_key(L, 2);
    if (sb->units) record_read(sb, READ_ATTR, (int)lua_tointeger(L, -1));
    lua_pushnil(L);
    return 1;
}

// __unit_index(slots, field_names, attr_meta, unknown) and __attr_index(field_slots, unknown):
// the two closures above, for the prelude's metatables. Host-only globals.
static int lsb_make_unit_index(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TFUNCTION);
    lua_settop(L, 4);
    lua_pushcclosure(L, lsb_unit_index, 4);
    return 1;
}

static int lsb_make_attr_index(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_pushcclosure(L, lsb_attr_index, 2);
    return 1;
}

// __bind_evaluation({ fns, numeric, labels, entries, cells, ncells, state, unit, outcome,
// fact_names, field_names }): the rules lsb_evaluate calls. Host-only global.
static int lsb_bind_evaluation(lua_State *L) {
    lsb_sandbox *sb = sandbox_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (sb->eval_ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, sb->eval_ref);
    sb->eval_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    if (sb->attr_ref == LUA_NOREF) {
        lua_pushboolean(L, 0);
        sb->attr_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    if (sb->hot_ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, sb->hot_ref);
    lua_newtable(L);
    sb->hot_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    sb->nhot = 0;
    if (sb->host == NULL) {
        sb->host = lua_newthread(L);
        sb->host_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_sethook(sb->host, NULL, 0, 0); // a new thread takes the hook of the one that made it
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
    lua_pushcfunction(L, lsb_bind_evaluation); lua_setglobal(L, "__bind_evaluation");
    lua_pushcfunction(L, lsb_make_unit_index); lua_setglobal(L, "__unit_index");
    lua_pushcfunction(L, lsb_make_attr_index); lua_setglobal(L, "__attr_index");
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
    wrap(L, LUA_TABLIBNAME, "concat", lsb_table_concat, 0);
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
    if (status != LUA_OK && sb->units && sb->ctx_label) { // stopped inside a rule: say which unit and rule
        lsb_text id = sb->units->ids[sb->unit];
        snprintf(sb->context, sizeof sb->context, "unit %.*s, %s", (int)(id.length < 200 ? id.length : 200),
                 id.bytes ? id.bytes : "", sb->ctx_label);
    }
    if (sb->budget_blown == 2) {
        char msg[512];
        snprintf(msg, sizeof msg, "time limit exceeded (%g s of processor time): the script runs too long (an endless loop, "
                 "or work on very long strings?)%s%s", sb->time_limit,
                 sb->context[0] ? " while evaluating " : "", sb->context);
        set_result(sb, msg, strlen(msg));
        lua_settop(L, 0);
        return LSB_TIME;
    }
    if (sb->budget_blown) {
        char msg[512];
        snprintf(msg, sizeof msg, "instruction budget exceeded (%lld instructions): the script runs too long "
                 "(an endless loop?)%s%s", (long long)sb->budget,
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
    sb->eval_ref = LUA_NOREF;
    sb->attr_ref = LUA_NOREF;
    sb->host_ref = LUA_NOREF;
    sb->hot_ref = LUA_NOREF;
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
    free(sb->reads);
    free(sb->texts);
    free(sb);
}

// lua_pcall with the clock running: the time limit counts time spent in Lua, not in the host.
static int timed_pcall(lsb_sandbox *sb, int nargs, int nresults) {
    sb->call_start = now_seconds();
    sb->in_call = 1;
    int status = lua_pcall(sb->L, nargs, nresults, 0);
    sb->time_used += now_seconds() - sb->call_start;
    sb->in_call = 0;
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
    sb->context[0] = 0;
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
const char *lsb_where(const lsb_sandbox *sb) { return sb->where; }

// ---------------------------------------------------------------------------------------------
// lsb_evaluate

static int append_text(lsb_sandbox *sb, const char *s, size_t len, lsb_rule_result *r) {
    if (sb->texts_len + len + 1 > sb->texts_cap) {
        size_t cap = sb->texts_cap ? sb->texts_cap : 4096;
        while (cap < sb->texts_len + len + 1) cap *= 2;
        char *t = (char *)realloc(sb->texts, cap);
        if (t == NULL) return 0;
        sb->texts = t;
        sb->texts_cap = cap;
    }
    memcpy(sb->texts + sb->texts_len, s, len);
    r->text_offset = sb->texts_len;
    r->text_length = len;
    sb->texts_len += len;
    return 1;
}

// The names of the missing values the rule read, as the prelude words them ("idps",
// "population", "attr NAME"), in a new table on the stack. `facts`, `fields`: stack indices of
// the name lists.
static void push_reads(lua_State *L, lsb_sandbox *sb, int facts, int fields) {
    lua_createtable(L, (int)sb->nreads, 0);
    for (size_t k = 0; k < sb->nreads; k++) {
        struct lsb_read r = sb->reads[k];
        if (r.kind == READ_POPULATION) lua_pushliteral(L, "population");
        else if (r.kind == READ_FACT) lua_rawgeti(L, facts, r.index);
        else { lua_rawgeti(L, fields, r.index); lua_pushfstring(L, "attr %s", lua_tostring(L, -1)); lua_remove(L, -2); }
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
}

struct eval_args { lsb_sandbox *sb; const lsb_units *units; lsb_rule_result *results; size_t results_count; };

// Stack of evaluate_protected: the bound table, its fields, the hot keys, the rules' labels and kinds.
enum { E_BOUND = 1, E_FNS, E_NUMERIC, E_LABELS, E_ENTRIES, E_CELLS, E_STATE, E_UNIT, E_OUTCOME, E_FACTS, E_FIELDS, E_HOT, E_RULES };

// What a rule call left behind: its copy of u.attr and the globals it wrote (`state`: the
// prelude's EVAL_STATE, a stack index; its `layer`, when set, is the table of those globals,
// emptied here and kept for the next call).
static void forget_rule_state(lua_State *L, lsb_sandbox *sb, int state) {
    if (sb->attr_made) { lua_pushboolean(L, 0); lua_rawseti(L, LUA_REGISTRYINDEX, sb->attr_ref); sb->attr_made = 0; }
    if (lua_getfield(L, state, "layer") == LUA_TTABLE) {
        int layer = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, layer)) { // setting a present key to nil while traversing is allowed
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            lua_pushnil(L);
            lua_rawset(L, layer);
        }
        lua_pushnil(L);
        lua_setfield(L, state, "layer");
    }
    lua_pop(L, 1);
}

// The fields of the unit table the rules have read so far ("hot": id, name, parent, population
// or facts; never attr, which is a per-call copy) are set in the table itself for each unit, so
// that reading them again is a plain table read, not a call of the C __index (most rules read
// the same few fields of every unit). A missing value is left out (nil), so that reading it
// still reaches __index, which records it. mark_hot adds the field `key` (a stack index) reads.
static void mark_hot(lua_State *L, lsb_sandbox *sb, int slot, int key) {
    for (size_t j = 0; j < sb->nhot; j++) if (sb->hot_slots[j] == slot) return;
    if (sb->nhot == LSB_MAX_HOT || sb->hot_ref == LUA_NOREF) return;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->hot_ref);
    lua_pushvalue(L, key);
    lua_rawseti(L, -2, (lua_Integer)sb->nhot + 1);
    lua_pop(L, 1);
    sb->hot_slots[sb->nhot++] = slot;
}

static void push_slot_value(lua_State *L, const lsb_units *u, size_t i, int slot) {
    switch (slot) {
    case -1: push_text(L, u->ids[i]); break;
    case -2: push_text(L, u->names[i]); break;
    case -3: push_text(L, u->parents[i]); break;
    case -5: if (isnan(u->population[i])) lua_pushnil(L); else lua_pushnumber(L, u->population[i]); break;
    default: {
        double v = slot >= 1 && (size_t)slot <= u->fact_count ? u->facts[i * u->fact_count + (size_t)(slot - 1)] : NAN;
        if (isnan(v)) lua_pushnil(L); else lua_pushnumber(L, v);
    }
    }
}

// Sets the hot fields of the unit table (stack index `unit`; `hot`: the hot keys by position) to
// unit row `i`'s values, or all to nil when `u` is NULL (after the evaluation: the table is empty
// again outside it).
static void fill_hot(lua_State *L, lsb_sandbox *sb, int unit, int hot, const lsb_units *u, size_t i) {
    sb->host_work = 1;
    for (size_t j = 0; j < sb->nhot; j++) {
        lua_rawgeti(L, hot, (lua_Integer)j + 1);
        if (u) push_slot_value(L, u, i, sb->hot_slots[j]); else lua_pushnil(L);
        lua_rawset(L, unit);
    }
    sb->host_work = 0;
}

// Rules from unit `k`, rule `next` on, inside one protected call (for as many units as take the
// fast path: a finite number from an indicator or the cost, true or false from the others, stored
// as they come). On any other value the call returns it (`k` and `next` say whose), and on an
// error the error leaves it, so that the caller asks the prelude what it means with that rule's
// reads and resumes at the rule after. Every rule starts from the top level's upvalues.
struct rule_info { const char *label; int numeric; };
struct unit_run {
    lsb_sandbox *sb;
    const lsb_units *units;
    lsb_rule_result *results;      // units->count × nfns
    const struct rule_info *rules; // nfns of them
    size_t k;                      // position in units->indices of the unit evaluated
    lua_Integer next, nfns, ncells;
};
enum { U_RUN = 1, U_FNS, U_CELLS, U_STATE, U_UNIT, U_HOT, U_ARGS = U_HOT - 1 };

static int unit_rules_protected(lua_State *L) {
    struct unit_run *u = (struct unit_run *)lua_touserdata(L, U_RUN);
    lsb_sandbox *sb = u->sb;
    const lsb_units *units = u->units;
    lua_Integer nfns = u->nfns, ntriples = u->ncells / 3;
    // The rule functions, then each upvalue cell's function and value, on this frame's stack;
    // the cells' upvalue numbers in `index`.
    luaL_checkstack(L, (int)(nfns + 2 * ntriples + 16), "rule evaluation");
    sb->host_work = 1;
    int *index = ntriples ? (int *)lua_newuserdatauv(L, sizeof(int) * (size_t)ntriples, 0) : NULL;
    sb->host_work = 0;
    int fn_base = lua_gettop(L) + 1;
    for (lua_Integer r = 1; r <= nfns; r++) lua_rawgeti(L, U_FNS, r);
    int cell_base = lua_gettop(L) + 1;
    for (lua_Integer c = 0; c < ntriples; c++) {
        lua_rawgeti(L, U_CELLS, 3 * c + 1);
        lua_rawgeti(L, U_CELLS, 3 * c + 2);
        index[c] = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, U_CELLS, 3 * c + 3);
    }
    for (; u->k < units->count; u->k++, u->next = 1) {
        if (u->next == 1) {
            sb->unit = units->indices[u->k];
            fill_hot(L, sb, U_UNIT, U_HOT, units, sb->unit);
        }
        lsb_rule_result *results = &u->results[u->k * (size_t)nfns];
        for (lua_Integer r = u->next; r <= nfns; r++) {
            u->next = r;
            for (lua_Integer c = 0; c < ntriples; c++) {
                lua_pushvalue(L, cell_base + 2 * (int)c + 1);
                if (lua_setupvalue(L, cell_base + 2 * (int)c, index[c]) == NULL) lua_pop(L, 1);
            }
            sb->ctx_label = u->rules[r - 1].label;
            sb->nreads = 0;
            sb->host_work = 0;
            lua_pushvalue(L, fn_base + (int)r - 1);
            lua_pushvalue(L, U_UNIT);
            lua_call(L, 1, 1);
            forget_rule_state(L, sb, U_STATE);
            lsb_rule_result *res = &results[r - 1];
            int t = lua_type(L, -1);
            if (u->rules[r - 1].numeric && t == LUA_TNUMBER && isfinite(lua_tonumber(L, -1))) {
                res->kind = LSB_RESULT_NUMBER;
                res->number = lua_tonumber(L, -1);
            } else if (!u->rules[r - 1].numeric && t == LUA_TBOOLEAN) {
                res->kind = lua_toboolean(L, -1) ? LSB_RESULT_TRUE : LSB_RESULT_FALSE;
            } else {
                return 1;
            }
            lua_pop(L, 1);
        }
    }
    return 0;
}

// Calls the outcome function and its 5 arguments on top of L's stack, leaving its 2 results, as
// host work: on the thread without the count hook (L's count toward its next hook is untouched),
// with nothing charged to the script's budget. Only for values no script code can run on (not a
// table or userdata, whose metamethods could): the memory cap still holds.
static void call_outcome_as_host(lua_State *L, lsb_sandbox *sb) {
    lua_State *H = sb->host;
    if (H == NULL) { luaL_error(L, "internal: no host thread for the rules' outcomes"); return; }
    lua_xmove(L, H, 6);
    sb->host_call = 1;
    sb->host_work = 1;
    int status = lua_pcall(H, 5, 2, 0);
    sb->host_call = 0;
    sb->host_work = 0;
    if (status == LUA_ERRMEM) sb->memory_blown = 1;
    if (status != LUA_OK) { lua_xmove(H, L, 1); lua_error(L); }
    lua_xmove(H, L, 2);
}

static int evaluate_protected(lua_State *L) {
    struct eval_args *a = (struct eval_args *)lua_touserdata(L, 1);
    lsb_sandbox *sb = a->sb;
    lua_settop(L, 0);
    luaL_checkstack(L, 40, "rule evaluation");
    if (sb->eval_ref == LUA_NOREF) return luaL_error(L, "internal: no rules were bound for evaluation");
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->eval_ref);
    static const char *const fields[] = { "fns", "numeric", "labels", "entries", "cells", "state", "unit", "outcome",
                                          "fact_names", "field_names" };
    for (int f = 0; f < E_HOT - 2; f++) lua_getfield(L, E_BOUND, fields[f]);
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->hot_ref);
    lua_getfield(L, E_BOUND, "ncells");
    lua_Integer ncells = lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_Integer nfns = (lua_Integer)lua_rawlen(L, E_FNS);
    const lsb_units *units = a->units;
    if ((size_t)nfns * units->count != a->results_count)
        return luaL_error(L, "internal: %d results expected for %d units × %d rules",
                          (int)a->results_count, (int)units->count, (int)nfns);
    // Each rule's label (anchored in the bound table) and kind, read once.
    sb->host_work = 1;
    struct rule_info *rules = (struct rule_info *)lua_newuserdatauv(L, sizeof(struct rule_info) * (size_t)(nfns ? nfns : 1), 0);
    sb->host_work = 0;
    for (lua_Integer r = 1; r <= nfns; r++) {
        lua_rawgeti(L, E_LABELS, r);
        rules[r - 1].label = lua_tostring(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, E_NUMERIC, r);
        rules[r - 1].numeric = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    lua_pushboolean(L, 1);
    lua_setfield(L, E_STATE, "evaluating");
    sb->units = units;
    fill_hot(L, sb, E_UNIT, E_HOT, NULL, 0);
    struct unit_run run = { sb, units, a->results, rules, 0, 1, nfns, ncells };
    while (nfns > 0 && run.k < units->count) {
        lua_pushcfunction(L, unit_rules_protected);
        lua_pushlightuserdata(L, &run);
        lua_pushvalue(L, E_FNS);
        lua_pushvalue(L, E_CELLS);
        lua_pushvalue(L, E_STATE);
        lua_pushvalue(L, E_UNIT);
        lua_pushvalue(L, E_HOT);
        int status = lua_pcall(L, U_ARGS + 1, 1, 0);
        if (status == LUA_ERRMEM) sb->memory_blown = 1;
        if (status != LUA_OK && blown(sb)) return lua_error(L);
        if (status == LUA_OK && run.k >= units->count) { lua_pop(L, 1); break; } // every rule left took the fast path
        if (status != LUA_OK) forget_rule_state(L, sb, E_STATE); // the rule raised: its leftovers
        lua_Integer r = run.next;
        lsb_rule_result *res = &run.results[run.k * (size_t)nfns + (size_t)(r - 1)];
        run.next = r + 1;
        if (run.next > nfns) { run.k++; run.next = 1; }
        // Anything else: the prelude says what it means (missing, or an error and its words).
        int user_code_may_run = lua_type(L, -1) == LUA_TTABLE || lua_type(L, -1) == LUA_TUSERDATA;
        lua_pushvalue(L, E_OUTCOME);
        lua_rawgeti(L, E_ENTRIES, r);
        lua_pushboolean(L, status == LUA_OK);
        lua_pushvalue(L, -4);
        sb->host_work = 1;
        push_reads(L, sb, E_FACTS, E_FIELDS);
        push_text(L, units->ids[sb->unit]);
        sb->host_work = 0;
        if (user_code_may_run) lua_call(L, 5, 2); // a table's __tostring is the script's: charged
        else call_outcome_as_host(L, sb);
        const char *kind = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
        res->text_offset = res->text_length = 0;
        res->number = 0;
        if (strcmp(kind, "N") == 0 && lua_type(L, -1) == LUA_TNUMBER) {
            res->kind = LSB_RESULT_NUMBER;
            res->number = lua_tonumber(L, -1);
        } else if (strcmp(kind, "T") == 0 || strcmp(kind, "F") == 0) {
            res->kind = kind[0] == 'T' ? LSB_RESULT_TRUE : LSB_RESULT_FALSE;
        } else if ((strcmp(kind, "M") == 0 || strcmp(kind, "E") == 0) && lua_type(L, -1) == LUA_TSTRING) {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            res->kind = kind[0] == 'M' ? LSB_RESULT_MISSING : LSB_RESULT_ERROR;
            if (!append_text(sb, s, len, res)) return luaL_error(L, "out of memory for the rules' messages");
        } else {
            return luaL_error(L, "internal: the outcome of rule %d could not be read", (int)r);
        }
        lua_pop(L, 3);
    }
    fill_hot(L, sb, E_UNIT, E_HOT, NULL, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, E_STATE, "evaluating");
    sb->ctx_label = NULL;
    return 0;
}

lsb_status lsb_evaluate(lsb_sandbox *sb, const lsb_units *units, lsb_rule_result *results, size_t results_count) {
    if (blown(sb)) { finish(sb, LUA_OK); return LSB_DEAD; }
    sb->context[0] = 0;
    sb->texts_len = 0;
    struct eval_args a = { sb, units, results, results_count };
    lua_settop(sb->L, 0);
    lua_pushcfunction(sb->L, evaluate_protected);
    lua_pushlightuserdata(sb->L, &a);
    int status = timed_pcall(sb, 1, 0);
    lsb_status out = (status == LUA_OK && !blown(sb)) ? LSB_OK : finish(sb, status);
    lua_settop(sb->L, 0);
    sb->units = NULL;
    sb->ctx_label = NULL;
    sb->host_work = 0;
    return out;
}

const char *lsb_texts(const lsb_sandbox *sb, size_t *len) {
    if (len) *len = sb->texts ? sb->texts_len : 0;
    return sb->texts ? sb->texts : "";
}

lsb_status lsb_spent(const lsb_sandbox *sb) {
    if (sb->memory_blown) return LSB_MEMORY;
    if (sb->budget_blown == 2) return LSB_TIME;
    if (sb->budget_blown) return LSB_BUDGET;
    return LSB_OK;
}

const char *lsb_syntax_error(const char *code, size_t len, const char *chunkname) {
    static char message[1024];
    lua_State *L = luaL_newstate();
    if (L == NULL) { snprintf(message, sizeof message, "could not create a Lua state"); return message; }
    const char *out = NULL;
    if (luaL_loadbufferx(L, code, len, chunkname, "t") != LUA_OK) {
        snprintf(message, sizeof message, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(no message)");
        out = message;
    }
    lua_close(L);
    return out;
}

// ---------------------------------------------------------------------------------------------
// A host function's result copied out with its types (lsb_tree): the declaration's way to Swift.
struct tree_args { const char *name; lsb_tree *out; };

static int call_tree_protected(lua_State *L) {
    struct tree_args *a = (struct tree_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    if (lua_getglobal(L, a->name) != LUA_TFUNCTION)
        return luaL_error(L, "host function '%s' is not defined", a->name);
    lua_call(L, 0, 1);
    const char *why = lsb_tree_copy(L, -1, a->out);
    if (why != NULL) return luaL_error(L, "internal: %s", why);
    return 0;
}

lsb_status lsb_call_tree(lsb_sandbox *sb, const char *name, lsb_tree *out) {
    if (blown(sb)) { finish(sb, LUA_OK); return LSB_DEAD; }
    sb->context[0] = 0;
    struct tree_args a = { name, out };
    lua_settop(sb->L, 0);
    lua_pushcfunction(sb->L, call_tree_protected);
    lua_pushlightuserdata(sb->L, &a);
    int status = timed_pcall(sb, 1, 0);
    if (status == LUA_OK && !blown(sb)) { lua_settop(sb->L, 0); return LSB_OK; }
    return finish(sb, status);
}
