/*
 * seal.c - audit files sealed at rest (see seal.h).
 */
#include "audit/seal.h"

#include <sodium.h>
#include <string.h>

#define SEAL_MAGIC_LEN (sizeof AUDIT_SEAL_MAGIC - 1)
#define SEAL_SUBKEY_ID 1
#define SEAL_CONTEXT "vgaudit1" /* crypto_kdf_CONTEXTBYTES */

static void seal_key(const unsigned char *server_key,
                     unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES])
{
    crypto_kdf_derive_from_key(key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
                               SEAL_SUBKEY_ID, SEAL_CONTEXT, server_key);
}

enum vg_err audit_seal(const unsigned char *server_key, const char *name, const void *in,
                       size_t len, struct buf *out)
{
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    seal_key(server_key, key);
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
    sodium_memzero(key, sizeof key);
    size_t chunks = len / AUDIT_SEAL_CHUNK + 1;
    enum vg_err e = buf_reserve(out, SEAL_MAGIC_LEN + sizeof header +
                                         len + chunks * crypto_secretstream_xchacha20poly1305_ABYTES);
    if (e == VG_OK)
        e = buf_append(out, AUDIT_SEAL_MAGIC, SEAL_MAGIC_LEN);
    if (e == VG_OK)
        e = buf_append(out, header, sizeof header);
    const unsigned char *p = in;
    size_t off = 0;
    do {
        size_t n = len - off < AUDIT_SEAL_CHUNK ? len - off : AUDIT_SEAL_CHUNK;
        unsigned char tag = off + n == len ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
        unsigned long long clen = 0;
        if (e == VG_OK) /* room reserved above: the chunk is written in place */
            crypto_secretstream_xchacha20poly1305_push(
                &st, (unsigned char *)out->ptr + out->len, &clen, p + off, n,
                (const unsigned char *)name, strlen(name), tag);
        out->len += (size_t)clen;
        off += n;
    } while (e == VG_OK && off < len);
    if (e == VG_OK)
        out->ptr[out->len] = '\0';
    sodium_memzero(&st, sizeof st);
    return e;
}

enum vg_err audit_unseal(const unsigned char *server_key, const char *name, const void *in,
                         size_t len, struct buf *out)
{
    const unsigned char *p = in;
    const size_t hlen = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    const size_t alen = crypto_secretstream_xchacha20poly1305_ABYTES;
    if (len < SEAL_MAGIC_LEN + hlen + alen || memcmp(p, AUDIT_SEAL_MAGIC, SEAL_MAGIC_LEN) != 0)
        return VG_ERR_INVALID;
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    seal_key(server_key, key);
    int rc = crypto_secretstream_xchacha20poly1305_init_pull(&st, p + SEAL_MAGIC_LEN, key);
    sodium_memzero(key, sizeof key);
    if (rc != 0)
        return VG_ERR_INVALID;
    size_t off = SEAL_MAGIC_LEN + hlen;
    enum vg_err e = buf_reserve(out, len - off);
    unsigned char tag = 0;
    while (e == VG_OK && off < len && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        size_t n = len - off < AUDIT_SEAL_CHUNK + alen ? len - off : AUDIT_SEAL_CHUNK + alen;
        unsigned long long mlen = 0;
        if (n < alen ||
            crypto_secretstream_xchacha20poly1305_pull(
                &st, (unsigned char *)out->ptr + out->len, &mlen, &tag, p + off, n,
                (const unsigned char *)name, strlen(name)) != 0)
            e = VG_ERR_INVALID;
        else
            out->len += (size_t)mlen;
        off += n;
    }
    /* Truncated (no FINAL chunk) or with bytes after it: not what was sealed. */
    if (e == VG_OK && (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL || off != len))
        e = VG_ERR_INVALID;
    if (e == VG_OK)
        out->ptr[out->len] = '\0';
    sodium_memzero(&st, sizeof st);
    return e;
}
