/*
 * worker.h - scan workers: threads that claim jobs from the queue and run them. Used
 * inside `vega serve` (--workers N) and by `vega worker`, on any machine that shares the
 * database and blob storage. Each worker registers itself in the workers table and
 * heartbeats there (GET /v1/ops/workers shows them).
 */
#ifndef VG_JOBS_WORKER_H
#define VG_JOBS_WORKER_H

struct app;
struct worker_pool;

/* Start n worker threads (app->engine must be loaded). NULL when n is 0. */
struct worker_pool *worker_pool_start(struct app *app, unsigned n);
/* Ask the workers to stop after their current job, wait for them, free the pool.
 * Accepts NULL. */
void worker_pool_stop(struct worker_pool *pool);

#endif
