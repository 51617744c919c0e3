/*
 * tx.h - running a unit of work in one transaction, the way handlers and jobs write.
 *
 *   static enum vg_err do_it(struct store_conn *c, void *arg) { ...store_query(c, ...)... }
 *   enum vg_err e = store_tx(app->store, do_it, &args);
 *
 * store_tx borrows a connection, begins (SQLite: BEGIN IMMEDIATE, so the write lock is
 * taken up front and two writers never deadlock; PostgreSQL: BEGIN), runs fn and commits
 * when fn returns VG_OK, rolls back otherwise. When the transaction failed only because
 * a concurrent one won (SQLite: the lock stayed busy; PostgreSQL: serialization failure
 * 40001 or deadlock 40P01) the whole unit runs again, up to STORE_TX_ATTEMPTS times with
 * a short growing pause, on a fresh connection. So fn must be safe to run again: it may
 * only change the database through c and the caller-visible state in arg that it resets
 * at its start.
 *
 * Returns what fn returned (a domain error such as VG_ERR_NOT_FOUND is returned as is,
 * never retried), VG_ERR_UNAVAILABLE when no connection could be had or the retries ran
 * out, or the error of a failed BEGIN / COMMIT. Thread-safe: any number of threads may
 * run store_tx on one store.
 */
#ifndef VG_STORE_TX_H
#define VG_STORE_TX_H

#include "store/store.h"

/* How many times a unit of work runs at most when it keeps losing to concurrent ones. */
#define STORE_TX_ATTEMPTS 4

typedef enum vg_err (*store_tx_fn)(struct store_conn *c, void *arg);

enum vg_err store_tx(struct store *st, store_tx_fn fn, void *arg);

/* Whether the transaction last begun on c failed only because a concurrent one won
 * (see above). For callers that manage their own transaction. */
bool store_conn_retryable(const struct store_conn *c);

#endif
