/*
 * metrics.h - the process's counters for GET /metrics (Prometheus text format 0.0.4):
 * HTTP requests by route and status with a latency histogram per route, and the work of
 * the scan engine in this process (bytes read, seconds spent). Lock-free: every counter
 * is an atomic, safe to bump from any thread. What lives in the database (scans by
 * status, queue depth, busy workers) and in other modules (blob errors, pool waits) is
 * read at scrape time by api/metrics.c, which also writes the text.
 */
#ifndef VG_APP_METRICS_H
#define VG_APP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct metrics;

/* Counters for n routes, labelled methods[i] and patterns[i] (borrowed: static storage);
 * index n counts requests no route matched. Aborts on OOM. */
struct metrics *metrics_new(size_t n, const char *const *methods, const char *const *patterns);
void metrics_free(struct metrics *m);

/* One answered request. m may be NULL (no metrics in this process). */
void metrics_http(struct metrics *m, size_t route, unsigned status, double seconds);
/* One scan the engine ran in this process. m may be NULL. */
void metrics_engine(struct metrics *m, uint64_t bytes, double seconds);

/* Append the HTTP and engine families in the text format. VG_ERR_TOO_LARGE past out's cap. */
enum vg_err metrics_render(const struct metrics *m, struct buf *out);

#endif
