/*
 * activity.c - every statement on the activity table (see activity.h).
 */
#include "store/activity.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"

#define ACTIVITY_COLS "id, api_key_id, action, detail, ip, created_at"

static const struct store_order_col activity_order[] = {
    {"created_at", "created_at", STORE_P_INT, true},
    {"id", "id", STORE_P_TEXT, true},
};

static void activity_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_activity *a = item;
    store_row_copy(r, i, "id", a->id, sizeof(a->id));
    store_row_copy(r, i, "api_key_id", a->api_key_id, sizeof(a->api_key_id));
    a->action = store_row_dup(r, i, "action");
    a->detail = store_row_dup(r, i, "detail");
    a->ip = store_row_dup(r, i, "ip");
    a->created_at = store_row_int(r, i, "created_at", 0);
}

void store_activity_page_release(struct store_activity_page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].action);
        free(p->items[i].detail);
        free(p->items[i].ip);
    }
    free(p->items);
    free(p->next_cursor);
    memset(p, 0, sizeof(*p));
}

enum vg_err store_activity_add(struct store *st, const char *user_id, const char *api_key_id,
                               const char *action, const char *detail, const char *ip,
                               int64_t now)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(user_id),
                              SP_TEXT_OR_NULL(api_key_id),
                              SP_TEXT(action),
                              SP_TEXT_OR_NULL(detail),
                              SP_TEXT_OR_NULL(ip),
                              SP_INT(now)};
    return store_query1(st,
                        "INSERT INTO activity (id, user_id, api_key_id, action, detail, ip, "
                        "created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
                        p, 7, NULL);
}

enum vg_err store_activity_list(struct store *st, const char *user_id,
                                const struct store_page_req *pg, struct store_activity_page *out)
{
    memset(out, 0, sizeof(*out));
    struct store_sql q;
    store_sql_init(&q, "SELECT " ACTIVITY_COLS " FROM activity");
    store_sql_where1(&q, "user_id = ?", SP_TEXT(user_id));
    void *items = NULL;
    enum vg_err e = store_page_items(st, &q, activity_order, 2, pg,
                                     sizeof(struct store_activity), activity_from_row, &items,
                                     &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}
