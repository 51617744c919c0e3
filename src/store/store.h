/*
 * store.h - the one database interface, with two backends: SQLite (embedded default,
 * WAL mode) and PostgreSQL (libpq). Callers write each query once, in the SQL both
 * understand: `$1` parameters, RETURNING, ON CONFLICT ... DO UPDATE, integer epoch
 * timestamps, TEXT ids. Dialect differences live in the backends:
 *   - SQLite: `$N` becomes `?N`; a trailing `FOR UPDATE SKIP LOCKED` is dropped (SQLite
 *     serialises writers); store_begin() issues BEGIN IMMEDIATE; busy timeout applies.
 *   - PostgreSQL: integer parameters are sent typed (int8), text ones untyped so the
 *     server infers the column type.
 * Every value comes back as text (NULL for SQL NULL), like libpq's text mode.
 *
 * Threading: struct store is a connection pool, safe to share between threads. A
 * struct store_conn is used by one thread at a time, between store_acquire() and
 * store_release(). Errors: VG_ERR_DB for a failed statement (message to the log, never
 * to a client), VG_ERR_CONFLICT for a unique-constraint violation, VG_ERR_UNAVAILABLE
 * when the database cannot be reached (SQLite: another writer held the lock for longer
 * than the 10 s busy timeout). A PostgreSQL connection found dead outside a transaction
 * is reconnected and the statement sent once more; inside a transaction the statement
 * fails with VG_ERR_UNAVAILABLE and the connection is discarded at release.
 */
#ifndef VG_STORE_STORE_H
#define VG_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct store;
struct store_conn;
struct store_result;

enum store_kind { STORE_SQLITE, STORE_POSTGRES };

enum store_ptype { STORE_P_NULL, STORE_P_TEXT, STORE_P_INT };

struct store_param {
    enum store_ptype type;
    const char *s; /* STORE_P_TEXT: borrowed, NUL-terminated */
    int64_t i;     /* STORE_P_INT */
};

#define SP_TEXT(x) ((struct store_param){STORE_P_TEXT, (x), 0})
#define SP_INT(x) ((struct store_param){STORE_P_INT, NULL, (int64_t)(x)})
#define SP_NULL ((struct store_param){STORE_P_NULL, NULL, 0})
/* A text parameter that is SQL NULL when x is NULL. */
#define SP_TEXT_OR_NULL(x) ((x) ? SP_TEXT(x) : SP_NULL)

/*
 * Open a pool for url: "sqlite:///abs/path.db", "sqlite://relative/path.db",
 * "sqlite::memory:" (tests; a pool of one connection, since each connection to :memory: is
 * its own database), "postgresql://..." or "postgres://..." (libpq's URI syntax; a
 * connect_timeout of 3 s applies unless the url sets one). The SQLite file's parent
 * directory is created if missing. max_conns bounds the pool (0: default 16).
 * Does not connect eagerly beyond one probe connection; on failure returns
 * VG_ERR_UNAVAILABLE (or VG_ERR_INVALID for a bad url) and writes a human reason
 * (no password) into reason (may be NULL) of size reason_len.
 */
enum vg_err store_open(const char *url, unsigned max_conns, struct store **out, char *reason,
                       size_t reason_len);
/* store_open, retried while a PostgreSQL server does not answer (VG_ERR_UNAVAILABLE: not up yet,
 * restarting) for up to wait_s seconds, with exponential backoff (0.25 s doubling to 5 s),
 * each retry logged. Other errors (a bad url, a refused password) return at once. */
enum vg_err store_open_wait(const char *url, unsigned max_conns, unsigned wait_s,
                            struct store **out, char *reason, size_t reason_len);
/* Close every pooled connection. Accepts NULL. All connections must be released. */
void store_close(struct store *st);
enum store_kind store_kind(const struct store *st);
/* The kind of database a borrowed connection talks to. */
enum store_kind store_conn_kind(const struct store_conn *c);

/* Borrow a connection; blocks while the pool is exhausted. Never returns NULL on VG_OK. */
enum vg_err store_acquire(struct store *st, struct store_conn **out);
/* Return a connection. A connection left inside a transaction is rolled back first; a
 * broken one is discarded. Accepts NULL. */
void store_release(struct store_conn *c);

/*
 * Run one statement with parameters. out may be NULL when no rows are wanted; otherwise
 * *out receives a result the caller frees with store_result_free (also on error: *out is
 * NULL then).
 */
enum vg_err store_query(struct store_conn *c, const char *sql, const struct store_param *params,
                        size_t nparams, struct store_result **out);
/* Run a script of several statements without parameters (migrations). */
enum vg_err store_exec_script(struct store_conn *c, const char *sql);

enum vg_err store_begin(struct store_conn *c);
enum vg_err store_commit(struct store_conn *c);
/* Never fails from the caller's point of view; a failure discards the connection. */
void store_rollback(struct store_conn *c);

/* Convenience: acquire, query, release. */
enum vg_err store_query1(struct store *st, const char *sql, const struct store_param *params,
                         size_t nparams, struct store_result **out);

/* SELECT 1 on a pooled connection: VG_OK or VG_ERR_UNAVAILABLE, within a few seconds
 * even when the server vanished or the pool is exhausted (for readiness checks). */
enum vg_err store_ping(struct store *st);

/* The pool's counters (for /metrics): how often a borrower waited for a free connection,
 * the seconds spent waiting in total, connections open now and the bound. Thread-safe. */
struct store_pool_stats {
    uint64_t waits;
    double wait_seconds;
    unsigned open, max;
};
void store_pool_stats(struct store *st, struct store_pool_stats *out);

size_t store_result_rows(const struct store_result *r);
size_t store_result_cols(const struct store_result *r);
/* Rows changed by an INSERT/UPDATE/DELETE. */
uint64_t store_result_affected(const struct store_result *r);
/* Column name; borrowed. */
const char *store_result_name(const struct store_result *r, size_t col);
/* Text value or NULL for SQL NULL (or out of range); borrowed until store_result_free. */
const char *store_result_get(const struct store_result *r, size_t row, size_t col);
/* Integer value; def for NULL, out of range or non-numeric. A PostgreSQL boolean ("t" /
 * "f") reads as 1 / 0, like SQLite's. */
int64_t store_result_int(const struct store_result *r, size_t row, size_t col, int64_t def);
void store_result_free(struct store_result *r);

/*
 * Apply every embedded migration (migrations/NNNN_name.sql, compiled into the binary)
 * not yet recorded in schema_migrations, in order, each in its own transaction. Safe
 * when two processes start at once (PostgreSQL advisory lock; SQLite BEGIN IMMEDIATE).
 * applied (may be NULL) receives how many were applied now.
 */
enum vg_err store_migrate(struct store *st, unsigned *applied);
/* Whether every embedded migration is applied (readiness): VG_OK, or VG_ERR_UNAVAILABLE
 * when one is missing or the database cannot be reached in a few seconds. */
enum vg_err store_migrations_current(struct store *st);

#endif
