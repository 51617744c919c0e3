/*
 * tx.c - the transaction helper (see tx.h). It owns the retry policy so handlers do not
 * each grow their own loop; it does not nest transactions (fn must not call store_tx).
 */
#include "store/tx.h"

#include <time.h>

#include "store/store_internal.h"
#include "util/log.h"

/* Pause before attempt n (1-based retries): 5, 20, 45 ms. */
#define STORE_TX_PAUSE_MS 5

bool store_conn_retryable(const struct store_conn *c)
{
    return c != NULL && c->st->ops->retryable != NULL && c->st->ops->retryable(c->handle);
}

static void tx_pause(int attempt)
{
    long ms = (long)STORE_TX_PAUSE_MS * attempt * attempt;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* One attempt; *retry says whether a failure may be cured by running it again. */
static enum vg_err tx_once(struct store *st, store_tx_fn fn, void *arg, bool *retry)
{
    *retry = false;
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(st, &c);
    if (e != VG_OK)
        return e;
    e = store_begin(c);
    bool began = e == VG_OK;
    if (began)
        e = fn(c, arg);
    if (began && e == VG_OK)
        e = store_commit(c);
    if (e != VG_OK) {
        *retry = (e == VG_ERR_DB || e == VG_ERR_UNAVAILABLE) && store_conn_retryable(c);
        store_rollback(c);
    }
    store_release(c);
    return e;
}

enum vg_err store_tx(struct store *st, store_tx_fn fn, void *arg)
{
    enum vg_err e = VG_ERR_UNAVAILABLE;
    for (int attempt = 0; attempt < STORE_TX_ATTEMPTS; attempt++) {
        if (attempt > 0)
            tx_pause(attempt);
        bool retry = false;
        e = tx_once(st, fn, arg, &retry);
        if (!retry)
            return e;
        log_msg(LOG_INFO, "db_tx_retry", NULL);
    }
    return VG_ERR_UNAVAILABLE;
}
