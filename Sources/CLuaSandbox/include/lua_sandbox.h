#ifndef LUA_SANDBOX_H
#define LUA_SANDBOX_H
// Placeholder, replaced by the rules engine's C layer.
int lsb_version(void);
#endif
