/*
 * worker.c - the worker threads (see worker.h). An idle worker polls the queue every
 * WORKER_POLL_MS; stopping wakes it at once through a condition variable.
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
#include "jobs/queue.h"
#include "jobs/kinds.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define WORKER_POLL_MS 300
#define WORKER_HEARTBEAT_S 5

struct worker {
    struct worker_pool *pool;
    pthread_t tid;
    char id[UUID_STR_LEN];
};

struct worker_pool {
    struct app *app;
    struct worker *workers;
    unsigned n;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool stop;
};

static void worker_register(struct worker *w)
{
    char host[256] = "unknown";
    gethostname(host, sizeof(host) - 1);
    int64_t now = time_now();
    struct store_param p[] = {SP_TEXT(w->id), SP_TEXT(host), SP_INT(getpid()), SP_INT(now)};
    if (store_query1(w->pool->app->store,
                     "INSERT INTO workers (id, hostname, pid, started_at, heartbeat_at) "
                     "VALUES ($1,$2,$3,$4,$4)",
                     p, 4, NULL) != VG_OK)
        log_msg(LOG_WARN, "worker_register_failed", "worker", w->id, NULL);
}

static void worker_heartbeat(struct worker *w, const char *job_id)
{
    struct store_param p[] = {SP_INT(time_now()), SP_TEXT_OR_NULL(job_id), SP_TEXT(w->id)};
    (void)store_query1(w->pool->app->store,
                       "UPDATE workers SET heartbeat_at = $1, current_job_id = $2 WHERE id = $3",
                       p, 3, NULL);
}

/* Sleep up to ms unless the pool is stopping; true when it is. */
static bool worker_idle(struct worker_pool *pool, unsigned ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&pool->mu);
    if (!pool->stop)
        pthread_cond_timedwait(&pool->wake, &pool->mu, &until);
    bool stop = pool->stop;
    pthread_mutex_unlock(&pool->mu);
    return stop;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct worker_pool *pool = w->pool;
    struct app *app = pool->app;
    worker_register(w);
    int64_t last_beat = 0;
    for (;;) {
        if (time_now() - last_beat >= WORKER_HEARTBEAT_S) {
            worker_heartbeat(w, NULL);
            last_beat = time_now();
        }
        struct job job;
        bool got = false;
        enum vg_err e = jobs_claim(app->store, w->id, app->cfg.job_lease_seconds, &job, &got);
        if (e == VG_OK && got) {
            worker_heartbeat(w, job.id);
            e = job_kind_run(app, &job, w->id);
            if (e != VG_OK)
                log_msg(LOG_ERROR, "job_error", "job", job.id, "error", err_name(e), NULL);
            worker_heartbeat(w, NULL);
            last_beat = time_now();
            continue;
        }
        if (e != VG_OK)
            log_msg(LOG_WARN, "job_claim_failed", "error", err_name(e), NULL);
        if (worker_idle(pool, WORKER_POLL_MS))
            break;
    }
    struct store_param p[] = {SP_TEXT(w->id)};
    (void)store_query1(app->store, "DELETE FROM workers WHERE id = $1", p, 1, NULL);
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
    pthread_mutex_destroy(&pool->mu);
    pthread_cond_destroy(&pool->wake);
    free(pool->workers);
    free(pool);
}
