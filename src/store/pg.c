/*
 * pg.c - the PostgreSQL backend of the store (libpq).
 *
 * One PGconn per pooled connection. Statements go through PQexecParams in text mode:
 * integer parameters are sent typed int8, text ones untyped so the server infers the
 * column's type. A unique violation (SQLSTATE 23505) is VG_ERR_CONFLICT; a lost server is
 * VG_ERR_UNAVAILABLE and the connection is discarded when released, so the next acquire
 * reconnects. A statement that finds its idle connection dead (server restarted) is sent
 * once more on a reset connection, outside transactions only. Connecting is bounded by
 * connect_timeout and the readiness ping by a poll() deadline, so neither can hang on a
 * vanished server. Migrations are serialised between processes with an advisory lock.
 * The password of the url never appears in a reason or a log line: libpq's messages are
 * scrubbed of it, and only the primary message of a server error is logged (the DETAIL
 * part may quote row values).
 */
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/log.h"
#include "util/xalloc.h"

#define PG_OID_INT8 20
#define PG_SQLSTATE_UNIQUE "23505"
/* A transaction that lost to a concurrent one; running it again may succeed. */
#define PG_SQLSTATE_SERIALIZATION "40001"
#define PG_SQLSTATE_DEADLOCK "40P01"
/* pg_advisory_lock key of the migrations runner ("vega" in ASCII). */
#define PG_MIGRATE_LOCK_KEY "1986356577"
#define PG_INLINE_PARAMS 16
#define PG_STMT_BUCKETS 128u
/* "cached plan must not change result type": a table changed under a prepared statement. */
#define PG_SQLSTATE_FEATURE "0A000"

struct pg_cfg {
    size_t n;
    char **keys; /* NULL-terminated, for PQconnectdbParams */
    char **vals;
    char *password; /* NULL when the url has none; only used for scrubbing */
};

/* A statement prepared on one connection, for one SQL text and parameter types. */
struct pg_stmt {
    char *sql;
    char *sig; /* one letter per parameter: 'i' int8, 't' untyped */
    uint32_t hash;
    char name[16];
    struct pg_stmt *next;
};

struct pg_conn {
    PGconn *pg;
    bool broken; /* a ping timed out: the connection's state is unknown */
    bool retry;  /* the current transaction hit a serialization failure or deadlock */
    struct pg_stmt *stmts[PG_STMT_BUCKETS];
    unsigned nstmts;
    unsigned next_name;
};

/* Defaults for settings the url does not give. */
static const char *const pg_defaults[][2] = {
    {"connect_timeout", STORE_PG_CONNECT_TIMEOUT_S},
    {"keepalives", "1"},
    {"keepalives_idle", "30"},
    {"keepalives_interval", "10"},
    {"keepalives_count", "3"},
    {"tcp_user_timeout", "30000"},
    {"client_encoding", "UTF8"},
    {"application_name", "vega"},
};

/* ---- scrubbing ----------------------------------------------------------------------- */

/* Copy msg into out, every occurrence of secret replaced by "***", trailing newline cut. */
static void pg_scrub(char *out, size_t out_len, const char *msg, const char *secret)
{
    if (out == NULL || out_len == 0)
        return;
    size_t o = 0, sl = secret ? strlen(secret) : 0;
    for (const char *p = msg; *p != '\0' && o + 1 < out_len;) {
        if (sl > 0 && strncmp(p, secret, sl) == 0) {
            for (const char *r = "***"; *r != '\0' && o + 1 < out_len; r++)
                out[o++] = *r;
            p += sl;
        } else {
            out[o++] = *p++;
        }
    }
    while (o > 0 && (out[o - 1] == '\n' || out[o - 1] == ' '))
        o--;
    out[o] = '\0';
}

/* The raw password text of a postgresql:// url (between "user:" and '@'), or NULL. */
static char *pg_url_raw_password(const char *url)
{
    const char *p = strstr(url, "://");
    if (p == NULL)
        return NULL;
    p += 3;
    const char *at = strchr(p, '@');
    const char *slash = strchr(p, '/');
    if (at == NULL || (slash != NULL && slash < at))
        return NULL;
    const char *colon = memchr(p, ':', (size_t)(at - p));
    if (colon == NULL || colon + 1 == at)
        return NULL;
    return xstrndup(colon + 1, (size_t)(at - colon - 1));
}

/* ---- url ----------------------------------------------------------------------------- */

static void pg_cfg_add(struct pg_cfg *cfg, const char *k, const char *v)
{
    cfg->keys[cfg->n] = xstrdup(k);
    cfg->vals[cfg->n] = xstrdup(v);
    cfg->n++;
}

static bool pg_port_ok(const char *port)
{
    if (port == NULL)
        return true;
    for (const char *p = port; *p != '\0'; p++) {
        if ((*p < '0' || *p > '9') && *p != ',')
            return false;
    }
    return true;
}

static void pg_free_cfg(void *p)
{
    struct pg_cfg *cfg = p;
    if (cfg == NULL)
        return;
    for (size_t i = 0; i < cfg->n; i++) {
        free(cfg->keys[i]);
        free(cfg->vals[i]);
    }
    free(cfg->keys);
    free(cfg->vals);
    free(cfg->password);
    free(cfg);
}

static enum vg_err pg_parse_url(const char *url, void **out, unsigned *max_conns, char *reason,
                                size_t reason_len)
{
    (void)max_conns;
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &errmsg);
    char *raw_pw = pg_url_raw_password(url);
    if (opts == NULL) {
        char msg[256];
        pg_scrub(msg, sizeof(msg), errmsg ? errmsg : "out of memory", raw_pw);
        store_reason(reason, reason_len, "bad postgresql url: %s", msg);
        PQfreemem(errmsg);
        free(raw_pw);
        return VG_ERR_INVALID;
    }
    size_t nopts = 0;
    while (opts[nopts].keyword != NULL)
        nopts++;
    size_t cap = nopts + sizeof(pg_defaults) / sizeof(pg_defaults[0]) + 1;
    struct pg_cfg *cfg = xcalloc(1, sizeof(*cfg));
    cfg->keys = xcalloc(cap, sizeof(char *));
    cfg->vals = xcalloc(cap, sizeof(char *));
    bool port_ok = true;
    for (size_t d = 0; d < sizeof(pg_defaults) / sizeof(pg_defaults[0]); d++) {
        bool given = false;
        for (size_t i = 0; i < nopts; i++)
            given |= strcmp(opts[i].keyword, pg_defaults[d][0]) == 0 && opts[i].val != NULL;
        if (!given)
            pg_cfg_add(cfg, pg_defaults[d][0], pg_defaults[d][1]);
    }
    for (size_t i = 0; i < nopts; i++) {
        if (opts[i].val == NULL)
            continue;
        if (strcmp(opts[i].keyword, "password") == 0 && opts[i].val[0] != '\0')
            cfg->password = xstrdup(opts[i].val);
        if (strcmp(opts[i].keyword, "port") == 0)
            port_ok = pg_port_ok(opts[i].val);
        pg_cfg_add(cfg, opts[i].keyword, opts[i].val);
    }
    PQconninfoFree(opts);
    if (cfg->password == NULL && raw_pw != NULL)
        cfg->password = xstrdup(raw_pw);
    free(raw_pw);
    if (!port_ok) {
        store_reason(reason, reason_len, "bad postgresql url: the port is not a number");
        pg_free_cfg(cfg);
        return VG_ERR_INVALID;
    }
    *out = cfg;
    return VG_OK;
}

/* ---- connection ---------------------------------------------------------------------- */

static void pg_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg; /* "relation already exists, skipping" and the like: not worth a line */
}

static enum vg_err pg_connect(const void *p, void **handle, char *reason, size_t reason_len)
{
    const struct pg_cfg *cfg = p;
    PGconn *pg =
        PQconnectdbParams((const char *const *)cfg->keys, (const char *const *)cfg->vals, 0);
    if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
        char msg[512];
        pg_scrub(msg, sizeof(msg), pg ? PQerrorMessage(pg) : "out of memory", cfg->password);
        store_reason(reason, reason_len, "postgresql: %s", msg);
        PQfinish(pg);
        return VG_ERR_UNAVAILABLE;
    }
    PQsetNoticeProcessor(pg, pg_notice, NULL);
    struct pg_conn *pc = xcalloc(1, sizeof(*pc));
    pc->pg = pg;
    *handle = pc;
    return VG_OK;
}

/* Forget every prepared statement (the server's copies die with the session). */
static void pg_stmts_forget(struct pg_conn *pc)
{
    for (unsigned b = 0; b < PG_STMT_BUCKETS; b++) {
        while (pc->stmts[b] != NULL) {
            struct pg_stmt *ps = pc->stmts[b];
            pc->stmts[b] = ps->next;
            free(ps->sql);
            free(ps->sig);
            free(ps);
        }
    }
    pc->nstmts = 0;
}

static void pg_disconnect(void *handle)
{
    struct pg_conn *pc = handle;
    if (pc == NULL)
        return;
    pg_stmts_forget(pc);
    PQfinish(pc->pg);
    free(pc);
}

/* ---- statements ---------------------------------------------------------------------- */

/* Map a failed result (or none) to an error, logging what is safe to log. */
static enum vg_err pg_error(struct pg_conn *pc, const PGresult *res, const char *sql)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state != NULL && strcmp(state, PG_SQLSTATE_UNIQUE) == 0)
        return VG_ERR_CONFLICT;
    if (state != NULL && (strcmp(state, PG_SQLSTATE_SERIALIZATION) == 0 ||
                          strcmp(state, PG_SQLSTATE_DEADLOCK) == 0)) {
        pc->retry = true;
        log_msg(LOG_WARN, "db_retryable", "backend", "postgresql", "sqlstate", state, NULL);
        return VG_ERR_DB;
    }
    if (PQstatus(pc->pg) != CONNECTION_OK) {
        char msg[256];
        pg_scrub(msg, sizeof(msg), PQerrorMessage(pc->pg), NULL);
        log_msg(LOG_ERROR, "db_unavailable", "backend", "postgresql", "error", msg, NULL);
        return VG_ERR_UNAVAILABLE;
    }
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    log_msg(LOG_ERROR, "db_error", "backend", "postgresql", "sqlstate", state, "error",
            primary ? primary : PQerrorMessage(pc->pg), "sql", sql, NULL);
    return VG_ERR_DB;
}

static struct store_result *pg_result(PGresult *res)
{
    size_t rows = (size_t)PQntuples(res), cols = (size_t)PQnfields(res);
    struct store_result *r = store_result_new(cols);
    for (size_t c = 0; c < cols; c++)
        store_result_set_name(r, c, PQfname(res, (int)c));
    for (size_t i = 0; i < rows; i++) {
        store_result_add_row(r);
        for (size_t c = 0; c < cols; c++) {
            if (PQgetisnull(res, (int)i, (int)c))
                continue;
            store_result_set(r, c, PQgetvalue(res, (int)i, (int)c),
                             (size_t)PQgetlength(res, (int)i, (int)c));
        }
    }
    /* PQcmdTuples also counts a SELECT's rows; store.h wants rows changed only. */
    const char *cmd = PQcmdStatus(res), *tuples = PQcmdTuples(res);
    bool dml = strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
               strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0;
    r->affected = dml && tuples[0] ? strtoull(tuples, NULL, 10) : 0;
    return r;
}

struct pg_params {
    Oid *types;
    const char **values;
    char (*ints)[24];
    char *sig;
    Oid types_inline[PG_INLINE_PARAMS];
    const char *values_inline[PG_INLINE_PARAMS];
    char ints_inline[PG_INLINE_PARAMS][24];
    char sig_inline[PG_INLINE_PARAMS + 1];
};

static void pg_params_init(struct pg_params *pp, const struct store_param *params, size_t n)
{
    pp->types = pp->types_inline;
    pp->values = pp->values_inline;
    pp->ints = pp->ints_inline;
    pp->sig = pp->sig_inline;
    if (n > PG_INLINE_PARAMS) {
        pp->types = xcalloc(n, sizeof(*pp->types));
        pp->values = xcalloc(n, sizeof(*pp->values));
        pp->ints = xcalloc(n, sizeof(*pp->ints));
        pp->sig = xcalloc(n + 1, 1);
    }
    pp->sig[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        pp->types[i] = 0;
        pp->values[i] = NULL;
        pp->sig[i] = params[i].type == STORE_P_INT ? 'i' : 't';
        if (params[i].type == STORE_P_TEXT) {
            pp->values[i] = params[i].s;
        } else if (params[i].type == STORE_P_INT) {
            pp->types[i] = PG_OID_INT8;
            snprintf(pp->ints[i], sizeof(pp->ints[i]), "%" PRId64, params[i].i);
            pp->values[i] = pp->ints[i];
        }
    }
}

static void pg_params_release(struct pg_params *pp)
{
    if (pp->types != pp->types_inline) {
        free(pp->types);
        free(pp->values);
        free(pp->ints);
        free(pp->sig);
    }
}

static bool pg_in_transaction(void *handle)
{
    struct pg_conn *pc = handle;
    PGTransactionStatusType ts = PQtransactionStatus(pc->pg);
    return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR || ts == PQTRANS_ACTIVE;
}

static uint32_t pg_hash(const char *sql, const char *sig)
{
    uint32_t h = 2166136261u;
    for (const char *p = sql; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    for (const char *p = sig; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h;
}

static struct pg_stmt *pg_stmt_find(struct pg_conn *pc, const char *sql, const char *sig,
                                    uint32_t h)
{
    for (struct pg_stmt *ps = pc->stmts[h % PG_STMT_BUCKETS]; ps != NULL; ps = ps->next) {
        if (ps->hash == h && strcmp(ps->sql, sql) == 0 && strcmp(ps->sig, sig) == 0)
            return ps;
    }
    return NULL;
}

static void pg_stmt_drop(struct pg_conn *pc, struct pg_stmt *victim)
{
    for (struct pg_stmt **pp = &pc->stmts[victim->hash % PG_STMT_BUCKETS]; *pp != NULL;
         pp = &(*pp)->next) {
        if (*pp == victim) {
            *pp = victim->next;
            free(victim->sql);
            free(victim->sig);
            free(victim);
            pc->nstmts--;
            return;
        }
    }
}

/*
 * The prepared statement for sql with these parameter types, preparing it on first use.
 * NULL when the cache is full (the caller sends the statement unprepared) or when
 * preparing failed (*failed then holds the error result).
 */
static struct pg_stmt *pg_stmt_get(struct pg_conn *pc, const char *sql, const struct pg_params *pp,
                                   size_t n, PGresult **failed)
{
    *failed = NULL;
    uint32_t h = pg_hash(sql, pp->sig);
    struct pg_stmt *ps = pg_stmt_find(pc, sql, pp->sig, h);
    if (ps != NULL || pc->nstmts >= STORE_PG_STMT_CACHE)
        return ps;
    char name[16];
    snprintf(name, sizeof(name), "vg%u", pc->next_name++);
    PGresult *res = PQprepare(pc->pg, name, sql, (int)n, pp->types);
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        *failed = res;
        return NULL;
    }
    PQclear(res);
    ps = xcalloc(1, sizeof(*ps));
    ps->sql = xstrdup(sql);
    ps->sig = xstrdup(pp->sig);
    ps->hash = h;
    memcpy(ps->name, name, sizeof(name));
    ps->next = pc->stmts[h % PG_STMT_BUCKETS];
    pc->stmts[h % PG_STMT_BUCKETS] = ps;
    pc->nstmts++;
    return ps;
}

static bool pg_result_state_is(const PGresult *res, const char *sqlstate)
{
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return st != NULL && strcmp(st, sqlstate) == 0;
}

/* One attempt: prepared when possible, unprepared otherwise. */
static PGresult *pg_run(struct pg_conn *pc, const char *sql, const struct pg_params *pp, size_t n)
{
    PGresult *res = NULL;
    struct pg_stmt *ps = pg_stmt_get(pc, sql, pp, n, &res);
    if (ps == NULL)
        return res != NULL
                   ? res
                   : PQexecParams(pc->pg, sql, (int)n, pp->types, pp->values, NULL, NULL, 0);
    res = PQexecPrepared(pc->pg, ps->name, (int)n, pp->values, NULL, NULL, 0);
    if (pg_result_state_is(res, PG_SQLSTATE_FEATURE))
        pg_stmt_drop(pc, ps); /* its table changed shape: prepare it afresh next time */
    return res;
}

static enum vg_err pg_query(void *handle, const char *sql, const struct store_param *params,
                            size_t nparams, struct store_result **out)
{
    struct pg_conn *pc = handle;
    struct pg_params pp;
    pg_params_init(&pp, params, nparams);
    bool idle = !pg_in_transaction(pc) && PQstatus(pc->pg) == CONNECTION_OK;
    PGresult *res = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        res = pg_run(pc, sql, &pp, nparams);
        if (!idle || attempt > 0)
            break;
        if (PQstatus(pc->pg) == CONNECTION_OK) {
            if (!pg_result_state_is(res, PG_SQLSTATE_FEATURE))
                break;
        } else {
            /* The server dropped an idle connection (restart, failover): reconnect once. */
            pg_stmts_forget(pc);
            PQreset(pc->pg);
            if (PQstatus(pc->pg) != CONNECTION_OK)
                break;
            PQsetNoticeProcessor(pc->pg, pg_notice, NULL);
        }
        PQclear(res);
        res = NULL;
    }
    pg_params_release(&pp);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    enum vg_err e = VG_OK;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        *out = pg_result(res);
    else
        e = pg_error(pc, res, sql);
    PQclear(res);
    return e;
}

static enum vg_err pg_exec(struct pg_conn *pc, const char *sql)
{
    PGresult *res = PQexec(pc->pg, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    enum vg_err e = VG_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        e = pg_error(pc, res, sql);
    PQclear(res);
    return e;
}

static enum vg_err pg_exec_script(void *handle, const char *sql) { return pg_exec(handle, sql); }

static enum vg_err pg_begin(void *handle)
{
    struct pg_conn *pc = handle;
    pc->retry = false;
    return pg_exec(pc, "BEGIN");
}

static bool pg_retryable(void *handle)
{
    const struct pg_conn *pc = handle;
    return pc->retry;
}

static enum vg_err pg_commit(void *handle)
{
    struct pg_conn *pc = handle;
    /* COMMIT of a failed transaction "succeeds" as a rollback: report it as the failure
     * it is. */
    if (PQtransactionStatus(pc->pg) == PQTRANS_INERROR) {
        (void)pg_exec(pc, "ROLLBACK");
        log_msg(LOG_ERROR, "db_error", "backend", "postgresql", "error",
                "commit of a failed transaction", NULL);
        return VG_ERR_DB;
    }
    return pg_exec(pc, "COMMIT");
}

static enum vg_err pg_rollback(void *handle)
{
    struct pg_conn *pc = handle;
    if (!pg_in_transaction(pc))
        return VG_OK;
    return pg_exec(pc, "ROLLBACK");
}

static bool pg_healthy(void *handle)
{
    struct pg_conn *pc = handle;
    return !pc->broken && PQstatus(pc->pg) == CONNECTION_OK;
}

/* Wait for the socket to become readable until deadline; false on timeout or error. */
static bool pg_wait_readable(PGconn *pg, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - store_now_ms();
        if (left <= 0)
            return false;
        struct pollfd pfd = {PQsocket(pg), POLLIN, 0};
        int rc = poll(&pfd, 1, (int)left);
        if (rc > 0)
            return true;
        if (rc == 0)
            return false;
    }
}

static enum vg_err pg_ping(void *handle, int timeout_ms)
{
    struct pg_conn *pc = handle;
    int64_t deadline = store_now_ms() + timeout_ms;
    if (PQstatus(pc->pg) != CONNECTION_OK || !PQsendQuery(pc->pg, "SELECT 1"))
        return VG_ERR_UNAVAILABLE;
    bool ok = true;
    PGresult *res = NULL;
    for (;;) {
        while (ok && PQisBusy(pc->pg)) {
            ok = pg_wait_readable(pc->pg, deadline) && PQconsumeInput(pc->pg);
        }
        if (!ok)
            break;
        res = PQgetResult(pc->pg);
        if (res == NULL)
            break;
        ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        PQclear(res);
    }
    if (!ok) {
        pc->broken = true; /* a query may still be in flight: never reuse it */
        return VG_ERR_UNAVAILABLE;
    }
    return VG_OK;
}

static enum vg_err pg_migrate_lock(void *handle)
{
    return pg_exec(handle, "SELECT pg_advisory_lock(" PG_MIGRATE_LOCK_KEY ")");
}

static void pg_migrate_unlock(void *handle)
{
    (void)pg_exec(handle, "SELECT pg_advisory_unlock(" PG_MIGRATE_LOCK_KEY ")");
}

const struct store_ops store_pg_ops = {
    .name = "postgresql",
    .parse_url = pg_parse_url,
    .free_cfg = pg_free_cfg,
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .query = pg_query,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .healthy = pg_healthy,
    .ping = pg_ping,
    .retryable = pg_retryable,
    .migrations_table_exists_sql = "SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL",
    .migrate_lock = pg_migrate_lock,
    .migrate_unlock = pg_migrate_unlock,
};
