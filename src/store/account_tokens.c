/*
 * account_tokens.c - every statement of the account-mail tokens (see account_tokens.h),
 * and the user rows they change.
 */
#include "store/account_tokens.h"

#include <stdio.h>
#include <string.h>

#include "store/row.h"
#include "store/tx.h"

static const char *const purpose_name[] = {
    [ACCOUNT_TOKEN_VERIFY] = "verify_email",
    [ACCOUNT_TOKEN_RESET] = "reset_password",
};

#define ACCOUNT_COLS "id, email, email_verified"

static enum vg_err account_one(struct store *st, const char *sql, const char *arg,
                               struct store_account *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_TEXT(arg)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, sql, p, 1, &r);
    if (e == VG_OK && store_result_rows(r) != 1)
        e = VG_ERR_NOT_FOUND;
    if (e == VG_OK) {
        store_row_copy(r, 0, "id", out->id, sizeof(out->id));
        store_row_copy(r, 0, "email", out->email, sizeof(out->email));
        out->email_verified = store_row_bool(r, 0, "email_verified");
    }
    store_result_free(r);
    return e;
}

enum vg_err store_accounts_by_email(struct store *st, const char *email,
                                    struct store_account *out)
{
    return account_one(st, "SELECT " ACCOUNT_COLS " FROM users WHERE email = $1", email, out);
}

enum vg_err store_accounts_by_id(struct store *st, const char *user_id, struct store_account *out)
{
    return account_one(st, "SELECT " ACCOUNT_COLS " FROM users WHERE id = $1", user_id, out);
}

struct token_add {
    const char *hash, *user_id, *purpose;
    int64_t now, expires_at;
};

static enum vg_err token_add_tx(struct store_conn *c, void *arg)
{
    const struct token_add *a = arg;
    struct store_param spend[] = {SP_INT(a->now), SP_TEXT(a->user_id), SP_TEXT(a->purpose)};
    enum vg_err e = store_query(c,
                                "UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND "
                                "purpose = $3 AND used_at IS NULL",
                                spend, 3, NULL);
    struct store_param p[] = {SP_TEXT(a->hash), SP_TEXT(a->user_id), SP_TEXT(a->purpose),
                              SP_INT(a->now), SP_INT(a->expires_at)};
    if (e == VG_OK)
        e = store_query(c,
                        "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, "
                        "expires_at) VALUES ($1,$2,$3,$4,$5)",
                        p, 5, NULL);
    return e;
}

enum vg_err store_account_tokens_add(struct store *st, const char *token_hash,
                                     const char *user_id, enum account_token_purpose purpose,
                                     int64_t now, int64_t expires_at)
{
    struct token_add a = {token_hash, user_id, purpose_name[purpose], now, expires_at};
    return store_tx(st, token_add_tx, &a);
}

struct token_use {
    const char *hash, *purpose, *password_hash;
    int64_t now;
    char *user_id_out;
};

/* Spend the token (one conditional UPDATE: a second spender changes no row). */
static enum vg_err token_spend(struct store_conn *c, struct token_use *u)
{
    struct store_param p[] = {SP_INT(u->now), SP_TEXT(u->hash), SP_TEXT(u->purpose)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 "
                                "AND purpose = $3 AND used_at IS NULL AND expires_at > $1 "
                                "RETURNING user_id",
                                p, 3, &r);
    if (e == VG_OK && store_result_rows(r) != 1)
        e = VG_ERR_NOT_FOUND;
    if (e == VG_OK)
        store_row_copy(r, 0, "user_id", u->user_id_out, UUID_STR_LEN);
    store_result_free(r);
    return e;
}

static enum vg_err token_verify_tx(struct store_conn *c, void *arg)
{
    struct token_use *u = arg;
    enum vg_err e = token_spend(c, u);
    struct store_param p[] = {SP_INT(u->now), SP_TEXT(u->user_id_out)};
    if (e == VG_OK)
        e = store_query(c, "UPDATE users SET email_verified = 1, updated_at = $1 WHERE id = $2",
                        p, 2, NULL);
    return e;
}

static enum vg_err token_reset_tx(struct store_conn *c, void *arg)
{
    struct token_use *u = arg;
    enum vg_err e = token_spend(c, u);
    struct store_param pw[] = {SP_TEXT(u->password_hash), SP_INT(u->now),
                               SP_TEXT(u->user_id_out)};
    struct store_param who[] = {SP_INT(u->now), SP_TEXT(u->user_id_out)};
    if (e == VG_OK)
        e = store_query(c,
                        "UPDATE users SET password_hash = $1, email_verified = 1, "
                        "updated_at = $2 WHERE id = $3",
                        pw, 3, NULL);
    if (e == VG_OK)
        e = store_query(c,
                        "UPDATE refresh_families SET revoked_at = $1 WHERE user_id = $2 AND "
                        "revoked_at IS NULL",
                        who, 2, NULL);
    if (e == VG_OK)
        e = store_query(c, "DELETE FROM access_tokens WHERE user_id = $1", who + 1, 1, NULL);
    return e;
}

enum vg_err store_account_tokens_verify(struct store *st, const char *token_hash, int64_t now,
                                        char *user_id_out)
{
    struct token_use u = {token_hash, purpose_name[ACCOUNT_TOKEN_VERIFY], NULL, now,
                          user_id_out};
    return store_tx(st, token_verify_tx, &u);
}

enum vg_err store_account_tokens_reset(struct store *st, const char *token_hash,
                                       const char *password_hash, int64_t now,
                                       char *user_id_out)
{
    struct token_use u = {token_hash, purpose_name[ACCOUNT_TOKEN_RESET], password_hash, now,
                          user_id_out};
    return store_tx(st, token_reset_tx, &u);
}
