/*
 * keys.c - every statement on api_keys (see keys.h). This file is the worked example of
 * an entity module; src/store/README.md says how one is written.
 */
#include "store/keys.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"

/* The columns every key query returns, read by name in key_from_row. */
#define KEY_COLS                                                                               \
    "id, user_id, name, prefix, scopes, allowed_cidrs, created_at, last_used_at, revoked_at"

static const struct store_order_col key_order[] = {
    {"created_at", "created_at", STORE_P_INT, true},
    {"id", "id", STORE_P_TEXT, true},
};

static void key_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_key *k = item;
    memset(k, 0, sizeof(*k));
    store_row_copy(r, i, "id", k->id, sizeof(k->id));
    store_row_copy(r, i, "user_id", k->user_id, sizeof(k->user_id));
    k->name = store_row_dup(r, i, "name");
    store_row_copy(r, i, "prefix", k->prefix, sizeof(k->prefix));
    k->scopes = store_row_dup(r, i, "scopes");
    k->allowed_cidrs = store_row_dup(r, i, "allowed_cidrs");
    k->created_at = store_row_int(r, i, "created_at", 0);
    k->last_used_at = store_row_int(r, i, "last_used_at", 0);
    k->revoked_at = store_row_int(r, i, "revoked_at", 0);
}

void store_key_release(struct store_key *k)
{
    if (k == NULL)
        return;
    free(k->name);
    free(k->scopes);
    free(k->allowed_cidrs);
    k->name = k->scopes = k->allowed_cidrs = NULL;
}

void store_key_page_release(struct store_key_page *p)
{
    STORE_PAGE_RELEASE(p, store_key_release);
}

/* One row of r into *out, or VG_ERR_NOT_FOUND when r is empty. Frees r. */
static enum vg_err key_one(struct store_result *r, struct store_key *out)
{
    enum vg_err e = VG_ERR_NOT_FOUND;
    if (store_result_rows(r) > 0) {
        key_from_row(r, 0, out);
        e = VG_OK;
    }
    store_result_free(r);
    return e;
}

enum vg_err store_keys_insert(struct store *st, const struct store_key_new *in,
                              struct store_key *out)
{
    struct store_param p[] = {SP_TEXT(in->id),     SP_TEXT(in->user_id),
                              SP_TEXT(in->name),   SP_TEXT(in->prefix),
                              SP_TEXT(in->key_hash), SP_TEXT(in->scopes),
                              SP_TEXT_OR_NULL(in->allowed_cidrs), SP_INT(in->created_at)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, "
                                 "scopes, allowed_cidrs, created_at) "
                                 "VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING " KEY_COLS,
                                 p, 8, &r);
    return e != VG_OK ? e : key_one(r, out);
}

enum vg_err store_keys_list(struct store *st, const char *user_id,
                            const struct store_page_req *pg, struct store_key_page *out)
{
    memset(out, 0, sizeof(*out));
    struct store_sql q;
    store_sql_init(&q, "SELECT " KEY_COLS " FROM api_keys");
    store_sql_where1(&q, "user_id = ?", SP_TEXT(user_id));
    void *items = NULL;
    enum vg_err e = store_page_items(st, &q, key_order, 2, pg, sizeof(struct store_key),
                                     key_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}

enum vg_err store_keys_revoke(struct store *st, const char *id, const char *user_id,
                              int64_t now, struct store_key *out)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT(id), SP_TEXT(user_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) "
                                 "WHERE id = $2 AND user_id = $3 RETURNING " KEY_COLS,
                                 p, 3, &r);
    return e != VG_OK ? e : key_one(r, out);
}
