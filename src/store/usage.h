/*
 * usage.h - billing usage (usage_events): rows written once per billable subject when a
 * scan completes (scan, scanned_bytes, scanned_files; audits later), summed per UTC day.
 * API requests come from the per-key rate counters (rate_counters, per minute), so they
 * cover the windows the cleanup job has not removed yet.
 */
#ifndef VG_STORE_USAGE_H
#define VG_STORE_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Inside the transaction that completes scan_id: its usage rows (idempotent). */
enum vg_err store_usage_scan(struct store_conn *c, const char *scan_id);

struct store_usage_day {
    int64_t day; /* epoch seconds / 86400 */
    int64_t scans, scanned_bytes, scanned_files, audits, api_requests;
};
/* The user's usage per UTC day in [from, to) (epoch seconds), days with usage only, in
 * ascending order. *out is malloc'd (*n entries). */
enum vg_err store_usage_days(struct store *st, const char *user_id, int64_t from, int64_t to,
                             struct store_usage_day **out, size_t *n);
/* Billable usage of one kind and tier in a period. */
struct store_usage_cost {
    char kind[32];
    char *tier; /* owned, may be NULL */
    int64_t count, amount_cents;
};
struct store_usage_costs {
    struct store_usage_cost *items; /* owned; by kind, then tier */
    size_t n;
    int64_t total_cents;
};
void store_usage_costs_release(struct store_usage_costs *c);
/* Billable costs in [from, to) and their total. */
enum vg_err store_usage_costs(struct store *st, const char *user_id, int64_t from, int64_t to,
                              struct store_usage_costs *out);

#endif
