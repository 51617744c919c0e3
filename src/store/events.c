/*
 * events.c - the repository event log (see events.h).
 */
#include "store/events.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/repositories.h"
#include "store/row.h"
#include "util/xalloc.h"

const char *const store_event_types[] = {
    "repository.created", "repository.updated", "scan.created",     "scan.started",
    "scan.completed",     "scan.failed",        "finding.new",      "finding.fixed",
    "finding.reopened",   "finding.triaged",    "git_upload.created", "git_upload.pushed",
    "git_upload.expired", "audit.purchased",    "audit.completed",  "audit.failed",
    NULL};

int64_t store_now_epoch_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

enum vg_err store_event_add(struct store *st, struct store_conn *c, const char *repository_id,
                            const char *type, const char *scan_id, const char *finding_id,
                            struct store_actor actor, const json_t *data)
{
    char id[UUID_STR_LEN];
    rand_uuid(id);
    char *detail = data ? json_dumps(data, JSON_COMPACT) : NULL;
    int64_t us = store_now_epoch_us();
    struct store_param p[] = {SP_TEXT(id),
                              SP_TEXT(repository_id),
                              SP_TEXT_OR_NULL(scan_id),
                              SP_TEXT(type),
                              SP_TEXT_OR_NULL(finding_id),
                              SP_TEXT(actor.type),
                              SP_TEXT_OR_NULL(actor.id),
                              SP_TEXT(detail ? detail : "{}"),
                              SP_INT(us / 1000000),
                              SP_INT(us)};
    static const char sql[] =
        "INSERT INTO repository_events (id, repository_id, scan_id, kind, finding_id, "
        "actor_type, actor_id, detail, created_at, created_us) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)";
    enum vg_err e = c ? store_query(c, sql, p, 10, NULL) : store_query1(st, sql, p, 10, NULL);
    free(detail);
    return e;
}

/* The columns every event query returns, read by name in event_from_row. */
#define EVENT_COLS                                                                             \
    "id, repository_id, kind, scan_id, finding_id, actor_type, actor_id, detail, created_at, " \
    "created_us"

static void event_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_event *ev = item;
    memset(ev, 0, sizeof(*ev));
    store_row_copy(r, i, "id", ev->id, sizeof(ev->id));
    store_row_copy(r, i, "repository_id", ev->repository_id, sizeof(ev->repository_id));
    store_row_copy(r, i, "kind", ev->type, sizeof(ev->type));
    store_row_copy(r, i, "scan_id", ev->scan_id, sizeof(ev->scan_id));
    store_row_copy(r, i, "finding_id", ev->finding_id, sizeof(ev->finding_id));
    store_row_copy(r, i, "actor_type", ev->actor_type, sizeof(ev->actor_type));
    ev->actor_id = store_row_dup(r, i, "actor_id");
    ev->detail = store_row_dup(r, i, "detail");
    if (ev->detail == NULL)
        ev->detail = xstrdup("{}");
    ev->created_at = store_row_int(r, i, "created_at", 0);
    ev->created_us = store_row_int(r, i, "created_us", 0);
}

void store_event_release(struct store_event *ev)
{
    if (ev == NULL)
        return;
    STORE_ROW_FREE_STRS(&ev->actor_id, &ev->detail);
}

void store_event_page_release(struct store_event_page *p)
{
    STORE_PAGE_RELEASE(p, store_event_release);
}

void store_event_list_release(struct store_event_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        store_event_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

enum vg_err store_events_page(struct store *st, const struct store_events_filter *f,
                              struct store_event_page *out)
{
    static const struct store_order_col order[] = {
        {"created_us", "created_us", STORE_P_INT, true}, {"id", "id", STORE_P_TEXT, true}};
    memset(out, 0, sizeof(*out));
    enum vg_err e = store_repository_owned(st, f->user_id, f->repository_id);
    if (e != VG_OK)
        return e;
    struct store_sql q;
    store_sql_init(&q, "SELECT " EVENT_COLS " FROM repository_events");
    store_sql_where1(&q, "repository_id = ?", SP_TEXT(f->repository_id));
    char like[80];
    if (f->type_prefix) {
        /* Types are [a-z_.]; '_' is LIKE's one-character wildcard. */
        size_t o = 0;
        for (const char *s = f->type_prefix; *s && o + 3 < sizeof(like); s++) {
            if (*s == '_' || *s == '%' || *s == '\\')
                like[o++] = '\\';
            like[o++] = *s;
        }
        like[o++] = '%';
        like[o] = '\0';
        store_sql_where1(&q, "kind LIKE ? ESCAPE '\\'", SP_TEXT(like));
    }
    if (f->since > 0)
        store_sql_where1(&q, "created_us >= ?", SP_INT(f->since * 1000000));
    void *items = NULL;
    e = store_page_items(st, &q, order, 2, &f->page, sizeof(struct store_event),
                                     event_from_row, &items, &out->n, &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}

enum vg_err store_finding_history(struct store *st, const char *finding_id,
                                  struct store_event_list *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_TEXT(finding_id)};
    void *items = NULL;
    enum vg_err e = store_query_items(st,
                                      "SELECT " EVENT_COLS " FROM repository_events WHERE "
                                      "finding_id = $1 ORDER BY created_us, id",
                                      p, 1, sizeof(struct store_event), event_from_row, &items,
                                      &out->n);
    out->items = items;
    return e;
}
