/*
 * limits.c - rate-limit counters on the store (table rate_counters).
 */
#include "app/limits.h"

#include "store/store.h"

enum vg_err limits_hit(struct store *st, const char *bucket, const char *subject,
                       int64_t window_seconds, int64_t limit, int64_t now,
                       struct limit_result *out)
{
    int64_t start = now - now % window_seconds;
    struct store_param p[] = {SP_TEXT(bucket), SP_TEXT(subject), SP_INT(start)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st,
                                 "INSERT INTO rate_counters (bucket, subject, window_start, count) "
                                 "VALUES ($1, $2, $3, 1) "
                                 "ON CONFLICT (bucket, subject, window_start) "
                                 "DO UPDATE SET count = rate_counters.count + 1 "
                                 "RETURNING count",
                                 p, 3, &r);
    if (e != VG_OK)
        return e;
    out->count = store_result_int(r, 0, 0, 0);
    store_result_free(r);
    out->limit = limit;
    out->allowed = out->count <= limit;
    out->retry_after = start + window_seconds - now;
    if (out->retry_after < 1)
        out->retry_after = 1;
    return VG_OK;
}
