/*
 * rand.h - identifiers and tokens from libsodium's CSPRNG, and text encodings of bytes.
 * Output buffers are caller-provided with the sizes given; everything is thread-safe.
 */
#ifndef VG_UTIL_RAND_H
#define VG_UTIL_RAND_H

#include <stddef.h>

#define UUID_STR_LEN 37 /* 36 characters and the NUL */

/* A random (version 4) UUID in canonical lower-case form. */
void rand_uuid(char out[UUID_STR_LEN]);
/* n random characters of [0-9A-Za-z] and a NUL: out holds n + 1 bytes. Unbiased. */
void rand_base62(char *out, size_t n);
/* Lower-case hex of len bytes into out (2 * len + 1 bytes). */
void hex_encode(char *out, const unsigned char *in, size_t len);
/* SHA-256 of s as lower-case hex (65 bytes). For hashing high-entropy tokens. */
void sha256_hex(char out[65], const char *s, size_t len);
/* Whether s looks like a canonical UUID (36 chars, hex and dashes). */
int uuid_valid(const char *s);

#endif
