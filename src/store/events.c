/*
 * events.c - the repository event log (see events.h).
 */
#include "store/events.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/timeutil.h"

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

static json_t *actor_json(const struct store_result *r, size_t row)
{
    const char *id = store_row_text(r, row, "_actor_id");
    return json_pack("{s:s,s:o}", "type", store_row_text(r, row, "_actor_type"), "id",
                     id ? json_string(id) : json_null());
}

static json_t *data_json(const struct store_result *r, size_t row)
{
    const char *d = store_row_text(r, row, "_detail");
    json_t *j = d ? json_loads(d, 0, NULL) : NULL;
    if (!json_is_object(j)) {
        json_decref(j);
        j = json_object();
    }
    return j;
}

enum vg_err store_events_page(struct store *st, const struct store_events_filter *f,
                              json_t **out)
{
    static const struct store_order_col order[] = {
        {"created_us", "_created_us", STORE_P_INT, true}, {"id", "id", STORE_P_TEXT, true}};
    struct store_sql q;
    store_sql_init(&q, "SELECT id, repository_id, kind AS type, scan_id, finding_id, "
                       "actor_type AS _actor_type, actor_id AS _actor_id, detail AS _detail, "
                       "created_at, created_us AS _created_us FROM repository_events");
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
    struct store_result *r = NULL;
    enum vg_err e = store_json_page(st, &q, order, 2, &f->page, NULL, NULL, out, &r);
    store_sql_release(&q);
    if (e != VG_OK)
        return e;
    json_t *items = json_object_get(*out, "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        json_object_set_new(it, "actor", actor_json(r, i));
        json_object_set_new(it, "data", data_json(r, i));
    }
    store_result_free(r);
    return VG_OK;
}

enum vg_err store_finding_history(struct store *st, const char *finding_id, json_t **out)
{
    struct store_param p[] = {SP_TEXT(finding_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT created_at, kind AS type, scan_id, "
                                 "actor_type AS _actor_type, actor_id AS _actor_id, "
                                 "detail AS _detail FROM repository_events WHERE finding_id = $1 "
                                 "ORDER BY created_us, id",
                                 p, 1, &r);
    if (e != VG_OK)
        return e;
    json_t *a = json_array();
    for (size_t i = 0; i < store_result_rows(r); i++) {
        json_t *h = store_row_json(r, i, NULL, NULL);
        json_object_set(h, "at", json_object_get(h, "created_at"));
        json_object_del(h, "created_at");
        json_object_set_new(h, "actor", actor_json(r, i));
        json_t *d = data_json(r, i);
        static const char *const keys[] = {"from_status", "to_status", "reason"};
        for (size_t k = 0; k < 3; k++) {
            json_t *v = json_object_get(d, keys[k]);
            json_object_set_new(h, keys[k], v ? json_incref(v) : json_null());
        }
        json_decref(d);
        json_array_append_new(a, h);
    }
    store_result_free(r);
    *out = a;
    return VG_OK;
}
