/*
 * rates.h - the rate_counters table: one counter per (bucket, subject, window start).
 * Every statement is one atomic upsert or update, so concurrent requests on any number of
 * processes count exactly. The limit policy (which bucket, which window) stays in
 * app/limits.c. Thread-safe.
 */
#ifndef VG_STORE_RATES_H
#define VG_STORE_RATES_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Count one more in the window; *count receives the new count. */
enum vg_err store_rates_hit(struct store *st, const char *bucket, const char *subject,
                            int64_t window_start, int64_t *count);
/* Count one more only while the count is below limit: *taken says whether it did, and
 * *count is the new count when it did. */
enum vg_err store_rates_reserve(struct store *st, const char *bucket, const char *subject,
                                int64_t window_start, int64_t limit, bool *taken, int64_t *count);
/* Give one back (never below zero). */
enum vg_err store_rates_release(struct store *st, const char *bucket, const char *subject,
                                int64_t window_start);
/* Forget the window's count. */
enum vg_err store_rates_clear(struct store *st, const char *bucket, const char *subject,
                              int64_t window_start);

#endif
