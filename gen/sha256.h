/* sha256.h: SHA-256 (FIPS 180-4) of a byte string, for the manifest's digests. */
#ifndef TEJUN_SHA256_H
#define TEJUN_SHA256_H
#include <stddef.h>
/* Writes the 64 lower-case hex digits and a NUL to hex[65]. */
void sha256_hex(const void *data, size_t len, char hex[65]);
#endif
