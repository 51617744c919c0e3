/*
 * users.c - every statement on users (see users.h) but the authentication lookups,
 * which join tokens and keys and live with them.
 */
#include "store/users.h"

#include <stdlib.h>
#include <string.h>

#include "store/page.h"
#include "store/row.h"

void store_user_list_release(struct store_user_list *l)
{
    if (l == NULL)
        return;
    free(l->items);
    memset(l, 0, sizeof(*l));
}

enum vg_err store_users_insert(struct store *st, const char *id, const char *email,
                               const char *password_hash, bool verified, bool admin,
                               int64_t now)
{
    struct store_param p[] = {SP_TEXT(id),          SP_TEXT(email),      SP_TEXT(password_hash),
                              SP_INT(verified ? 1 : 0), SP_INT(admin ? 1 : 0), SP_INT(now)};
    return store_query1(st,
                        "INSERT INTO users (id, email, password_hash, email_verified, is_admin, "
                        "created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$6)",
                        p, 6, NULL);
}

enum vg_err store_users_set_flag(struct store *st, const char *email, enum store_user_flag flag,
                                 bool on, int64_t now)
{
    /* One statement per flag: a column name never comes from a variable. */
    static const char *const sql[] = {
        [STORE_USER_VERIFIED] =
            "UPDATE users SET email_verified = $1, updated_at = $2 WHERE email = $3",
        [STORE_USER_ADMIN] = "UPDATE users SET is_admin = $1, updated_at = $2 WHERE email = $3",
    };
    struct store_param p[] = {SP_INT(on ? 1 : 0), SP_INT(now), SP_TEXT(email)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, sql[flag], p, 3, &r);
    if (e == VG_OK && store_result_affected(r) == 0)
        e = VG_ERR_NOT_FOUND;
    store_result_free(r);
    return e;
}

static void user_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_user *u = item;
    store_row_copy(r, i, "id", u->id, sizeof(u->id));
    store_row_copy(r, i, "email", u->email, sizeof(u->email));
    u->email_verified = store_row_bool(r, i, "email_verified");
    u->is_admin = store_row_bool(r, i, "is_admin");
    u->created_at = store_row_int(r, i, "created_at", 0);
}

enum vg_err store_users_all(struct store *st, struct store_user_list *out)
{
    void *items = NULL;
    enum vg_err e = store_query_items(st,
                                      "SELECT id, email, email_verified, is_admin, created_at "
                                      "FROM users ORDER BY email",
                                      NULL, 0, sizeof(struct store_user), user_from_row, &items,
                                      &out->n);
    out->items = items;
    return e;
}
