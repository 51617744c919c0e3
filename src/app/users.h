/*
 * users.h - creating and changing user accounts (shared by `vega user` and the dev-mode
 * seed). Passwords are hashed with argon2id (libsodium, interactive limits).
 */
#ifndef VG_APP_USERS_H
#define VG_APP_USERS_H

#include <stdbool.h>

#include "util/err.h"

struct store;

#define USERS_DEBUG_EMAIL "debug@example.com"
#define USERS_DEBUG_PASSWORD "vega-debug-password"
#define USERS_MIN_PASSWORD 8

/* Create a user. VG_ERR_CONFLICT when the email exists, VG_ERR_INVALID for a bad email
 * or a password shorter than USERS_MIN_PASSWORD. id_out (37 bytes) may be NULL. */
enum vg_err users_create(struct store *st, const char *email, const char *password,
                         bool verified, bool admin, char *id_out);
/* Set email_verified or is_admin (column "email_verified" / "is_admin") for email.
 * VG_ERR_NOT_FOUND when there is no such user. */
enum vg_err users_set_flag(struct store *st, const char *email, const char *column, bool on);
/* Ensure the dev-mode debug user exists, verified. */
enum vg_err users_seed_debug(struct store *st);
/* Lower-case copy of email into out (cap bytes); false when it does not look like one. */
bool users_email_normalise(const char *email, char *out, unsigned long cap);

#endif
