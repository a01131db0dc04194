#ifndef LUA_SANDBOX_H
#define LUA_SANDBOX_H
// The C layer between Swift and Lua. Every Lua call that can raise (and so `longjmp`) happens
// inside `lua_pcall` here, so no longjmp ever crosses a Swift frame. Swift only sees status codes
// and copies of strings kept outside the Lua heap.
//
// One sandbox = one lua_State with:
//  - an allocator that refuses to grow past `memory_limit` bytes (a memory bomb becomes a clean error)
//    and charges every byte it hands out against the instruction budget (1 per LSB_BYTES_PER_INSTRUCTION bytes),
//    so that work done in C to build strings and tables counts like instructions;
//  - an instruction-count hook: once `instruction_budget` is spent, or `seconds` of processor time
//    have passed inside calls into Lua, the hook raises on every later instruction, and the
//    sandbox's own `pcall`/`xpcall` re-raise it, so scripts cannot swallow it;
//  - wrappers around the library functions that work in C without instructions (string.rep,
//    find/match/gmatch/gsub, table.move/insert/remove/sort): they charge their work before doing it
//    and check the clock, so every script ends within the budget or the time limit;
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
    LSB_BUDGET = 2,  // the instruction budget (or the time limit) was spent
    LSB_MEMORY = 3,  // the memory cap was hit
    LSB_DEAD = 4,    // a previous call blew the budget or the memory cap: the state is unusable
    LSB_TIME = 5,    // the time limit was reached
} lsb_status;

// Unit values handed to the rules through the C API (no text encoding). Text is UTF-8 bytes
// owned by the caller for the duration of the call; `bytes` NULL means no value.
typedef struct { const char *bytes; size_t length; } lsb_text;
enum { LSB_VALUE_NIL = 0, LSB_VALUE_NUMBER = 1, LSB_VALUE_TEXT = 2, LSB_VALUE_TRUE = 3, LSB_VALUE_FALSE = 4 };
typedef struct { int kind; double number; lsb_text text; } lsb_value;
typedef struct {
    size_t count;              // units to evaluate now
    const size_t *indices;     // which: rows of the arrays below (count of them)
    const lsb_text *ids, *names, *parents; // one per row; a parent may be none
    const double *population;  // one per row; NaN = no usable figure
    size_t field_count;        // columns of `attributes`, in the order given to __host_set_fields
    const lsb_value *attributes; // rows × field_count
    size_t fact_count;         // columns of `facts`, in the order the script declared them
    const double *facts;       // rows × fact_count; NaN = missing
} lsb_units;

// What one rule call gave. `text` (an offset and length into lsb_texts) for MISSING (why) and
// ERROR ("file:line: message (unit …, kind name)").
typedef enum {
    LSB_RESULT_NUMBER = 1, LSB_RESULT_MISSING = 2, LSB_RESULT_TRUE = 3, LSB_RESULT_FALSE = 4, LSB_RESULT_ERROR = 5,
} lsb_result_kind;
typedef struct { int kind; double number; size_t text_offset, text_length; } lsb_rule_result;

// Largest string `string.rep` may build (bytes).
#define LSB_MAX_REP_BYTES ((size_t)16 * 1024 * 1024)
// Pattern guard: a call of find/match/gmatch/gsub whose step bound (lsb_pattern_cost) exceeds this is
// refused; Lua's matcher backtracks in C, out of reach of the instruction hook, and
// ("a"):rep(200):find(("a*"):rep(4) .. "b") takes 30 s. Measured: a call bounded by 1.9e8 steps
// (("a"):rep(400):find("a*a*b")) takes 0.3 s.
#define LSB_PATTERN_MAX_COST 5e8
// Bytes allocated per instruction charged (fresh memory costs page faults and copies: about 1 ns a byte).
#define LSB_BYTES_PER_INSTRUCTION 4
// Instructions charged per element that table.insert/remove shift (a table read and write in C,
// about 40 ns; an instruction takes about 10).
#define LSB_ELEMENT_COST 4
// Instructions charged per step (n log2 n of them) of table.sort, a stable merge sort (measured:
// about 100 ns a step).
#define LSB_SORT_COST 12
// `table.move` over more than this many elements is refused (it runs in C without instructions).
#define LSB_MAX_MOVE 10000000

// NULL if the state could not be created (out of memory).
// `seconds`: processor time of the calling thread allowed inside calls into Lua, added up over calls.
lsb_sandbox *lsb_new(size_t memory_limit, int64_t instruction_budget, double seconds);
void lsb_free(lsb_sandbox *sb);

// Runs trusted host code (the rules prelude) in the full global table. Text chunks only.
lsb_status lsb_run_host(lsb_sandbox *sb, const char *code, size_t len, const char *chunkname);

// Calls the global function `name` of the host table with up to two string arguments (pass NULL to
// omit). Its result (a string, or nothing) is then available through lsb_result.
lsb_status lsb_call(lsb_sandbox *sb, const char *name,
                    const char *arg1, size_t len1, const char *arg2, size_t len2);

// Calls every rule function bound by the prelude (__bind_evaluation) for each unit of `units`,
// in unit order then rule order, and fills `results` (units->count × rule count). A rule's error
// is a result, not a failure; a spent budget, time or memory is a failure, as for lsb_call.
lsb_status lsb_evaluate(lsb_sandbox *sb, const lsb_units *units, lsb_rule_result *results, size_t results_count);
// The texts of the last lsb_evaluate's results. Owned by the sandbox, valid until the next call.
const char *lsb_texts(const lsb_sandbox *sb, size_t *len);

// What stopped the state for good: LSB_BUDGET, LSB_TIME, LSB_MEMORY, or LSB_OK while it is usable.
lsb_status lsb_spent(const lsb_sandbox *sb);

// NULL when `code` is a valid Lua 5.4 text chunk; otherwise the compiler's message (static
// storage, valid until the next call). Compiles in a fresh plain state: nothing runs.
const char *lsb_syntax_error(const char *code, size_t len, const char *chunkname);

// The last result or error message. Owned by the sandbox, valid until the next call.
const char *lsb_result(const lsb_sandbox *sb, size_t *len);

int64_t lsb_instructions_used(const lsb_sandbox *sb);
int64_t lsb_instruction_budget(const lsb_sandbox *sb);
size_t lsb_memory_peak(const lsb_sandbox *sb);
size_t lsb_memory_limit(const lsb_sandbox *sb);

double lsb_seconds_used(const lsb_sandbox *sb);
// Where the user's script was when the budget or the time limit ran out, "file:line" (the chunk
// name without '@'), or "" when not in a file chunk: a value, not a prefix of the message.
const char *lsb_where(const lsb_sandbox *sb);

// Upper bound on the steps of one pattern call (see lua_pattern_cost.c). `anchored_ok`: 0 for
// gmatch, whose '^' does not anchor; `plain`: find with plain = true.
double lsb_pattern_cost(const char *pattern, size_t pattern_len, const char *subject, size_t subject_len,
                        int anchored_ok, int plain);

// A Lua value copied out of the Lua heap, with its types kept (no text encoding): the way the
// prelude's declaration reaches the host. Nodes in pre-order: a TABLE node is followed by
// `entries` pairs, each a key subtree then a value subtree. STRING (and OTHER, which holds the
// Lua type's name) point into `text` by offset and length. Key order is Lua's traversal order,
// which differs from run to run: the reader must not depend on it.
typedef enum {
    LSB_TREE_NIL = 0, LSB_TREE_FALSE = 1, LSB_TREE_TRUE = 2, LSB_TREE_INTEGER = 3, LSB_TREE_FLOAT = 4,
    LSB_TREE_STRING = 5, LSB_TREE_TABLE = 6, LSB_TREE_OTHER = 7,
} lsb_tree_kind;
typedef struct { int kind; int64_t integer; double number; size_t offset, length, entries; } lsb_tree_node;
typedef struct { lsb_tree_node *nodes; size_t count, cap; char *text; size_t text_len, text_cap; } lsb_tree;
// Tables nested deeper than this are refused (a cycle would otherwise never end).
#define LSB_TREE_MAX_DEPTH 64

// Calls the host function `name` with no argument and copies the value it returns into `out`
// (zeroed by the caller; free it with lsb_tree_free whatever the status).
lsb_status lsb_call_tree(lsb_sandbox *sb, const char *name, lsb_tree *out);
void lsb_tree_free(lsb_tree *tree);

#ifdef __cplusplus
}
#endif
#endif
