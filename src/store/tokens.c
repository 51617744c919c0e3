/*
 * tokens.c - every statement on refresh_families, access_tokens and refresh_tokens, and
 * the authentication lookups (see tokens.h).
 */
#include "store/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "store/tx.h"

/* The user columns the lookups return (aliased so a join cannot shadow them). */
#define AUTH_USER_COLS                                                                             \
    "u.id AS user_id, u.email AS email, u.email_verified AS email_verified, "                      \
    "u.is_admin AS is_admin, u.created_at AS user_created_at"

static void auth_user_from_row(const struct store_result *r, size_t i, struct store_user *u)
{
    memset(u, 0, sizeof(*u));
    store_row_copy(r, i, "user_id", u->id, sizeof(u->id));
    store_row_copy(r, i, "email", u->email, sizeof(u->email));
    u->email_verified = store_row_bool(r, i, "email_verified");
    u->is_admin = store_row_bool(r, i, "is_admin");
    u->created_at = store_row_int(r, i, "user_created_at", 0);
}

/* e, or VG_ERR_NOT_FOUND when the statement succeeded with no row (r is kept). */
static enum vg_err one_row(enum vg_err e, const struct store_result *r)
{
    if (e == VG_OK && store_result_rows(r) == 0)
        return VG_ERR_NOT_FOUND;
    return e;
}

enum vg_err store_auth_bearer(struct store *st, const char *token_hash, int64_t now,
                              struct store_user *out)
{
    struct store_param p[] = {SP_TEXT(token_hash), SP_INT(now)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT " AUTH_USER_COLS " FROM access_tokens t JOIN "
                                 "users u ON u.id = t.user_id WHERE t.token_hash = $1 "
                                 "AND t.expires_at > $2",
                                 p, 2, &r);
    e = one_row(e, r);
    if (e == VG_OK)
        auth_user_from_row(r, 0, out);
    store_result_free(r);
    return e;
}

enum vg_err store_auth_key(struct store *st, const char *key_hash, struct store_auth_key *out)
{
    struct store_param p[] = {SP_TEXT(key_hash)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT k.id AS key_id, k.prefix AS prefix, k.scopes "
                                 "AS scopes, k.allowed_cidrs AS allowed_cidrs, " AUTH_USER_COLS
                                 " FROM api_keys k JOIN users u ON "
                                 "u.id = k.user_id WHERE k.key_hash = $1 AND "
                                 "k.revoked_at IS NULL",
                                 p, 1, &r);
    e = one_row(e, r);
    if (e == VG_OK) {
        memset(out, 0, sizeof(*out));
        store_row_copy(r, 0, "key_id", out->id, sizeof(out->id));
        store_row_copy(r, 0, "prefix", out->prefix, sizeof(out->prefix));
        store_row_copy(r, 0, "scopes", out->scopes, sizeof(out->scopes));
        store_row_copy(r, 0, "allowed_cidrs", out->allowed_cidrs, sizeof(out->allowed_cidrs));
        auth_user_from_row(r, 0, &out->user);
    }
    store_result_free(r);
    return e;
}

enum vg_err store_keys_touch(struct store *st, const char *id, int64_t now, int64_t min_gap,
                             bool *touched)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(id), SP_INT(now - min_gap)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND "
                                 "(last_used_at IS NULL OR last_used_at <= $3)",
                                 p, 3, &r);
    *touched = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    return e;
}

enum vg_err store_users_password(struct store *st, const char *email, char id[UUID_STR_LEN],
                                 char **hash, bool *found)
{
    struct store_param p[] = {SP_TEXT(email)};
    struct store_result *r = NULL;
    *found = false;
    *hash = NULL;
    id[0] = '\0';
    enum vg_err e =
        store_query1(st, "SELECT id, password_hash FROM users WHERE email = $1", p, 1, &r);
    if (e == VG_OK && store_result_rows(r) == 1) {
        *found = true;
        store_row_copy(r, 0, "id", id, UUID_STR_LEN);
        *hash = store_row_dup(r, 0, "password_hash");
    }
    store_result_free(r);
    return e;
}

enum vg_err store_families_open(struct store *st, const char *id, const char *user_id, int64_t now)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user_id), SP_INT(now)};
    return store_query1(
        st, "INSERT INTO refresh_families (id, user_id, created_at) VALUES ($1,$2,$3)", p, 3, NULL);
}

enum vg_err store_families_revoke(struct store *st, const char *family_id, int64_t now)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(family_id)};
    enum vg_err e = store_query1(st,
                                 "UPDATE refresh_families SET revoked_at = $1 WHERE id = $2 AND "
                                 "revoked_at IS NULL",
                                 p, 2, NULL);
    enum vg_err e2 =
        store_query1(st, "DELETE FROM access_tokens WHERE family_id = $1", p + 1, 1, NULL);
    return e != VG_OK ? e : e2;
}

struct issue_args {
    const struct store_param *access, *refresh;
};

static enum vg_err tokens_issue_tx(struct store_conn *c, void *arg)
{
    const struct issue_args *a = arg;
    enum vg_err e = store_query(c,
                                "INSERT INTO access_tokens (token_hash, user_id, family_id, "
                                "created_at, expires_at) VALUES ($1,$2,$3,$4,$5)",
                                a->access, 5, NULL);
    if (e == VG_OK)
        e = store_query(c,
                        "INSERT INTO refresh_tokens (token_hash, family_id, created_at, "
                        "expires_at) VALUES ($1,$2,$3,$4)",
                        a->refresh, 4, NULL);
    return e;
}

enum vg_err store_tokens_issue(struct store *st, const char *access_hash, const char *refresh_hash,
                               const char *user_id, const char *family_id, int64_t now,
                               int64_t access_expires, int64_t refresh_expires)
{
    struct store_param pa[] = {SP_TEXT(access_hash), SP_TEXT(user_id), SP_TEXT(family_id),
                               SP_INT(now), SP_INT(access_expires)};
    struct store_param pr[] = {SP_TEXT(refresh_hash), SP_TEXT(family_id), SP_INT(now),
                               SP_INT(refresh_expires)};
    struct issue_args a = {pa, pr};
    return store_tx(st, tokens_issue_tx, &a);
}

enum vg_err store_refresh_get(struct store *st, const char *hash, struct store_refresh *out)
{
    struct store_param p[] = {SP_TEXT(hash)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT rt.family_id AS family_id, rt.spent_at AS "
                                 "spent_at, rt.expires_at AS expires_at, f.revoked_at "
                                 "AS revoked_at, f.user_id AS user_id FROM "
                                 "refresh_tokens rt JOIN refresh_families f ON f.id = "
                                 "rt.family_id WHERE rt.token_hash = $1",
                                 p, 1, &r);
    e = one_row(e, r);
    if (e == VG_OK) {
        memset(out, 0, sizeof(*out));
        store_row_copy(r, 0, "family_id", out->family_id, sizeof(out->family_id));
        store_row_copy(r, 0, "user_id", out->user_id, sizeof(out->user_id));
        out->spent = !store_row_null(r, 0, "spent_at");
        out->family_revoked = !store_row_null(r, 0, "revoked_at");
        out->expires_at = store_row_int(r, 0, "expires_at", 0);
    }
    store_result_free(r);
    return e;
}

enum vg_err store_refresh_spend(struct store *st, const char *hash, int64_t now, bool *won)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(hash)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE refresh_tokens SET spent_at = $1 WHERE token_hash = $2 "
                                 "AND spent_at IS NULL",
                                 p, 2, &r);
    *won = e == VG_OK && store_result_affected(r) > 0;
    store_result_free(r);
    return e;
}

enum vg_err store_access_family(struct store *st, const char *hash, char family_id[UUID_STR_LEN])
{
    struct store_param p[] = {SP_TEXT(hash)};
    struct store_result *r = NULL;
    enum vg_err e =
        store_query1(st, "SELECT family_id FROM access_tokens WHERE token_hash = $1", p, 1, &r);
    e = one_row(e, r);
    if (e == VG_OK)
        store_row_copy(r, 0, "family_id", family_id, UUID_STR_LEN);
    store_result_free(r);
    return e;
}

enum vg_err store_access_delete(struct store *st, const char *hash)
{
    struct store_param p[] = {SP_TEXT(hash)};
    return store_query1(st, "DELETE FROM access_tokens WHERE token_hash = $1", p, 1, NULL);
}
