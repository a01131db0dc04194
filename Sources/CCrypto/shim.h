// SHA-256 only. The one-shot SHA256_* functions keep a plain C struct as state (copyable like a
// Swift value) and run OpenSSL's assembly, which uses the CPU's SHA extensions where present.
// OpenSSL 3 marks them deprecated in favour of EVP, which would need a heap context per hash.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
