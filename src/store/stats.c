/*
 * stats.c - the statements behind /metrics' deployment-wide gauges (see stats.h).
 */
#include "store/stats.h"

#include <string.h>

#include "store/row.h"

static enum vg_err stats_collect(struct store *st, const char *sql, const struct store_param *p,
                                 size_t np, struct store_stats *out)
{
    memset(out, 0, sizeof *out);
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, sql, p, np, &r);
    for (size_t i = 0; e == VG_OK && i < store_result_rows(r) && i < STORE_STATS_MAX; i++) {
        struct store_stat *s = &out->rows[out->n++];
        store_row_copy(r, i, "a", s->label, sizeof s->label);
        store_row_copy(r, i, "b", s->label2, sizeof s->label2);
        s->n = store_row_int(r, i, "n", 0);
    }
    store_result_free(r);
    return e;
}

enum vg_err store_stats_scans(struct store *st, struct store_stats *out)
{
    return stats_collect(st, "SELECT status AS a, '' AS b, COUNT(*) AS n FROM scans "
                             "GROUP BY status ORDER BY status",
                         NULL, 0, out);
}

enum vg_err store_stats_workers(struct store *st, int64_t *live, int64_t *busy)
{
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "SELECT COUNT(*) AS live, COUNT(current_job_id) AS busy FROM "
                                 "workers WHERE dead_at IS NULL",
                                 NULL, 0, &r);
    *live = e == VG_OK ? store_row_int(r, 0, "live", 0) : 0;
    *busy = e == VG_OK ? store_row_int(r, 0, "busy", 0) : 0;
    store_result_free(r);
    return e;
}
