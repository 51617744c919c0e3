/*
 * users.c - user accounts on the store. See users.h.
 */
#include "app/users.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
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
    int64_t now = time_now();
    struct store_param p[] = {SP_TEXT(id),          SP_TEXT(norm), SP_TEXT(hash),
                              SP_INT(verified ? 1 : 0), SP_INT(admin ? 1 : 0), SP_INT(now)};
    enum vg_err e = store_query1(st,
                                 "INSERT INTO users (id, email, password_hash, email_verified, "
                                 "is_admin, created_at, updated_at) "
                                 "VALUES ($1,$2,$3,$4,$5,$6,$6)",
                                 p, 6, NULL);
    if (e == VG_OK && id_out != NULL)
        memcpy(id_out, id, UUID_STR_LEN);
    return e;
}

enum vg_err users_set_flag(struct store *st, const char *email, const char *column, bool on)
{
    char norm[256];
    if (!users_email_normalise(email, norm, sizeof(norm)))
        return VG_ERR_INVALID;
    const char *sql = strcmp(column, "is_admin") == 0
                          ? "UPDATE users SET is_admin = $1, updated_at = $2 WHERE email = $3"
                          : "UPDATE users SET email_verified = $1, updated_at = $2 WHERE email = $3";
    struct store_param p[] = {SP_INT(on ? 1 : 0), SP_INT(time_now()), SP_TEXT(norm)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, sql, p, 3, &r);
    if (e == VG_OK && store_result_affected(r) == 0)
        e = VG_ERR_NOT_FOUND;
    store_result_free(r);
    return e;
}

enum vg_err users_seed_debug(struct store *st)
{
    enum vg_err e = users_create(st, USERS_DEBUG_EMAIL, USERS_DEBUG_PASSWORD, true, false, NULL);
    if (e == VG_ERR_CONFLICT)
        e = users_set_flag(st, USERS_DEBUG_EMAIL, "email_verified", true);
    return e;
}
