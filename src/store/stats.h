/*
 * stats.h - counts over the whole deployment for GET /metrics, read at scrape time from
 * the database every process shares: scans by status, live and busy workers (jobs by kind:
 * store_jobs_summary). Thread-safe; errors are the store's.
 */
#ifndef VG_STORE_STATS_H
#define VG_STORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_STATS_MAX 64

struct store_stat {
    char label[32];  /* a scan status, or a job kind */
    char label2[32]; /* a job status ("" for scans) */
    int64_t n;
};

struct store_stats {
    struct store_stat rows[STORE_STATS_MAX];
    size_t n;
};

/* Scans by status. */
enum vg_err store_stats_scans(struct store *st, struct store_stats *out);
/* Workers not marked dead, and how many of them run a job now. */
enum vg_err store_stats_workers(struct store *st, int64_t *live, int64_t *busy);

#endif
