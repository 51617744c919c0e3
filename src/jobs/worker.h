/*
 * worker.h - scan workers: threads that claim jobs from the queue and run them. Used
 * inside `vega serve` (--workers N) and by `vega worker`, on any machine that shares the
 * database and blob storage. Each worker registers itself in the workers table and
 * heartbeats there (GET /v1/ops/workers shows them).
 */
#ifndef VG_JOBS_WORKER_H
#define VG_JOBS_WORKER_H

#include <stdbool.h>

struct app;
struct worker_pool;

/* Start n worker threads (app->engine must be loaded). NULL when n is 0. */
struct worker_pool *worker_pool_start(struct app *app, unsigned n);
/* Stop: no more claims, every running job handed back to the queue at once (lease
 * released, attempt not counted), then wait a short grace for the threads. true: they
 * all left and the pool is freed. false: a job is still inside the engine; the pool is
 * left as it is and the caller must end the process without freeing the app (_exit).
 * Accepts NULL (true). */
bool worker_pool_stop(struct worker_pool *pool);

#endif
