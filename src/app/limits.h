/*
 * limits.h - fixed-window counters kept in the database, so they are exact under
 * concurrency and across server processes (one atomic upsert per hit).
 */
#ifndef VG_APP_LIMITS_H
#define VG_APP_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct store;

struct limit_result {
    bool allowed;
    int64_t count;       /* the count including this hit */
    int64_t limit;
    int64_t retry_after; /* seconds until the window ends */
};

/*
 * Count one hit of subject in bucket for the current UTC window of window_seconds
 * (60: minute, 86400: day) and say whether it is within limit. VG_ERR_DB etc. when the
 * database fails (callers then answer 503 rather than let traffic through silently).
 */
enum vg_err limits_hit(struct store *st, const char *bucket, const char *subject,
                       int64_t window_seconds, int64_t limit, int64_t now,
                       struct limit_result *out);

#endif
