#ifndef CSHA256_H
#define CSHA256_H
#include <stddef.h>
#include <stdint.h>

/// Compresses `blocks` 64-byte blocks of `data` into the SHA-256 state (eight words, FIPS 180-4
/// order), with the CPU's SHA extensions when it has them, else in portable C.
void csha256_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when the SHA extensions are used, 0 otherwise (for the tests, which check both paths).
int csha256_uses_sha_extensions(void);

/// The portable path alone, whatever the CPU (for the tests).
void csha256_compress_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
