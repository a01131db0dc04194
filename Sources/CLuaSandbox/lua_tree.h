#ifndef LUA_TREE_H
#define LUA_TREE_H
// Copying a Lua value into an lsb_tree (lua_tree.c), for lsb_call_tree (lua_sandbox.c).
#include <lua.h>
#include "lua_sandbox.h"

// Copies the value at stack index `idx`. Raw reads only, and no Lua allocation: nothing here
// raises or runs a metamethod. NULL on success, else why not (static text).
const char *lsb_tree_copy(lua_State *L, int idx, lsb_tree *tree);
#endif
