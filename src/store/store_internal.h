/*
 * store_internal.h - what the common pool (store.c) and the backends (sqlite.c, pg.c)
 * share: the backend operations table, the pool and connection structures, and the
 * result builder. Not for callers outside src/store/.
 */
#ifndef VG_STORE_STORE_INTERNAL_H
#define VG_STORE_STORE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Pool size when store_open gets max_conns 0. */
#define STORE_DEFAULT_MAX_CONNS 16u
/* store_open_wait's backoff between attempts (ms). */
#define STORE_OPEN_BACKOFF_MIN_MS 250u
#define STORE_OPEN_BACKOFF_MAX_MS 5000u
/* How long store_ping waits for a pooled connection and for the answer (ms). */
#define STORE_PING_TIMEOUT_MS 3000
/* SQLite: how long a statement waits for another writer's lock (ms). */
#define STORE_SQLITE_BUSY_MS 10000
/* SQLite: prepared statements kept per connection before the cache is flushed. */
#define STORE_SQLITE_STMT_CACHE 128u
/* PostgreSQL: prepared statements kept per connection (further ones run unprepared). */
#define STORE_PG_STMT_CACHE 256u
/* PostgreSQL: connect_timeout (s) unless the url sets one; libpq's minimum is 2. */
#define STORE_PG_CONNECT_TIMEOUT_S "3"

/*
 * One backend. cfg is what parse_url made (backend-owned, freed by free_cfg); handle is
 * one live connection. Every function returns VG_OK, VG_ERR_DB, VG_ERR_CONFLICT or
 * VG_ERR_UNAVAILABLE as store.h describes; a backend logs its own failures.
 */
struct store_ops {
    const char *name;
    /* Parse the backend-specific url; VG_ERR_INVALID with a reason when malformed. */
    enum vg_err (*parse_url)(const char *url, void **cfg, unsigned *max_conns, char *reason,
                             size_t reason_len);
    void (*free_cfg)(void *cfg);
    /* Open one connection; VG_ERR_UNAVAILABLE with a reason (no password) on failure. */
    enum vg_err (*connect)(const void *cfg, void **handle, char *reason, size_t reason_len);
    void (*disconnect)(void *handle);
    enum vg_err (*query)(void *handle, const char *sql, const struct store_param *params,
                         size_t nparams, struct store_result **out);
    enum vg_err (*exec_script)(void *handle, const char *sql);
    enum vg_err (*begin)(void *handle);
    enum vg_err (*commit)(void *handle);
    enum vg_err (*rollback)(void *handle);
    bool (*in_transaction)(void *handle);
    /* False when the connection can no longer be used (discarded at release). */
    bool (*healthy)(void *handle);
    /* Answer within timeout_ms: VG_OK or VG_ERR_UNAVAILABLE. */
    enum vg_err (*ping)(void *handle, int timeout_ms);
    /* Whether the transaction begun last failed only because a concurrent one won (a lock
     * timeout, a serialization failure, a deadlock): running it again may succeed. */
    bool (*retryable)(void *handle);
    /* A query with one row when the schema_migrations table exists, none otherwise. */
    const char *migrations_table_exists_sql;
    /* Serialise migrations between processes (may be NULL: none needed). */
    enum vg_err (*migrate_lock)(void *handle);
    void (*migrate_unlock)(void *handle);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

struct store_conn {
    struct store *st;
    void *handle;
    struct store_conn *next; /* idle list */
};

struct store {
    enum store_kind kind;
    const struct store_ops *ops;
    void *cfg;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned max_conns;
    unsigned open_conns; /* connected or being connected, idle or borrowed */
    struct store_conn *idle;
    /* Under mu: borrowers that had to wait for a free connection, and for how long. */
    uint64_t waits;
    uint64_t wait_us;
};

/*
 * Result builder used by the backends. Values live in one arena; offsets (not
 * pointers) are kept so the arena may grow.
 */
struct store_result {
    size_t rows;
    size_t cols;
    uint64_t affected;
    size_t *names; /* cols offsets into data */
    size_t *vals;  /* rows * cols offsets, STORE_RESULT_NULL for SQL NULL */
    size_t vals_alloc;
    char *data;
    size_t data_len;
    size_t data_alloc;
};

#define STORE_RESULT_NULL SIZE_MAX

/* A result with cols columns and no rows. Caller frees with store_result_free. */
struct store_result *store_result_new(size_t cols);
void store_result_set_name(struct store_result *r, size_t col, const char *name);
/* Append a row whose values are all NULL; fill it with store_result_set. */
void store_result_add_row(struct store_result *r);
/* Set column col of the last row to the len bytes at v (NULL: SQL NULL). */
void store_result_set(struct store_result *r, size_t col, const char *v, size_t len);

/*
 * SQLite dialect: `$N` -> `?N` outside literals, quoted identifiers and comments, and
 * `FOR UPDATE [SKIP LOCKED | NOWAIT]` removed. Caller frees. Exposed for the tests.
 */
char *store_sqlite_rewrite(const char *sql);

/* Copy msg into reason (may be NULL), truncating. */
void store_reason(char *reason, size_t reason_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t store_now_ms(void);

#endif
