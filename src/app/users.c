/*
 * users.c - user accounts on the store. See users.h.
 */
#include "app/users.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/users.h"
#include "util/rand.h"
#include "util/timeutil.h"

bool users_email_normalise(const char *email, char *out, unsigned long cap)
{
    size_t n = strlen(email);
    if (n < 3 || n >= cap || n > 254)
        return false;
    const char *at = strchr(email, '@');
    if (at == NULL || at == email || at[1] == '\0' || strchr(at + 1, '@') != NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)email[i];
        if (c <= ' ' || c == 0x7f)
            return false;
        out[i] = (char)tolower(c);
    }
    out[n] = '\0';
    return true;
}

enum vg_err users_create(struct store *st, const char *email, const char *password,
                         bool verified, bool admin, char *id_out)
{
    char norm[256];
    if (!users_email_normalise(email, norm, sizeof(norm)) ||
        strlen(password) < USERS_MIN_PASSWORD)
        return VG_ERR_INVALID;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return VG_ERR_INTERNAL;
    char id[UUID_STR_LEN];
    rand_uuid(id);
    enum vg_err e = store_users_insert(st, id, norm, hash, verified, admin, time_now());
    sodium_memzero(hash, sizeof(hash));
    if (e == VG_OK && id_out != NULL)
        memcpy(id_out, id, UUID_STR_LEN);
    return e;
}

enum vg_err users_set_flag(struct store *st, const char *email, const char *column, bool on)
{
    char norm[256];
    if (!users_email_normalise(email, norm, sizeof(norm)))
        return VG_ERR_INVALID;
    enum store_user_flag flag =
        strcmp(column, "is_admin") == 0 ? STORE_USER_ADMIN : STORE_USER_VERIFIED;
    return store_users_set_flag(st, norm, flag, on, time_now());
}

enum vg_err users_seed_debug(struct store *st)
{
    enum vg_err e = users_create(st, USERS_DEBUG_EMAIL, USERS_DEBUG_PASSWORD, true, false, NULL);
    if (e == VG_ERR_CONFLICT)
        e = users_set_flag(st, USERS_DEBUG_EMAIL, "email_verified", true);
    return e;
}
