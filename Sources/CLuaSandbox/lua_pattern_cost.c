// An upper bound on the work Lua's pattern matcher may do for one call of find/match/gmatch/gsub.
//
// The matcher runs in C, where no instruction is counted and no hook can stop it, and it
// backtracks: ("a"):rep(200):find(("a*"):rep(4) .. "b") takes half a minute. So before each call
// the sandbox bounds the number of steps from the pattern and the subject, refuses the call when
// the bound is too large, and charges the bound against the instruction budget otherwise.
//
// The bound follows how the matcher works (Lua 5.4 manual §6.4.1 for the pattern items):
//  - it tries every start position (one when the pattern is anchored with '^');
//  - a single character class without a quantifier costs one test (a set [...] costs its length),
//    and the matcher moves on without backtracking;
//  - x* x+ x- first count how many characters match (at most r, the longest run of characters of
//    that class in the subject), then try the rest of the pattern for every count: r+1 branches;
//  - x? tries the rest with and without the character: 2 branches;
//  - %1..%9 compare a capture (at most n bytes), %bxy scans at most n bytes, %f tests one set.
// So, from the last item to the first: T = 1, then per item T = c + T (plain), c + 2T (?),
// (r+1)(c + T) (* + -), n + T (back reference, %b); the bound is starts × T. A plain find (or a
// pattern without specials) compares at most m bytes at each of the n+1 starts.
#include "lua_sandbox.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

// Above this many class tests, the runs of a class are not measured: r = n (a safe overestimate).
#define LSB_RUN_SCAN_LIMIT 50000000.0

static int class_matches(int c, int cl) {
    int res;
    switch (tolower(cl)) {
        case 'a': res = isalpha(c); break;
        case 'c': res = iscntrl(c); break;
        case 'd': res = isdigit(c); break;
        case 'g': res = isgraph(c); break;
        case 'l': res = islower(c); break;
        case 'p': res = ispunct(c); break;
        case 's': res = isspace(c); break;
        case 'u': res = isupper(c); break;
        case 'w': res = isalnum(c); break;
        case 'x': res = isxdigit(c); break;
        default: return cl == c; // an escaped character stands for itself
    }
    if (isupper(cl)) res = !res;
    return res != 0;
}

// Index just past the single-character class starting at p[i] ('.', 'x', '%x' or a set).
static size_t class_end(const char *p, size_t lp, size_t i) {
    char c = p[i++];
    if (c == '%') return i < lp ? i + 1 : lp;
    if (c == '[') {
        if (i < lp && p[i] == '^') i++;
        do { // the first character of a set may be ']' itself
            if (i >= lp) return lp;
            if (p[i++] == '%' && i < lp) i++;
        } while (i < lp && p[i] != ']');
        return i < lp ? i + 1 : lp;
    }
    return i;
}

// Does subject byte c match the set p[start..end) ('[' ... ']')?
static int set_matches(int c, const char *p, size_t start, size_t end) {
    size_t i = start + 1, last = end - 1; // p[last] == ']'
    int negate = 0;
    if (i < last && p[i] == '^') { negate = 1; i++; }
    int found = 0;
    while (i < last && !found) {
        if (p[i] == '%' && i + 1 < last) {
            found = class_matches(c, (unsigned char)p[i + 1]);
            i += 2;
        } else if (i + 2 < last && p[i + 1] == '-') {
            found = (unsigned char)p[i] <= c && c <= (unsigned char)p[i + 2];
            i += 3;
        } else {
            found = (unsigned char)p[i] == c;
            i++;
        }
    }
    return negate ? !found : found;
}

static int single_matches(int c, const char *p, size_t start, size_t end) {
    switch (p[start]) {
        case '.': return 1;
        case '%': return start + 1 < end && class_matches(c, (unsigned char)p[start + 1]);
        case '[': return end > start + 1 && set_matches(c, p, start, end);
        default: return (unsigned char)p[start] == c;
    }
}

// Longest run of consecutive subject bytes that match the class p[start..end).
static double longest_run(const char *s, size_t ls, const char *p, size_t start, size_t end) {
    size_t best = 0, run = 0;
    for (size_t k = 0; k < ls; k++) {
        if (single_matches((unsigned char)s[k], p, start, end)) { if (++run > best) best = run; }
        else run = 0;
    }
    return (double)best;
}

double lsb_pattern_cost(const char *p, size_t lp, const char *s, size_t ls, int anchored_ok, int plain) {
    double n = (double)ls;
    if (plain) return (n + 1) * (double)(lp > 0 ? lp : 1);
    int anchored = anchored_ok && lp > 0 && p[0] == '^';
    size_t i = anchored ? 1 : 0;

    // Items left to right, then the bound right to left. Patterns deeper than Lua's own limit
    // (200 nested items) fail in Lua anyway; longer ones are counted as infinitely costly.
    enum { MAX_ITEMS = 512 };
    struct item { double plain_cost, extra; char quantifier; size_t start, end; } items[MAX_ITEMS];
    int count = 0;
    double scan_work = 0;
    while (i < lp) {
        if (count == MAX_ITEMS) return HUGE_VAL;
        struct item *it = &items[count++];
        it->quantifier = 0; it->extra = 0; it->start = i;
        char c = p[i];
        if (c == '(' || c == ')') { it->plain_cost = 1; it->end = ++i; continue; }
        if (c == '$' && i + 1 == lp) { it->plain_cost = 1; it->end = ++i; continue; }
        if (c == '%' && i + 1 < lp) {
            char d = p[i + 1];
            if (d == 'b') { it->plain_cost = n + 1; i = i + 4 < lp ? i + 4 : lp; it->end = i; continue; }
            if (d == 'f') {
                size_t e = (i + 2 < lp) ? class_end(p, lp, i + 2) : lp;
                it->plain_cost = (double)(e - i); it->end = i = e; continue;
            }
            if (d >= '0' && d <= '9') { it->plain_cost = n + 1; it->end = i = i + 2; continue; }
        }
        size_t e = class_end(p, lp, i);
        it->plain_cost = (p[i] == '[') ? (double)(e - i) : 1;
        it->end = e;
        i = e;
        if (i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?')) {
            it->quantifier = p[i++];
            if (it->quantifier != '?') scan_work += n * it->plain_cost;
        }
    }
    double total = 1;
    for (int k = count - 1; k >= 0; k--) {
        struct item *it = &items[k];
        switch (it->quantifier) {
            case 0: total = it->plain_cost + total; break;
            case '?': total = it->plain_cost + 2 * total; break;
            default: {
                double r = scan_work <= LSB_RUN_SCAN_LIMIT ? longest_run(s, ls, p, it->start, it->end) : n;
                total = (r + 1) * (it->plain_cost + total);
            }
        }
    }
    return (anchored ? 1 : n + 1) * total;
}
