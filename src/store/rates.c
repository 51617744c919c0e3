/*
 * rates.c - every statement on rate_counters (see rates.h).
 */
#include "store/rates.h"

#include "store/row.h"

#define RATE_UPSERT                                                                                \
    "INSERT INTO rate_counters (bucket, subject, window_start, count) VALUES ($1, $2, $3, 1) "     \
    "ON CONFLICT (bucket, subject, window_start) DO UPDATE SET count = rate_counters.count + 1 "

enum vg_err store_rates_hit(struct store *st, const char *bucket, const char *subject,
                            int64_t window_start, int64_t *count)
{
    struct store_param p[] = {SP_TEXT(bucket), SP_TEXT(subject), SP_INT(window_start)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, RATE_UPSERT "RETURNING count", p, 3, &r);
    if (e == VG_OK)
        *count = store_row_int(r, 0, "count", 0);
    store_result_free(r);
    return e;
}

enum vg_err store_rates_reserve(struct store *st, const char *bucket, const char *subject,
                                int64_t window_start, int64_t limit, bool *taken, int64_t *count)
{
    struct store_param p[] = {SP_TEXT(bucket), SP_TEXT(subject), SP_INT(window_start),
                              SP_INT(limit)};
    struct store_result *r = NULL;
    enum vg_err e =
        store_query1(st, RATE_UPSERT "WHERE rate_counters.count < $4 RETURNING count", p, 4, &r);
    *taken = e == VG_OK && store_result_rows(r) == 1;
    if (*taken)
        *count = store_row_int(r, 0, "count", 0);
    store_result_free(r);
    return e;
}

enum vg_err store_rates_release(struct store *st, const char *bucket, const char *subject,
                                int64_t window_start)
{
    struct store_param p[] = {SP_TEXT(bucket), SP_TEXT(subject), SP_INT(window_start)};
    return store_query1(st,
                        "UPDATE rate_counters SET count = count - 1 WHERE bucket = $1 AND "
                        "subject = $2 AND window_start = $3 AND count > 0",
                        p, 3, NULL);
}

enum vg_err store_rates_clear(struct store *st, const char *bucket, const char *subject,
                              int64_t window_start)
{
    struct store_param p[] = {SP_TEXT(bucket), SP_TEXT(subject), SP_INT(window_start)};
    return store_query1(st,
                        "DELETE FROM rate_counters WHERE bucket = $1 AND subject = $2 AND "
                        "window_start = $3",
                        p, 3, NULL);
}
