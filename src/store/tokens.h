/*
 * tokens.h - sign-in state: refresh families, access and refresh tokens (only their
 * SHA-256 is stored), and the two authentication lookups (a Bearer token's user, an API
 * key with its user), which join those tables. Times are epoch seconds. Functions return
 * VG_OK, VG_ERR_NOT_FOUND where stated, or the store's errors. Thread-safe.
 */
#ifndef VG_STORE_TOKENS_H
#define VG_STORE_TOKENS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/keys.h"
#include "store/users.h"

/* An API key as authentication sees it: the key and its owner. */
struct store_auth_key {
    char id[UUID_STR_LEN];
    char prefix[STORE_KEY_PREFIX_LEN];
    char scopes[128];         /* the principal keeps 128 */
    char allowed_cidrs[1024]; /* "" for any address */
    struct store_user user;
};

/* A refresh token looked up by its hash, with its family. */
struct store_refresh {
    char family_id[UUID_STR_LEN];
    char user_id[UUID_STR_LEN];
    bool spent;
    bool family_revoked;
    int64_t expires_at;
};

/* The user of an unexpired access token. VG_ERR_NOT_FOUND for an unknown or expired one. */
enum vg_err store_auth_bearer(struct store *st, const char *token_hash, int64_t now,
                              struct store_user *out);
/* The active (unrevoked) key with key_hash and its user. VG_ERR_NOT_FOUND otherwise. */
enum vg_err store_auth_key(struct store *st, const char *key_hash, struct store_auth_key *out);
/* Record a use of key id at now unless one was recorded after now - min_gap;
 * *touched says whether this call recorded it. */
enum vg_err store_keys_touch(struct store *st, const char *id, int64_t now, int64_t min_gap,
                             bool *touched);

/* The id and password hash of the user with email (normalised); *found false when there
 * is none (*hash NULL). *hash is malloc'ed: the caller frees it. */
enum vg_err store_users_password(struct store *st, const char *email, char id[UUID_STR_LEN],
                                 char **hash, bool *found);

/* Open a refresh family for user_id. */
enum vg_err store_families_open(struct store *st, const char *id, const char *user_id, int64_t now);
/* Revoke a family (revoked_at keeps its first value) and delete its access tokens. */
enum vg_err store_families_revoke(struct store *st, const char *family_id, int64_t now);

/* Store a new access + refresh token pair of family, in one transaction. */
enum vg_err store_tokens_issue(struct store *st, const char *access_hash, const char *refresh_hash,
                               const char *user_id, const char *family_id, int64_t now,
                               int64_t access_expires, int64_t refresh_expires);
/* The refresh token with hash. VG_ERR_NOT_FOUND when there is none. */
enum vg_err store_refresh_get(struct store *st, const char *hash, struct store_refresh *out);
/* Spend the refresh token once: *won false when it was already spent (a concurrent
 * refresh, or reuse). */
enum vg_err store_refresh_spend(struct store *st, const char *hash, int64_t now, bool *won);
/* The family of the access token with hash; VG_ERR_NOT_FOUND when there is none. */
enum vg_err store_access_family(struct store *st, const char *hash, char family_id[UUID_STR_LEN]);
/* Delete the access token with hash (logout). */
enum vg_err store_access_delete(struct store *st, const char *hash);

#endif
