/*
 * keys.h - the api_keys table: typed rows in and out, every statement in keys.c.
 * The full key never reaches the store: only its SHA-256 (key_hash) and a display prefix.
 *
 * Times are epoch seconds; 0 stands for SQL NULL (never used / not revoked).
 * Functions return VG_OK, VG_ERR_NOT_FOUND where stated, or the store's errors
 * (VG_ERR_DB, VG_ERR_UNAVAILABLE, VG_ERR_CONFLICT). Thread-safe (they borrow a pooled
 * connection).
 */
#ifndef VG_STORE_KEYS_H
#define VG_STORE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "store/page.h"
#include "util/rand.h"

#define STORE_KEY_PREFIX_LEN 16

struct store_key {
    char id[UUID_STR_LEN];
    char user_id[UUID_STR_LEN];
    char *name;          /* owned */
    char prefix[STORE_KEY_PREFIX_LEN];
    char *scopes;        /* owned; "scans:read scans:write" */
    char *allowed_cidrs; /* owned; "10.0.0.0/8,::1" or NULL: any address */
    int64_t created_at;
    int64_t last_used_at; /* 0: never */
    int64_t revoked_at;   /* 0: active */
};

/* What creating a key stores (all borrowed). */
struct store_key_new {
    const char *id;
    const char *user_id;
    const char *name;
    const char *prefix;
    const char *key_hash;
    const char *scopes;
    const char *allowed_cidrs; /* NULL: any address */
    int64_t created_at;
};

struct store_key_page {
    struct store_key *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

/* Free what a key holds (not the struct). Accepts NULL. */
void store_key_release(struct store_key *k);
void store_key_page_release(struct store_key_page *p);

/* Insert a key; *out receives the stored row (release it). */
enum vg_err store_keys_insert(struct store *st, const struct store_key_new *in,
                              struct store_key *out);
/* The user's keys, newest first. VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_keys_list(struct store *st, const char *user_id,
                            const struct store_page_req *pg, struct store_key_page *out);
/* Revoke the user's key id (revoked_at keeps its first value); *out receives the row.
 * VG_ERR_NOT_FOUND when the user has no such key. */
enum vg_err store_keys_revoke(struct store *st, const char *id, const char *user_id,
                              int64_t now, struct store_key *out);

#endif
