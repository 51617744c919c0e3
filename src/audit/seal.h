/*
 * seal.h - audit files sealed at rest. A fix bundle's unified diff must quote the lines it
 * removes for `git apply` to take it, and one of them is the hard-coded secret the bundle
 * moves to the environment; Vega never writes a secret in clear, so the bundle is stored
 * sealed (libsodium secretstream, XChaCha20-Poly1305) and opened only while Vega answers
 * its signed download link (docs/audits.md "The fix bundle at rest").
 *
 * Format: the magic "VGSEAL1\n", the secretstream header, then chunks of at most
 * AUDIT_SEAL_CHUNK plain bytes (each with its 17-byte tag; the last one tagged FINAL). The
 * key is derived from the server key (config.key: DATA_DIR/secret or --secret) for this
 * purpose only, and every chunk authenticates the blob key it is stored under, so a sealed
 * file cannot be swapped for another audit's or cut short unnoticed.
 */
#ifndef VG_AUDIT_SEAL_H
#define VG_AUDIT_SEAL_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define AUDIT_SEAL_MAGIC "VGSEAL1\n"
#define AUDIT_SEAL_CHUNK ((size_t)64 * 1024)

/* Seal len bytes of in for the blob key name into out (appended). server_key: 32 bytes. */
enum vg_err audit_seal(const unsigned char *server_key, const char *name, const void *in,
                       size_t len, struct buf *out);
/* Open what audit_seal made for name into out (appended). VG_ERR_INVALID when it is not
 * a sealed file of this server for name, or was altered or truncated. */
enum vg_err audit_unseal(const unsigned char *server_key, const char *name, const void *in,
                         size_t len, struct buf *out);

#endif
