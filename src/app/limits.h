/*
 * limits.h - the rate limits (one table: bucket names, windows, their settings) and the
 * fixed-window counters kept in the database, so they are exact under concurrency and
 * across server processes (one atomic upsert per hit).
 */
#ifndef VG_APP_LIMITS_H
#define VG_APP_LIMITS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct store;
struct config;

/* Every limit an operator can set (config.c has the flags; limits.c the buckets). */
enum limit_id {
    LIMIT_KEY_REQUESTS_MINUTE, /* v1_requests_per_key_per_minute */
    LIMIT_KEY_SCANS_DAY,       /* v1_scans_per_key_per_day */
    LIMIT_USER_SCANS_DAY,      /* scans_per_user_per_day */
    LIMIT_IP_SCANS_DAY,        /* scans_per_ip_per_day */
    LIMIT_LOGIN_ACCOUNT,       /* login_failures_per_account */
    LIMIT_LOGIN_IP,            /* login_failures_per_ip */
    LIMIT_ACCOUNT_MAILS_IP,    /* account_mails_per_ip_per_hour: sign-up, reset, resend */
    LIMIT_COUNT
};

struct limit_result {
    bool allowed;
    int64_t count;        /* the count including this hit */
    int64_t limit;
    int64_t retry_after;  /* seconds until the window ends */
    int64_t window_start; /* the window counted in (for limits_release) */
    const char *bucket;   /* the limit's name, as in 429 messages */
};

/*
 * Count one hit of subject in bucket for the current UTC window of window_seconds
 * (60: minute, 86400: day) and say whether it is within limit. VG_ERR_DB etc. when the
 * database fails (callers then answer 503 rather than let traffic through silently).
 */
enum vg_err limits_hit(struct store *st, const char *bucket, const char *subject,
                       int64_t window_seconds, int64_t limit, int64_t now,
                       struct limit_result *out);

/* limits_hit for one of the configured limits; a limit set to 0 is not counted and
 * always allows. */
enum vg_err limits_take(struct store *st, const struct config *cfg, enum limit_id id,
                        const char *subject, int64_t now, struct limit_result *out);
/* Reserve one of the limit's slots atomically (one conditional upsert): a refused hit is
 * not counted, so limits_release frees a slot for the next caller. For attempts that are
 * counted before an expensive step (a password check). */
enum vg_err limits_reserve(struct store *st, const struct config *cfg, enum limit_id id,
                           const char *subject, int64_t now, struct limit_result *out);
/* Give back one hit taken by limits_take or limits_reserve (res from it). */
enum vg_err limits_release(struct store *st, const struct limit_result *res,
                           const char *subject);
/* Forget subject's count in res's window (a successful login clears its failures). */
enum vg_err limits_clear(struct store *st, const struct limit_result *res, const char *subject);

/* The limit's bucket name, its configured value and window length. */
const char *limits_bucket(enum limit_id id);
int64_t limits_value(const struct config *cfg, enum limit_id id);
int64_t limits_window(const struct config *cfg, enum limit_id id);

/* The limits in force, for GET /v1/ops/limits. */
json_t *limits_json(const struct config *cfg);

#endif
