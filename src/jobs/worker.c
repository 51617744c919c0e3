/*
 * worker.c - the worker threads (see worker.h). An idle worker polls the queue every
 * WORKER_POLL_MS; stopping wakes it at once through a condition variable.
 *
 * One heartbeat thread per pool keeps every worker's row fresh and renews the lease of
 * the job each one is running, on a timer (a third of the lease), never from the job
 * itself: a job may spend minutes inside one call (inflating one huge archive entry) and
 * must not lose its lease to another worker meanwhile. The same beat marks workers of
 * any process that stopped beating for three leases as dead.
 */
#include "jobs/worker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "jobs/cleanup.h"
#include "jobs/queue.h"
#include "jobs/kinds.h"
#include "store/workers.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define WORKER_POLL_MS 300
/* The beat runs every third of a lease, within these bounds. */
#define WORKER_BEAT_MIN_MS 200
#define WORKER_BEAT_MAX_MS 5000

struct worker {
    struct worker_pool *pool;
    pthread_t tid;
    char id[UUID_STR_LEN];
    /* Guarded by pool->job_mu: the job this worker runs, for the beat to renew, and
     * whether the worker has left (its row is gone; the beat must not bring it back). */
    bool busy;
    bool exited;
    struct job job;
};

struct worker_pool {
    struct app *app;
    struct worker *workers;
    unsigned n;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool stop;
    /* The beat outlives the workers' last jobs: it stops after they are joined. */
    pthread_mutex_t job_mu;
    pthread_cond_t beat_wake;
    pthread_t beat_tid;
    bool beating;
    bool beat_stop;
};

static void worker_register(struct worker *w)
{
    char host[256] = "unknown";
    gethostname(host, sizeof(host) - 1);
    if (store_workers_register(w->pool->app->store, w->id, host, getpid(), time_now()) != VG_OK)
        log_msg(LOG_WARN, "worker_register_failed", "worker", w->id, NULL);
}

/* Refresh the worker's row; a row the cleanup removed (it looked dead) comes back. */
static void worker_heartbeat(struct worker *w, const char *job_id)
{
    bool exists = true;
    if (store_workers_heartbeat(w->pool->app->store, w->id, job_id, time_now(), &exists) ==
            VG_OK &&
        !exists)
        worker_register(w);
}

/* Sleep up to ms unless the pool is stopping; true when it is. */
static bool worker_idle(struct worker_pool *pool, unsigned ms)
{
    struct timespec until = time_deadline_after_ms(ms);
    pthread_mutex_lock(&pool->mu);
    if (!pool->stop)
        pthread_cond_timedwait(&pool->wake, &pool->mu, &until);
    bool stop = pool->stop;
    pthread_mutex_unlock(&pool->mu);
    return stop;
}

static void worker_set_job(struct worker *w, const struct job *job)
{
    pthread_mutex_lock(&w->pool->job_mu);
    w->busy = job != NULL;
    if (job != NULL)
        w->job = *job;
    pthread_mutex_unlock(&w->pool->job_mu);
}

/* One beat: every worker's heartbeat and the lease of every running job. The job lock is
 * held across the renewal so a worker cannot finish its job and claim the next one
 * while the beat renews the old one. */
static void worker_beat(struct worker_pool *pool)
{
    struct app *app = pool->app;
    for (unsigned i = 0; i < pool->n; i++) {
        struct worker *w = &pool->workers[i];
        pthread_mutex_lock(&pool->job_mu);
        if (w->exited) {
            pthread_mutex_unlock(&pool->job_mu);
            continue;
        }
        worker_heartbeat(w, w->busy ? w->job.id : NULL);
        if (w->busy && jobs_renew(app->store, &w->job, w->id, app->cfg.job_lease_seconds) ==
                           VG_ERR_CONFLICT)
            log_msg(LOG_WARN, "job_lease_lost", "job", w->job.id, "worker", w->id, NULL);
        pthread_mutex_unlock(&pool->job_mu);
    }
    cleanup_mark_dead_workers(app, time_now());
}

static void *worker_beat_main(void *arg)
{
    struct worker_pool *pool = arg;
    unsigned ms = pool->app->cfg.job_lease_seconds * 1000u / 3u;
    ms = ms < WORKER_BEAT_MIN_MS ? WORKER_BEAT_MIN_MS : ms;
    ms = ms > WORKER_BEAT_MAX_MS ? WORKER_BEAT_MAX_MS : ms;
    pthread_mutex_lock(&pool->job_mu);
    while (!pool->beat_stop) {
        struct timespec until = time_deadline_after_ms(ms);
        while (!pool->beat_stop &&
               pthread_cond_timedwait(&pool->beat_wake, &pool->job_mu, &until) == 0)
            ;
        if (pool->beat_stop)
            break;
        pthread_mutex_unlock(&pool->job_mu);
        worker_beat(pool);
        pthread_mutex_lock(&pool->job_mu);
    }
    pthread_mutex_unlock(&pool->job_mu);
    return NULL;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct worker_pool *pool = w->pool;
    struct app *app = pool->app;
    worker_register(w);
    for (;;) {
        struct job job;
        bool got = false;
        enum vg_err e = jobs_claim(app->store, w->id, app->cfg.job_lease_seconds, &job, &got);
        if (e == VG_OK && got) {
            worker_set_job(w, &job);
            worker_heartbeat(w, job.id);
            e = job_kind_run(app, &job, w->id);
            worker_set_job(w, NULL);
            if (e != VG_OK)
                log_msg(LOG_ERROR, "job_error", "job", job.id, "error", err_name(e), NULL);
            worker_heartbeat(w, NULL);
            continue;
        }
        if (e != VG_OK)
            log_msg(LOG_WARN, "job_claim_failed", "error", err_name(e), NULL);
        if (worker_idle(pool, WORKER_POLL_MS))
            break;
    }
    pthread_mutex_lock(&pool->job_mu);
    w->exited = true;
    pthread_mutex_unlock(&pool->job_mu);
    (void)store_workers_remove(app->store, w->id);
    return NULL;
}

struct worker_pool *worker_pool_start(struct app *app, unsigned n)
{
    if (n == 0)
        return NULL;
    struct worker_pool *pool = xcalloc(1, sizeof(*pool));
    pool->app = app;
    pool->n = n;
    pool->workers = xcalloc(n, sizeof(*pool->workers));
    pthread_mutex_init(&pool->mu, NULL);
    pthread_cond_init(&pool->wake, NULL);
    pthread_mutex_init(&pool->job_mu, NULL);
    pthread_cond_init(&pool->beat_wake, NULL);
    for (unsigned i = 0; i < n; i++) {
        struct worker *w = &pool->workers[i];
        w->pool = pool;
        rand_uuid(w->id);
        if (pthread_create(&w->tid, NULL, worker_main, w) != 0) {
            fprintf(stderr, "vega: cannot start worker thread\n");
            pool->n = i;
            break;
        }
    }
    pool->beating = pthread_create(&pool->beat_tid, NULL, worker_beat_main, pool) == 0;
    if (!pool->beating)
        fprintf(stderr, "vega: cannot start the worker heartbeat thread\n");
    return pool;
}

void worker_pool_stop(struct worker_pool *pool)
{
    if (pool == NULL)
        return;
    pthread_mutex_lock(&pool->mu);
    pool->stop = true;
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mu);
    for (unsigned i = 0; i < pool->n; i++)
        pthread_join(pool->workers[i].tid, NULL);
    pthread_mutex_lock(&pool->job_mu);
    pool->beat_stop = true;
    pthread_cond_broadcast(&pool->beat_wake);
    pthread_mutex_unlock(&pool->job_mu);
    if (pool->beating)
        pthread_join(pool->beat_tid, NULL);
    pthread_cond_destroy(&pool->beat_wake);
    pthread_mutex_destroy(&pool->job_mu);
    pthread_mutex_destroy(&pool->mu);
    pthread_cond_destroy(&pool->wake);
    free(pool->workers);
    free(pool);
}
