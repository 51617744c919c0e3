/*
 * sqlite.c - the SQLite backend of the store (the embedded default).
 *
 * One sqlite3 handle per pooled connection, in WAL mode with synchronous=NORMAL and
 * foreign keys on, so several threads and several processes can share one file: writers
 * wait for each other in a short-sleep busy handler (up to STORE_SQLITE_BUSY_MS) instead
 * of failing. The shared SQL dialect is translated here: `$N` becomes `?N` (outside
 * string literals, quoted identifiers and comments) and `FOR UPDATE [SKIP LOCKED |
 * NOWAIT]` is dropped, since SQLite serialises writers anyway. Prepared statements are
 * cached per connection, keyed by the caller's SQL text. Transactions are BEGIN IMMEDIATE
 * so a transaction that reads then writes never fails on upgrading its lock.
 * This file does not know about the pool; store.c does.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "util/log.h"
#include "util/rand.h"
#include "util/xalloc.h"

#define SQLITE_MEMORY_PATH ":memory:"
#define STMT_BUCKETS 256u

struct sqlite_cfg {
    char *path;
    bool memory;
};

struct stmt_entry {
    char *sql;
    uint32_t hash;
    sqlite3_stmt *stmt;
    struct stmt_entry *next;
};

struct sqlite_conn {
    sqlite3 *db;
    bool broken;
    bool retry;         /* the current transaction failed on a lock (SQLITE_BUSY/LOCKED) */
    int64_t busy_since; /* ms, start of the current wait for a lock */
    struct stmt_entry *buckets[STMT_BUCKETS];
    unsigned nstmts;
};

/* ---- dialect ------------------------------------------------------------------------- */

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$';
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* If p (after whitespace) starts with keyword w as a whole word, the end of it; else NULL. */
static const char *match_word(const char *p, const char *w)
{
    while (is_space(*p))
        p++;
    size_t n = strlen(w);
    if (strncasecmp(p, w, n) != 0 || is_ident_char(p[n]))
        return NULL;
    return p + n;
}

/* The end of a `FOR UPDATE [SKIP LOCKED | NOWAIT]` clause starting at p, or NULL. */
static const char *match_for_update(const char *p)
{
    const char *q = match_word(p, "FOR");
    if (q != NULL)
        q = match_word(q, "UPDATE");
    if (q == NULL)
        return NULL;
    const char *r = match_word(q, "SKIP");
    if (r != NULL)
        r = match_word(r, "LOCKED");
    if (r == NULL)
        r = match_word(q, "NOWAIT");
    return r != NULL ? r : q;
}

/* Copy a quoted run (string literal or quoted identifier) starting at the quote. */
static size_t copy_quoted(const char *s, char *out, size_t *o)
{
    char q = s[0];
    size_t i = 1;
    out[(*o)++] = q;
    while (s[i] != '\0') {
        out[(*o)++] = s[i];
        if (s[i++] == q)
            break; /* a doubled quote reopens on the next character: same result */
    }
    return i;
}

static size_t copy_comment(const char *s, char *out, size_t *o)
{
    const char *end = s[0] == '-' ? strchr(s, '\n') : strstr(s + 2, "*/");
    size_t n = end == NULL ? strlen(s) : (size_t)(end - s) + (s[0] == '-' ? 0 : 2);
    memcpy(out + *o, s, n);
    *o += n;
    return n;
}

char *store_sqlite_rewrite(const char *sql)
{
    char *out = xmalloc(strlen(sql) + 1);
    size_t o = 0, i = 0;
    while (sql[i] != '\0') {
        char c = sql[i];
        if (c == '\'' || c == '"' || c == '`') {
            i += copy_quoted(sql + i, out, &o);
        } else if ((c == '-' && sql[i + 1] == '-') || (c == '/' && sql[i + 1] == '*')) {
            i += copy_comment(sql + i, out, &o);
        } else if (c == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9' &&
                   (o == 0 || !is_ident_char(out[o - 1]))) {
            out[o++] = '?';
            i++;
        } else if (is_ident_char(c) && !(c >= '0' && c <= '9') &&
                   (o == 0 || !is_ident_char(out[o - 1]))) {
            const char *end = match_for_update(sql + i);
            if (end != NULL) {
                i = (size_t)(end - sql);
                continue;
            }
            while (is_ident_char(sql[i]))
                out[o++] = sql[i++];
        } else {
            out[o++] = sql[i++];
        }
    }
    out[o] = '\0';
    return out;
}

/* ---- url ----------------------------------------------------------------------------- */

static enum vg_err sqlite_parse_url(const char *url, void **cfg, unsigned *max_conns, char *reason,
                                    size_t reason_len)
{
    struct sqlite_cfg *sc = NULL;
    const char *path = NULL;
    if (strcmp(url, "sqlite::memory:") == 0) {
        sc = xcalloc(1, sizeof(*sc));
        sc->path = xstrdup(SQLITE_MEMORY_PATH);
        sc->memory = true;
        *max_conns = 1; /* each connection to :memory: is its own database */
        *cfg = sc;
        return VG_OK;
    }
    if (strncmp(url, "sqlite://", 9) == 0)
        path = url + 9; /* "sqlite:///abs" leaves "/abs", "sqlite://rel" leaves "rel" */
    if (path == NULL || *path == '\0' || path[strlen(path) - 1] == '/' ||
        strchr(path, '?') != NULL) {
        store_reason(reason, reason_len,
                     "bad sqlite url (expected sqlite:///abs/path.db, sqlite://rel/path.db "
                     "or sqlite::memory:)");
        return VG_ERR_INVALID;
    }
    sc = xcalloc(1, sizeof(*sc));
    sc->path = xstrdup(path);
    *cfg = sc;
    return VG_OK;
}

static void sqlite_free_cfg(void *cfg)
{
    struct sqlite_cfg *sc = cfg;
    free(sc->path);
    free(sc);
}

/* mkdir -p of the directory holding path. */
static enum vg_err sqlite_make_parent(const char *path, char *reason, size_t reason_len)
{
    char *dir = xstrdup(path);
    enum vg_err e = VG_OK;
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        goto out;
    *slash = '\0';
    for (char *p = dir + 1; e == VG_OK; p++) {
        bool last = *p == '\0';
        if (*p != '/' && !last)
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            store_reason(reason, reason_len, "cannot create %s: %s", dir, strerror(errno));
            e = VG_ERR_UNAVAILABLE;
        }
        if (last)
            break;
        *p = '/';
    }
out:
    free(dir);
    return e;
}

/* ---- connection ---------------------------------------------------------------------- */

/* Wait for another writer with short sleeps, so a busy lock changes hands quickly. */
static int sqlite_busy_handler(void *arg, int count)
{
    struct sqlite_conn *sc = arg;
    int64_t now = store_now_ms();
    if (count == 0)
        sc->busy_since = now;
    if (now - sc->busy_since >= STORE_SQLITE_BUSY_MS)
        return 0;
    long us = count < 10 ? 50L << (count / 2) : 2000L;
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
    return 1;
}

static enum vg_err sqlite_pragmas(struct sqlite_conn *sc, bool memory, char *reason,
                                  size_t reason_len)
{
    static const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                                          "PRAGMA foreign_keys=ON",
                                          "PRAGMA cache_size=-16384"};
    for (size_t i = memory ? 1 : 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++) {
        int rc = SQLITE_BUSY;
        int64_t until = store_now_ms() + STORE_SQLITE_BUSY_MS;
        while (rc == SQLITE_BUSY && store_now_ms() < until) {
            rc = sqlite3_exec(sc->db, pragmas[i], NULL, NULL, NULL);
            if ((rc & 0xff) == SQLITE_BUSY) {
                rc = SQLITE_BUSY;
                struct timespec ts = {0, 1000000L};
                nanosleep(&ts, NULL);
            }
        }
        if (rc != SQLITE_OK) {
            store_reason(reason, reason_len, "sqlite: %s: %s", pragmas[i], sqlite3_errmsg(sc->db));
            return VG_ERR_UNAVAILABLE;
        }
    }
    return VG_OK;
}

static void sqlite_disconnect(void *handle);

/* gen_random_uuid(): PostgreSQL's built-in (13+), so queries may make ids in SQL. */
static void sqlite_gen_random_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    char id[UUID_STR_LEN];
    rand_uuid(id);
    sqlite3_result_text(ctx, id, -1, SQLITE_TRANSIENT);
}

static enum vg_err sqlite_connect(const void *cfg, void **handle, char *reason, size_t reason_len)
{
    const struct sqlite_cfg *cf = cfg;
    if (!cf->memory) {
        enum vg_err e = sqlite_make_parent(cf->path, reason, reason_len);
        if (e != VG_OK)
            return e;
    }
    struct sqlite_conn *sc = xcalloc(1, sizeof(*sc));
    int rc = sqlite3_open_v2(
        cf->path, &sc->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        store_reason(reason, reason_len, "sqlite: cannot open %s: %s", cf->path,
                     sc->db ? sqlite3_errmsg(sc->db) : sqlite3_errstr(rc));
        sqlite_disconnect(sc);
        return VG_ERR_UNAVAILABLE;
    }
    sqlite3_extended_result_codes(sc->db, 1);
    sqlite3_busy_handler(sc->db, sqlite_busy_handler, sc);
    sqlite3_create_function(sc->db, "gen_random_uuid", 0, SQLITE_UTF8, NULL,
                            sqlite_gen_random_uuid, NULL, NULL);
    enum vg_err e = sqlite_pragmas(sc, cf->memory, reason, reason_len);
    if (e != VG_OK) {
        sqlite_disconnect(sc);
        return e;
    }
    *handle = sc;
    return VG_OK;
}

static void stmt_cache_flush(struct sqlite_conn *sc)
{
    for (unsigned b = 0; b < STMT_BUCKETS; b++) {
        struct stmt_entry *en = sc->buckets[b];
        while (en != NULL) {
            struct stmt_entry *next = en->next;
            sqlite3_finalize(en->stmt);
            free(en->sql);
            free(en);
            en = next;
        }
        sc->buckets[b] = NULL;
    }
    sc->nstmts = 0;
}

static void sqlite_disconnect(void *handle)
{
    struct sqlite_conn *sc = handle;
    if (sc == NULL)
        return;
    stmt_cache_flush(sc);
    sqlite3_close_v2(sc->db);
    free(sc);
}

/* ---- statements ---------------------------------------------------------------------- */

static enum vg_err sqlite_error(struct sqlite_conn *sc, int rc, const char *sql)
{
    int ext = sqlite3_extended_errcode(sc->db);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        return VG_ERR_CONFLICT;
    enum vg_err e = (rc & 0xff) == SQLITE_BUSY ? VG_ERR_UNAVAILABLE : VG_ERR_DB;
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        sc->retry = true;
    log_msg(LOG_ERROR, "db_error", "backend", "sqlite", "error", sqlite3_errmsg(sc->db), "sql", sql,
            NULL);
    return e;
}

static uint32_t sql_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* The cached prepared statement for sql, preparing it on first use. */
static enum vg_err stmt_get(struct sqlite_conn *sc, const char *sql, sqlite3_stmt **out)
{
    uint32_t h = sql_hash(sql);
    struct stmt_entry **bucket = &sc->buckets[h % STMT_BUCKETS];
    for (struct stmt_entry *en = *bucket; en != NULL; en = en->next) {
        if (en->hash == h && strcmp(en->sql, sql) == 0) {
            *out = en->stmt;
            return VG_OK;
        }
    }
    char *native = store_sqlite_rewrite(sql);
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(sc->db, native, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    bool trailing = false;
    for (const char *t = tail; rc == SQLITE_OK && t != NULL && *t != '\0'; t++) {
        if (!is_space(*t) && *t != ';') {
            trailing = true;
            break;
        }
    }
    free(native);
    if (rc != SQLITE_OK || stmt == NULL || trailing) {
        enum vg_err e = VG_ERR_DB;
        if (rc != SQLITE_OK)
            e = sqlite_error(sc, rc, sql);
        else
            log_msg(LOG_ERROR, "db_error", "backend", "sqlite", "error",
                    stmt == NULL ? "empty statement" : "more than one statement", "sql", sql, NULL);
        sqlite3_finalize(stmt);
        return e;
    }
    if (sc->nstmts >= STORE_SQLITE_STMT_CACHE) {
        stmt_cache_flush(sc);
        bucket = &sc->buckets[h % STMT_BUCKETS];
    }
    struct stmt_entry *en = xcalloc(1, sizeof(*en));
    en->sql = xstrdup(sql);
    en->hash = h;
    en->stmt = stmt;
    en->next = *bucket;
    *bucket = en;
    sc->nstmts++;
    *out = stmt;
    return VG_OK;
}

static enum vg_err stmt_bind(struct sqlite_conn *sc, sqlite3_stmt *stmt, const char *sql,
                             const struct store_param *params, size_t nparams)
{
    if ((size_t)sqlite3_bind_parameter_count(stmt) != nparams) {
        log_msg(LOG_ERROR, "db_error", "backend", "sqlite", "error",
                "parameter count does not match the statement", "sql", sql, NULL);
        return VG_ERR_DB;
    }
    for (size_t i = 0; i < nparams; i++) {
        int idx = (int)i + 1, rc = SQLITE_OK;
        switch (params[i].type) {
        case STORE_P_TEXT:
            rc = params[i].s ? sqlite3_bind_text(stmt, idx, params[i].s, -1, SQLITE_STATIC)
                             : sqlite3_bind_null(stmt, idx);
            break;
        case STORE_P_INT:
            rc = sqlite3_bind_int64(stmt, idx, (sqlite3_int64)params[i].i);
            break;
        case STORE_P_NULL:
            rc = sqlite3_bind_null(stmt, idx);
            break;
        }
        if (rc != SQLITE_OK)
            return sqlite_error(sc, rc, sql);
    }
    return VG_OK;
}

static void stmt_row(sqlite3_stmt *stmt, struct store_result *r)
{
    store_result_add_row(r);
    for (size_t col = 0; col < r->cols; col++) {
        int ci = (int)col;
        if (sqlite3_column_type(stmt, ci) == SQLITE_NULL)
            continue;
        const unsigned char *v = sqlite3_column_text(stmt, ci);
        size_t n = (size_t)sqlite3_column_bytes(stmt, ci);
        store_result_set(r, col, v ? (const char *)v : "", v ? n : 0);
    }
}

/* Step stmt to the end, collecting its rows. Returns the final sqlite code. */
static int stmt_run(struct sqlite_conn *sc, sqlite3_stmt *stmt, struct store_result **out)
{
    /* Columns are read after the first step: a statement re-prepared because the schema
     * changed (SELECT * after ALTER TABLE) only then shows its new shape. */
    int rc = sqlite3_step(stmt);
    size_t cols = (size_t)sqlite3_column_count(stmt);
    struct store_result *r = store_result_new(cols);
    for (size_t i = 0; i < cols; i++)
        store_result_set_name(r, i, sqlite3_column_name(stmt, (int)i));
    for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt))
        stmt_row(stmt, r);
    if (rc == SQLITE_DONE && !sqlite3_stmt_readonly(stmt))
        r->affected = (uint64_t)sqlite3_changes64(sc->db);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        store_result_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

static enum vg_err sqlite_query(void *handle, const char *sql, const struct store_param *params,
                                size_t nparams, struct store_result **out)
{
    struct sqlite_conn *sc = handle;
    sqlite3_stmt *stmt = NULL;
    enum vg_err e = stmt_get(sc, sql, &stmt);
    if (e == VG_OK)
        e = stmt_bind(sc, stmt, sql, params, nparams);
    if (e != VG_OK) {
        if (stmt != NULL)
            sqlite3_clear_bindings(stmt);
        return e;
    }
    /* Outside a transaction a statement that lost a lock race early (a WAL snapshot that
     * went stale, a lock held while recovering) is simply run again, up to the busy
     * timeout. Inside one, the caller's transaction must fail as a whole. */
    int64_t until = store_now_ms() + STORE_SQLITE_BUSY_MS;
    int rc;
    for (;;) {
        bool autocommit = sqlite3_get_autocommit(sc->db) != 0;
        rc = stmt_run(sc, stmt, out);
        if ((rc & 0xff) != SQLITE_BUSY || !autocommit || store_now_ms() >= until)
            break;
    }
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_DONE ? VG_OK : sqlite_error(sc, rc, sql);
}

static enum vg_err sqlite_exec(struct sqlite_conn *sc, const char *sql)
{
    int rc = sqlite3_exec(sc->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? VG_OK : sqlite_error(sc, rc, sql);
}

static enum vg_err sqlite_exec_script(void *handle, const char *sql)
{
    return sqlite_exec(handle, sql);
}

static enum vg_err sqlite_begin(void *handle)
{
    struct sqlite_conn *sc = handle;
    sc->retry = false;
    return sqlite_exec(sc, "BEGIN IMMEDIATE");
}

static bool sqlite_retryable(void *handle)
{
    const struct sqlite_conn *sc = handle;
    return sc->retry;
}

static enum vg_err sqlite_commit(void *handle)
{
    struct sqlite_conn *sc = handle;
    enum vg_err e = sqlite_exec(sc, "COMMIT");
    if (e != VG_OK && !sqlite3_get_autocommit(sc->db))
        (void)sqlite_exec(sc, "ROLLBACK");
    return e;
}

static enum vg_err sqlite_rollback(void *handle)
{
    struct sqlite_conn *sc = handle;
    if (sqlite3_get_autocommit(sc->db))
        return VG_OK;
    enum vg_err e = sqlite_exec(sc, "ROLLBACK");
    if (e != VG_OK)
        sc->broken = true;
    return e;
}

static bool sqlite_in_transaction(void *handle)
{
    struct sqlite_conn *sc = handle;
    return sqlite3_get_autocommit(sc->db) == 0;
}

static bool sqlite_healthy(void *handle)
{
    struct sqlite_conn *sc = handle;
    return !sc->broken;
}

static enum vg_err sqlite_ping(void *handle, int timeout_ms)
{
    (void)timeout_ms;
    struct sqlite_conn *sc = handle;
    struct store_result *r = NULL;
    enum vg_err e = sqlite_query(sc, "SELECT 1", NULL, 0, &r);
    store_result_free(r);
    return e == VG_OK ? VG_OK : VG_ERR_UNAVAILABLE;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .parse_url = sqlite_parse_url,
    .free_cfg = sqlite_free_cfg,
    .connect = sqlite_connect,
    .disconnect = sqlite_disconnect,
    .query = sqlite_query,
    .exec_script = sqlite_exec_script,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .in_transaction = sqlite_in_transaction,
    .healthy = sqlite_healthy,
    .ping = sqlite_ping,
    .retryable = sqlite_retryable,
    .migrations_table_exists_sql =
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    .migrate_lock = NULL,
    .migrate_unlock = NULL,
};
