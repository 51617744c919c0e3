/*
 * rand.c - random identifiers and hashing of tokens, on libsodium.
 */
#include "util/rand.h"

#include <sodium.h>
#include <string.h>

void rand_uuid(char out[UUID_STR_LEN])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof(b));
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    char hex[33];
    hex_encode(hex, b, sizeof(b));
    size_t o = 0;
    for (size_t i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out[o++] = '-';
        out[o++] = hex[i];
    }
    out[o] = '\0';
}

void rand_base62(char *out, size_t n)
{
    static const char alphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform(62)];
    out[n] = '\0';
}

void hex_encode(char *out, const unsigned char *in, size_t len)
{
    sodium_bin2hex(out, len * 2 + 1, in, len);
}

void sha256_hex(char out[65], const char *s, size_t len)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, len);
    hex_encode(out, h, sizeof(h));
}

int uuid_valid(const char *s)
{
    if (s == NULL || strlen(s) != 36)
        return 0;
    for (size_t i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return 0;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                     (c >= 'A' && c <= 'F'))) {
            return 0;
        }
    }
    return 1;
}
