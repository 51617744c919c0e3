/*
 * workers.c - every statement on the workers table (see workers.h).
 */
#include "store/workers.h"

#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "util/xalloc.h"

void store_worker_list_release(struct store_worker_list *l)
{
    if (l == NULL)
        return;
    free(l->items);
    memset(l, 0, sizeof(*l));
}

enum vg_err store_workers_register(struct store *st, const char *id, const char *hostname,
                                   int64_t pid, int64_t now)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(hostname), SP_INT(pid), SP_INT(now)};
    return store_query1(st,
                        "INSERT INTO workers (id, hostname, pid, started_at, heartbeat_at) "
                        "VALUES ($1,$2,$3,$4,$4) ON CONFLICT (id) DO UPDATE SET "
                        "heartbeat_at = excluded.heartbeat_at, dead_at = NULL",
                        p, 4, NULL);
}

enum vg_err store_workers_heartbeat(struct store *st, const char *id, const char *job_id,
                                    int64_t now, bool *exists)
{
    struct store_param p[] = {SP_INT(now), SP_TEXT_OR_NULL(job_id), SP_TEXT(id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE workers SET heartbeat_at = $1, current_job_id = $2, "
                                 "dead_at = NULL WHERE id = $3",
                                 p, 3, &r);
    *exists = e != VG_OK || store_result_affected(r) > 0;
    store_result_free(r);
    return e;
}

enum vg_err store_workers_remove(struct store *st, const char *id)
{
    struct store_param p[] = {SP_TEXT(id)};
    return store_query1(st, "DELETE FROM workers WHERE id = $1", p, 1, NULL);
}

enum vg_err store_workers_mark_dead(struct store *st, int64_t stale_before, int64_t now, int64_t *n)
{
    struct store_param p[] = {SP_INT(now), SP_INT(stale_before)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "UPDATE workers SET dead_at = $1 WHERE dead_at IS NULL AND "
                                 "heartbeat_at < $2",
                                 p, 2, &r);
    *n = e == VG_OK ? (int64_t)store_result_affected(r) : 0;
    store_result_free(r);
    return e;
}

enum vg_err store_workers_all(struct store *st, struct store_worker_list *out)
{
    memset(out, 0, sizeof(*out));
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT id, hostname, pid, started_at, heartbeat_at, "
                                 "current_job_id, dead_at FROM workers ORDER BY started_at, id",
                                 NULL, 0, &r);
    if (e != VG_OK)
        return e;
    out->n = store_result_rows(r);
    out->items = xcalloc(out->n ? out->n : 1, sizeof(*out->items));
    for (size_t i = 0; i < out->n; i++) {
        struct store_worker *w = &out->items[i];
        store_row_copy(r, i, "id", w->id, sizeof(w->id));
        store_row_copy(r, i, "hostname", w->hostname, sizeof(w->hostname));
        w->pid = store_row_int(r, i, "pid", 0);
        w->started_at = store_row_int(r, i, "started_at", 0);
        w->heartbeat_at = store_row_int(r, i, "heartbeat_at", 0);
        store_row_copy(r, i, "current_job_id", w->current_job_id, sizeof(w->current_job_id));
        w->dead_at = store_row_int(r, i, "dead_at", 0);
    }
    store_result_free(r);
    return VG_OK;
}
