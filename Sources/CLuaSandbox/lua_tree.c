// A Lua value copied out of the Lua heap with its types kept: numbers as integers or floats,
// strings as bytes, tables as key/value pairs (see lsb_tree in lua_sandbox.h). The copy lives in
// malloc'd memory, outside the script's memory cap and instruction budget: it is the host's work.
#include "lua_tree.h"
#include <stdlib.h>
#include <string.h>

static int push_node(lsb_tree *t, size_t *index) {
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        lsb_tree_node *n = (lsb_tree_node *)realloc(t->nodes, cap * sizeof *n);
        if (n == NULL) return 0;
        t->nodes = n;
        t->cap = cap;
    }
    memset(&t->nodes[t->count], 0, sizeof t->nodes[t->count]);
    *index = t->count++;
    return 1;
}

static int push_text(lsb_tree *t, const char *s, size_t len, lsb_tree_node *node) {
    if (len > t->text_cap - t->text_len) {
        size_t cap = t->text_cap ? t->text_cap : 1024;
        while (len > cap - t->text_len) cap *= 2;
        char *p = (char *)realloc(t->text, cap);
        if (p == NULL) return 0;
        t->text = p;
        t->text_cap = cap;
    }
    if (len) memcpy(t->text + t->text_len, s, len);
    node->offset = t->text_len;
    node->length = len;
    t->text_len += len;
    return 1;
}

static const char *copy(lua_State *L, int idx, lsb_tree *t, int depth) {
    size_t at;
    if (!push_node(t, &at)) return "out of memory while reading the declaration";
    int type = lua_type(L, idx);
    switch (type) {
    case LUA_TNIL: t->nodes[at].kind = LSB_TREE_NIL; return NULL;
    case LUA_TBOOLEAN: t->nodes[at].kind = lua_toboolean(L, idx) ? LSB_TREE_TRUE : LSB_TREE_FALSE; return NULL;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            t->nodes[at].kind = LSB_TREE_INTEGER;
            t->nodes[at].integer = (int64_t)lua_tointeger(L, idx);
        } else {
            t->nodes[at].kind = LSB_TREE_FLOAT;
            t->nodes[at].number = (double)lua_tonumber(L, idx);
        }
        return NULL;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len); // a string already: no conversion, no allocation
        t->nodes[at].kind = LSB_TREE_STRING;
        return push_text(t, s, len, &t->nodes[at]) ? NULL : "out of memory while reading the declaration";
    }
    case LUA_TTABLE: {
        if (depth >= LSB_TREE_MAX_DEPTH) return "the declaration nests tables too deeply (a table that contains itself?)";
        if (!lua_checkstack(L, 3)) return "the declaration nests tables too deeply for the Lua stack";
        t->nodes[at].kind = LSB_TREE_TABLE;
        int table = lua_absindex(L, idx);
        size_t entries = 0;
        lua_pushnil(L);
        while (lua_next(L, table) != 0) { // raw traversal: no __pairs, no __index
            const char *e = copy(L, -2, t, depth + 1);
            if (e == NULL) e = copy(L, -1, t, depth + 1);
            if (e != NULL) { lua_pop(L, 2); return e; }
            lua_pop(L, 1);
            entries++;
        }
        t->nodes[at].entries = entries;
        return NULL;
    }
    default: {
        const char *name = lua_typename(L, type);
        t->nodes[at].kind = LSB_TREE_OTHER;
        return push_text(t, name, strlen(name), &t->nodes[at]) ? NULL : "out of memory while reading the declaration";
    }
    }
}

const char *lsb_tree_copy(lua_State *L, int idx, lsb_tree *tree) {
    return copy(L, lua_absindex(L, idx), tree, 0);
}

void lsb_tree_free(lsb_tree *tree) {
    if (tree == NULL) return;
    free(tree->nodes);
    free(tree->text);
    memset(tree, 0, sizeof *tree);
}
