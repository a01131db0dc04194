#ifndef LUA_SANDBOX_H
#define LUA_SANDBOX_H
// The C layer between Swift and Lua. Every Lua call that can raise (and so `longjmp`) happens
// inside `lua_pcall` here, so no longjmp ever crosses a Swift frame. Swift only sees status codes
// and copies of strings kept outside the Lua heap.
//
// One sandbox = one lua_State with:
//  - an allocator that refuses to grow past `memory_limit` bytes (a memory bomb becomes a clean error);
//  - an instruction-count hook: once `instruction_budget` is spent the hook raises on every later
//    instruction, and the sandbox's own `pcall`/`xpcall` re-raise it, so scripts cannot swallow it;
//  - a reduced standard library (see lua_sandbox.c for the exact rules).
// The sandbox is not thread-safe: use it from one thread at a time.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lsb_sandbox lsb_sandbox;

typedef enum {
    LSB_OK = 0,
    LSB_ERROR = 1,   // the script raised an error (message available)
    LSB_BUDGET = 2,  // the instruction budget was spent
    LSB_MEMORY = 3,  // the memory cap was hit
    LSB_DEAD = 4,    // a previous call blew the budget or the memory cap: the state is unusable
} lsb_status;

// Largest string `string.rep` may build (bytes).
#define LSB_MAX_REP_BYTES ((size_t)16 * 1024 * 1024)
// Pattern guard: a pattern with q quantifiers (* + - ?) over a subject of n bytes is refused when
// n^(q+1) (n^q when anchored with ^) exceeds this: Lua's matcher backtracks in C, out of reach of the
// instruction hook, and ("a"):rep(200):find(("a*"):rep(4) .. "b") takes 30 s.
#define LSB_PATTERN_MAX_COST 1e9
// `table.move` over more than this many elements is refused (it runs in C without instructions).
#define LSB_MAX_MOVE 10000000

// NULL if the state could not be created (out of memory).
lsb_sandbox *lsb_new(size_t memory_limit, int64_t instruction_budget);
void lsb_free(lsb_sandbox *sb);

// Runs trusted host code (the rules prelude) in the full global table. Text chunks only.
lsb_status lsb_run_host(lsb_sandbox *sb, const char *code, size_t len, const char *chunkname);

// Calls the global function `name` of the host table with up to two string arguments (pass NULL to
// omit). Its result (a string, or nothing) is then available through lsb_result.
lsb_status lsb_call(lsb_sandbox *sb, const char *name,
                    const char *arg1, size_t len1, const char *arg2, size_t len2);

// The last result or error message. Owned by the sandbox, valid until the next call.
const char *lsb_result(const lsb_sandbox *sb, size_t *len);

int64_t lsb_instructions_used(const lsb_sandbox *sb);
int64_t lsb_instruction_budget(const lsb_sandbox *sb);
size_t lsb_memory_peak(const lsb_sandbox *sb);
size_t lsb_memory_limit(const lsb_sandbox *sb);

// Exposed for tests of the guard itself: 1 when the pattern is allowed on a subject of that length.
int lsb_pattern_allowed(const char *pattern, size_t pattern_len, size_t subject_len, int anchored_ok);

#ifdef __cplusplus
}
#endif
#endif
