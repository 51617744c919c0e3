/*
 * account_tokens.h - the one-use tokens of account mail (migration 0008): email
 * verification and password reset. Callers pass the SHA-256 of a token, never the token.
 * Spending a token and applying its effect (verifying the email, setting the password and
 * revoking every login) happen in one transaction, so a token works once even when two
 * requests race. Errors: VG_OK, VG_ERR_NOT_FOUND (no such token, spent, or expired),
 * otherwise the store's. Thread-safe.
 */
#ifndef VG_STORE_ACCOUNT_TOKENS_H
#define VG_STORE_ACCOUNT_TOKENS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/rand.h"

enum account_token_purpose { ACCOUNT_TOKEN_VERIFY, ACCOUNT_TOKEN_RESET };

struct store_account {
    char id[UUID_STR_LEN];
    char email[256];
    bool email_verified;
};

/* The user with this (normalised) email. VG_ERR_NOT_FOUND when there is none. */
enum vg_err store_accounts_by_email(struct store *st, const char *email,
                                    struct store_account *out);
/* The user with this id. VG_ERR_NOT_FOUND when there is none. */
enum vg_err store_accounts_by_id(struct store *st, const char *user_id, struct store_account *out);
/* Keep a new token of purpose for user_id, valid until expires_at; earlier unspent tokens of
 * the same purpose stop working. */
enum vg_err store_account_tokens_add(struct store *st, const char *token_hash,
                                     const char *user_id, enum account_token_purpose purpose,
                                     int64_t now, int64_t expires_at);
/* Spend a verification token and mark its user's email verified; user_id_out (37 bytes)
 * names the user. */
enum vg_err store_account_tokens_verify(struct store *st, const char *token_hash, int64_t now,
                                        char *user_id_out);
/* Spend a reset token, set its user's password hash, verify the email (the mail reached
 * them) and revoke every login of the user (refresh families and access tokens). */
enum vg_err store_account_tokens_reset(struct store *st, const char *token_hash,
                                       const char *password_hash, int64_t now,
                                       char *user_id_out);

#endif
