/*
 * store.c - the backend-neutral half of the store: picking the backend from the url,
 * the connection pool (a mutex, a condition variable, connections opened lazily up to
 * max_conns), the convenience calls and the migrations runner. SQL dialect and the
 * database libraries live in sqlite.c and pg.c behind struct store_ops; this file
 * never sees them.
 */
#include "store/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/xalloc.h"

void store_reason(char *reason, size_t reason_len, const char *fmt, ...)
{
    if (reason == NULL || reason_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, reason_len, fmt, ap);
    va_end(ap);
}

static int64_t store_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void store_pool_stats(struct store *st, struct store_pool_stats *out)
{
    pthread_mutex_lock(&st->mu);
    out->waits = st->waits;
    out->wait_seconds = (double)st->wait_us / 1e6;
    out->open = st->open_conns;
    out->max = st->max_conns;
    pthread_mutex_unlock(&st->mu);
}

int64_t store_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const struct {
    const char *prefix;
    enum store_kind kind;
    const struct store_ops *ops;
} store_backends[] = {
    {"sqlite:", STORE_SQLITE, &store_sqlite_ops},
    {"postgresql://", STORE_POSTGRES, &store_pg_ops},
    {"postgres://", STORE_POSTGRES, &store_pg_ops},
};

/* ---- pool ---------------------------------------------------------------------------- */

static void pool_discard(struct store *st, struct store_conn *c)
{
    st->ops->disconnect(c->handle);
    free(c);
    pthread_mutex_lock(&st->mu);
    st->open_conns--;
    pthread_cond_signal(&st->cv);
    pthread_mutex_unlock(&st->mu);
}

/* Open a fresh connection for a slot already counted in open_conns. */
static enum vg_err pool_connect(struct store *st, struct store_conn **out, char *reason,
                                size_t reason_len)
{
    void *h = NULL;
    enum vg_err e = st->ops->connect(st->cfg, &h, reason, reason_len);
    if (e != VG_OK) {
        pthread_mutex_lock(&st->mu);
        st->open_conns--;
        pthread_cond_signal(&st->cv);
        pthread_mutex_unlock(&st->mu);
        return e;
    }
    struct store_conn *c = xcalloc(1, sizeof(*c));
    c->st = st;
    c->handle = h;
    *out = c;
    return VG_OK;
}

static void deadline_to_timespec(int64_t deadline_ms, struct timespec *ts)
{
    /* The condvar uses CLOCK_MONOTONIC (see store_open). */
    ts->tv_sec = (time_t)(deadline_ms / 1000);
    ts->tv_nsec = (long)(deadline_ms % 1000) * 1000000L;
}

/*
 * Borrow a connection, waiting at most until deadline_ms (monotonic; -1: forever).
 * VG_ERR_UNAVAILABLE when the deadline passes or a new connection cannot be made.
 */
static enum vg_err pool_acquire(struct store *st, int64_t deadline_ms, struct store_conn **out,
                                char *reason, size_t reason_len)
{
    *out = NULL;
    for (;;) {
        pthread_mutex_lock(&st->mu);
        int64_t waited_from = -1;
        while (st->idle == NULL && st->open_conns >= st->max_conns) {
            if (waited_from < 0) {
                waited_from = store_now_us();
                st->waits++;
            }
            if (deadline_ms < 0) {
                pthread_cond_wait(&st->cv, &st->mu);
                continue;
            }
            struct timespec ts;
            deadline_to_timespec(deadline_ms, &ts);
            if (pthread_cond_timedwait(&st->cv, &st->mu, &ts) == ETIMEDOUT && st->idle == NULL &&
                st->open_conns >= st->max_conns) {
                st->wait_us += (uint64_t)(store_now_us() - waited_from);
                pthread_mutex_unlock(&st->mu);
                store_reason(reason, reason_len, "no free database connection");
                return VG_ERR_UNAVAILABLE;
            }
        }
        if (waited_from >= 0)
            st->wait_us += (uint64_t)(store_now_us() - waited_from);
        struct store_conn *c = st->idle;
        if (c != NULL)
            st->idle = c->next;
        else
            st->open_conns++;
        pthread_mutex_unlock(&st->mu);
        if (c == NULL)
            return pool_connect(st, out, reason, reason_len);
        if (st->ops->healthy(c->handle)) {
            c->next = NULL;
            *out = c;
            return VG_OK;
        }
        pool_discard(st, c); /* the server went away: try again with a fresh one */
    }
}

enum vg_err store_acquire(struct store *st, struct store_conn **out)
{
    char reason[256] = "";
    enum vg_err e = pool_acquire(st, -1, out, reason, sizeof(reason));
    if (e != VG_OK)
        log_msg(LOG_ERROR, "store_connect_failed", "backend", st->ops->name, "reason", reason,
                NULL);
    return e;
}

void store_release(struct store_conn *c)
{
    if (c == NULL)
        return;
    struct store *st = c->st;
    if (st->ops->healthy(c->handle) && st->ops->in_transaction(c->handle) &&
        st->ops->rollback(c->handle) != VG_OK) {
        pool_discard(st, c);
        return;
    }
    if (!st->ops->healthy(c->handle)) {
        pool_discard(st, c);
        return;
    }
    pthread_mutex_lock(&st->mu);
    c->next = st->idle;
    st->idle = c;
    pthread_cond_signal(&st->cv);
    pthread_mutex_unlock(&st->mu);
}

/* ---- open / close -------------------------------------------------------------------- */

static enum vg_err store_pick_backend(const char *url, struct store *st, char *reason,
                                      size_t reason_len)
{
    for (size_t i = 0; i < sizeof(store_backends) / sizeof(store_backends[0]); i++) {
        if (strncmp(url, store_backends[i].prefix, strlen(store_backends[i].prefix)) == 0) {
            st->kind = store_backends[i].kind;
            st->ops = store_backends[i].ops;
            return VG_OK;
        }
    }
    store_reason(reason, reason_len,
                 "unsupported database url (expected sqlite:///path, sqlite://path, "
                 "sqlite::memory: or postgresql://...)");
    return VG_ERR_INVALID;
}

static void store_init_sync(struct store *st)
{
    pthread_mutex_init(&st->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&st->cv, &ca);
    pthread_condattr_destroy(&ca);
}

enum vg_err store_open_wait(const char *url, unsigned max_conns, unsigned wait_s,
                            struct store **out, char *reason, size_t reason_len)
{
    int64_t deadline = store_now_ms() + (int64_t)wait_s * 1000;
    unsigned delay_ms = STORE_OPEN_BACKOFF_MIN_MS;
    for (unsigned attempt = 1;; attempt++) {
        enum vg_err e = store_open(url, max_conns, out, reason, reason_len);
        int64_t left = deadline - store_now_ms();
        /* Only a server can come up later: a SQLite file that cannot be opened will not. */
        if (e != VG_ERR_UNAVAILABLE || left <= 0 || strncmp(url, "postgres", 8) != 0)
            return e;
        char n[16], ms[16];
        snprintf(n, sizeof n, "%u", attempt);
        snprintf(ms, sizeof ms, "%u", delay_ms);
        log_msg(LOG_WARN, "database_not_ready", "attempt", n, "retry_in_ms", ms, "reason",
                reason, NULL);
        unsigned sleep_ms = (int64_t)delay_ms < left ? delay_ms : (unsigned)left;
        struct timespec ts = {(time_t)(sleep_ms / 1000), (long)(sleep_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        delay_ms = delay_ms * 2 > STORE_OPEN_BACKOFF_MAX_MS ? STORE_OPEN_BACKOFF_MAX_MS
                                                            : delay_ms * 2;
    }
}

enum vg_err store_open(const char *url, unsigned max_conns, struct store **out, char *reason,
                       size_t reason_len)
{
    *out = NULL;
    store_reason(reason, reason_len, "%s", "");
    if (url == NULL || *url == '\0') {
        store_reason(reason, reason_len, "empty database url");
        return VG_ERR_INVALID;
    }
    struct store *st = xcalloc(1, sizeof(*st));
    enum vg_err e = store_pick_backend(url, st, reason, reason_len);
    if (e != VG_OK) {
        free(st);
        return e;
    }
    st->max_conns = max_conns ? max_conns : STORE_DEFAULT_MAX_CONNS;
    e = st->ops->parse_url(url, &st->cfg, &st->max_conns, reason, reason_len);
    if (e != VG_OK) {
        free(st);
        return e;
    }
    store_init_sync(st);
    /* One probe connection, kept in the pool. */
    struct store_conn *c = NULL;
    st->open_conns = 1;
    e = pool_connect(st, &c, reason, reason_len);
    if (e != VG_OK) {
        store_close(st);
        return e;
    }
    store_release(c);
    *out = st;
    return VG_OK;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    while (st->idle != NULL) {
        struct store_conn *c = st->idle;
        st->idle = c->next;
        st->ops->disconnect(c->handle);
        free(c);
    }
    if (st->cfg != NULL)
        st->ops->free_cfg(st->cfg);
    pthread_cond_destroy(&st->cv);
    pthread_mutex_destroy(&st->mu);
    free(st);
}

enum store_kind store_kind(const struct store *st) { return st->kind; }

enum store_kind store_conn_kind(const struct store_conn *c) { return c->st->kind; }

/* ---- statements ---------------------------------------------------------------------- */

enum vg_err store_query(struct store_conn *c, const char *sql, const struct store_param *params,
                        size_t nparams, struct store_result **out)
{
    if (out != NULL)
        *out = NULL;
    struct store_result *r = NULL;
    enum vg_err e = c->st->ops->query(c->handle, sql, params, nparams, &r);
    if (e != VG_OK || out == NULL) {
        store_result_free(r);
        return e;
    }
    *out = r;
    return VG_OK;
}

enum vg_err store_exec_script(struct store_conn *c, const char *sql)
{
    return c->st->ops->exec_script(c->handle, sql);
}

enum vg_err store_begin(struct store_conn *c) { return c->st->ops->begin(c->handle); }

enum vg_err store_commit(struct store_conn *c) { return c->st->ops->commit(c->handle); }

void store_rollback(struct store_conn *c)
{
    /* A failed rollback leaves the connection unhealthy; store_release discards it. */
    (void)c->st->ops->rollback(c->handle);
}

enum vg_err store_query1(struct store *st, const char *sql, const struct store_param *params,
                         size_t nparams, struct store_result **out)
{
    if (out != NULL)
        *out = NULL;
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(st, &c);
    if (e != VG_OK)
        return e;
    e = store_query(c, sql, params, nparams, out);
    store_release(c);
    return e;
}

enum vg_err store_ping(struct store *st)
{
    int64_t deadline = store_now_ms() + STORE_PING_TIMEOUT_MS;
    /* A pooled connection may be stale (server restarted): one retry on a fresh one. */
    for (int attempt = 0; attempt < 2; attempt++) {
        struct store_conn *c = NULL;
        char reason[256] = "";
        enum vg_err e = pool_acquire(st, deadline, &c, reason, sizeof(reason));
        if (e != VG_OK) {
            log_msg(LOG_WARN, "store_ping_failed", "backend", st->ops->name, "reason", reason,
                    NULL);
            return VG_ERR_UNAVAILABLE;
        }
        int64_t left = deadline - store_now_ms();
        e = st->ops->ping(c->handle, left > 100 ? (int)left : 100);
        store_release(c);
        if (e == VG_OK)
            return VG_OK;
        if (store_now_ms() >= deadline)
            break;
    }
    return VG_ERR_UNAVAILABLE;
}

/* ---- migrations ---------------------------------------------------------------------- */

#define MIGRATIONS_DIR "migrations/"

static const char migrations_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

struct migration {
    int64_t version;
    char *name; /* file name without directory and .sql */
    const char *sql;
};

static int migration_cmp(const void *a, const void *b)
{
    const struct migration *x = a, *y = b;
    return strcmp(x->name, y->name);
}

/* Parse "migrations/NNNN_name.sql"; false for any other embedded file. */
static bool migration_parse(const struct embedded_file *f, struct migration *m)
{
    size_t dl = strlen(MIGRATIONS_DIR);
    if (strncmp(f->path, MIGRATIONS_DIR, dl) != 0)
        return false;
    const char *base = f->path + dl;
    size_t bl = strlen(base);
    if (bl < 5 || strcmp(base + bl - 4, ".sql") != 0 || base[0] < '0' || base[0] > '9')
        return false;
    char *end = NULL;
    long long v = strtoll(base, &end, 10);
    if (v <= 0 || (*end != '_' && *end != '.')) {
        log_msg(LOG_WARN, "migration_skipped", "path", f->path, "reason", "bad file name", NULL);
        return false;
    }
    m->version = v;
    m->name = xstrndup(base, bl - 4);
    m->sql = f->data;
    return true;
}

/* The embedded migrations sorted by name. Caller frees with migrations_free. */
static struct migration *migrations_list(size_t *n)
{
    struct migration *list = xcalloc(embedded_files_count + 1, sizeof(*list));
    size_t k = 0;
    for (size_t i = 0; i < embedded_files_count && embedded_files[i].path != NULL; i++) {
        if (migration_parse(&embedded_files[i], &list[k]))
            k++;
    }
    qsort(list, k, sizeof(*list), migration_cmp);
    *n = k;
    return list;
}

static void migrations_free(struct migration *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].name);
    free(list);
}

/* 1 when version is recorded, 0 when not, -1 on error (*err set). */
static int migration_recorded(struct store_conn *c, int64_t version, enum vg_err *err)
{
    struct store_param p[] = {SP_INT(version)};
    struct store_result *r = NULL;
    *err = store_query(c, "SELECT 1 FROM schema_migrations WHERE version = $1", p, 1, &r);
    if (*err != VG_OK)
        return -1;
    int found = store_result_rows(r) > 0;
    store_result_free(r);
    return found;
}

/* Apply one migration in its own transaction unless already recorded. */
static enum vg_err migration_apply(struct store_conn *c, const struct migration *m, bool *did)
{
    *did = false;
    enum vg_err e = store_begin(c);
    if (e != VG_OK)
        return e;
    int rec = migration_recorded(c, m->version, &e);
    if (rec != 0) {
        store_rollback(c);
        return e;
    }
    e = store_exec_script(c, m->sql);
    if (e == VG_OK) {
        struct store_param p[] = {SP_INT(m->version), SP_TEXT(m->name),
                                  SP_INT((int64_t)time(NULL))};
        e = store_query(c,
                        "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES ($1, $2, $3)",
                        p, 3, NULL);
    }
    if (e == VG_OK)
        e = store_commit(c);
    if (e != VG_OK) {
        store_rollback(c);
        log_msg(LOG_ERROR, "migration_failed", "name", m->name, "error", err_name(e), NULL);
        return e;
    }
    log_msg(LOG_INFO, "migration_applied", "name", m->name, NULL);
    *did = true;
    return VG_OK;
}

static enum vg_err migrate_locked(struct store_conn *c, unsigned *applied)
{
    /* The table itself is created in a transaction of its own (SQLite: under the write
     * lock; PostgreSQL: under the advisory lock). */
    enum vg_err e = store_begin(c);
    if (e == VG_OK)
        e = store_exec_script(c, migrations_table_sql);
    if (e == VG_OK)
        e = store_commit(c);
    if (e != VG_OK) {
        store_rollback(c);
        return e;
    }
    size_t n = 0;
    struct migration *list = migrations_list(&n);
    for (size_t i = 0; i < n && e == VG_OK; i++) {
        bool did = false;
        e = migration_apply(c, &list[i], &did);
        if (did && applied != NULL)
            (*applied)++;
    }
    migrations_free(list, n);
    return e;
}

enum vg_err store_migrate(struct store *st, unsigned *applied)
{
    if (applied != NULL)
        *applied = 0;
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(st, &c);
    if (e != VG_OK)
        return e;
    if (st->ops->migrate_lock != NULL)
        e = st->ops->migrate_lock(c->handle);
    if (e == VG_OK) {
        e = migrate_locked(c, applied);
        if (st->ops->migrate_unlock != NULL)
            st->ops->migrate_unlock(c->handle);
    }
    store_release(c);
    return e;
}

enum vg_err store_migrations_current(struct store *st)
{
    /* A readiness check: bounded like store_ping, never queued forever behind a full pool. */
    struct store_conn *c = NULL;
    char reason[256] = "";
    enum vg_err e =
        pool_acquire(st, store_now_ms() + STORE_PING_TIMEOUT_MS, &c, reason, sizeof(reason));
    if (e != VG_OK)
        return VG_ERR_UNAVAILABLE;
    /* Checked first so that a readiness probe before the first migration logs nothing. */
    struct store_result *r = NULL;
    e = store_query(c, st->ops->migrations_table_exists_sql, NULL, 0, &r);
    if (e == VG_OK && store_result_rows(r) == 0)
        e = VG_ERR_UNAVAILABLE;
    store_result_free(r);
    size_t n = 0;
    struct migration *list = migrations_list(&n);
    for (size_t i = 0; i < n && e == VG_OK; i++) {
        int rec = migration_recorded(c, list[i].version, &e);
        if (rec == 0)
            e = VG_ERR_UNAVAILABLE;
    }
    migrations_free(list, n);
    store_release(c);
    return e == VG_OK ? VG_OK : VG_ERR_UNAVAILABLE;
}
