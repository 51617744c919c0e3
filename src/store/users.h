/*
 * users.h - the users table: typed rows, every statement in users.c. Password hashing
 * and email normalisation stay in app/users.c; this module stores what it is given.
 * Times are epoch seconds. Errors: VG_OK, VG_ERR_NOT_FOUND / VG_ERR_CONFLICT where
 * stated, otherwise the store's. Thread-safe.
 */
#ifndef VG_STORE_USERS_H
#define VG_STORE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/rand.h"

#define STORE_EMAIL_MAX 256

struct store_user {
    char id[UUID_STR_LEN];
    char email[STORE_EMAIL_MAX];
    bool email_verified;
    bool is_admin;
    int64_t created_at;
};

struct store_user_list {
    struct store_user *items; /* owned */
    size_t n;
};

enum store_user_flag { STORE_USER_VERIFIED, STORE_USER_ADMIN };

void store_user_list_release(struct store_user_list *l);

/* Insert a user (email already normalised, password already hashed). VG_ERR_CONFLICT
 * when the email is taken. */
enum vg_err store_users_insert(struct store *st, const char *id, const char *email,
                               const char *password_hash, bool verified, bool admin,
                               int64_t now);
/* Set a flag of the user with email. VG_ERR_NOT_FOUND when there is none. */
enum vg_err store_users_set_flag(struct store *st, const char *email, enum store_user_flag flag,
                                 bool on, int64_t now);
/* Every user, by email (administration from the shell). */
enum vg_err store_users_all(struct store *st, struct store_user_list *out);

#endif
