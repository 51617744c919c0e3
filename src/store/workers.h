/*
 * workers.h - the workers table: one row per worker thread of any process, refreshed by
 * its heartbeat, marked dead when it stops beating and removed by the cleanup. Times are
 * epoch seconds, 0 for SQL NULL. Thread-safe.
 */
#ifndef VG_STORE_WORKERS_H
#define VG_STORE_WORKERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/rand.h"

struct store_worker {
    char id[UUID_STR_LEN];
    char hostname[256];
    int64_t pid;
    int64_t started_at;
    int64_t heartbeat_at;
    char current_job_id[UUID_STR_LEN]; /* "" when idle */
    int64_t dead_at;                   /* 0: not marked dead */
};

struct store_worker_list {
    struct store_worker *items; /* owned */
    size_t n;
};

void store_worker_list_release(struct store_worker_list *l);

/* Insert the worker's row, or bring back a removed / dead-marked one. */
enum vg_err store_workers_register(struct store *st, const char *id, const char *hostname,
                                   int64_t pid, int64_t now);
/* Refresh the worker's heartbeat and current job (job_id NULL: idle); *exists false when
 * the row is gone (the cleanup removed it). */
enum vg_err store_workers_heartbeat(struct store *st, const char *id, const char *job_id,
                                    int64_t now, bool *exists);
enum vg_err store_workers_remove(struct store *st, const char *id);
/* Mark dead every live worker whose heartbeat is older than stale_before; *n how many. */
enum vg_err store_workers_mark_dead(struct store *st, int64_t stale_before, int64_t now,
                                    int64_t *n);
/* Every worker, oldest first (ties by id). */
enum vg_err store_workers_all(struct store *st, struct store_worker_list *out);

#endif
