/*
 * test_store.c - the store contract, run against every backend: the same test functions
 * run on SQLite (a fresh temporary file) and, when VEGA_TEST_PG_URL is set, on
 * PostgreSQL (a fresh, uniquely named schema selected through the url's search_path,
 * dropped at the end, so runs can be repeated).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_internal.h"
#include "util/embedded.h"
#include "testlib.h"

struct fixture {
    const char *name;   /* "sqlite" / "postgresql" */
    char base_url[512]; /* PG: the server's url; SQLite: unused */
    char url[1024];     /* the url under test */
    char dir[256];      /* SQLite: temporary directory */
    char schema[64];    /* PG: this run's schema */
    struct store *st;
    unsigned first_applied;
    unsigned fresh_n;
};

static int64_t now_ms(void) { return store_now_ms(); }

static size_t migrations_embedded(void)
{
    size_t n = 0;
    for (size_t i = 0; i < embedded_files_count && embedded_files[i].path; i++)
        n += strncmp(embedded_files[i].path, "migrations/", 11) == 0;
    return n;
}

/* A url for a database nobody used yet (SQLite: a new file; PG: a new schema). */
static void fresh_url(struct fixture *fx, char *out, size_t n)
{
    fx->fresh_n++;
    if (strcmp(fx->name, "sqlite") == 0) {
        snprintf(out, n, "sqlite://%s/fresh%u/sub/vega.db", fx->dir, fx->fresh_n);
        return;
    }
    char schema[96], sql[160];
    snprintf(schema, sizeof(schema), "%s_f%u", fx->schema, fx->fresh_n);
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
    struct store *base = NULL;
    assert_int_equal(store_open(fx->base_url, 1, &base, NULL, 0), VG_OK);
    assert_int_equal(store_query1(base, sql, NULL, 0, NULL), VG_OK);
    store_close(base);
    snprintf(out, n, "%s%coptions=-csearch_path%%3D%s", fx->base_url,
             strchr(fx->base_url, '?') ? '&' : '?', schema);
}

/* ---- group setup ----------------------------------------------------------------------- */

static int open_and_migrate(struct fixture *fx)
{
    char reason[256];
    if (store_open(fx->url, 0, &fx->st, reason, sizeof(reason)) != VG_OK) {
        fprintf(stderr, "store_open(%s): %s\n", fx->name, reason);
        return -1;
    }
    return store_migrate(fx->st, &fx->first_applied) == VG_OK ? 0 : -1;
}

static int sqlite_setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    fx->name = "sqlite";
    if (test_mkdtemp(fx->dir, sizeof fx->dir, "store-test") == NULL)
        return -1;
    /* A missing parent directory is created by the backend. */
    snprintf(fx->url, sizeof(fx->url), "sqlite://%s/db/vega.db", fx->dir);
    *state = fx;
    return open_and_migrate(fx);
}

static int pg_setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    fx->name = "postgresql";
    *state = fx;
    snprintf(fx->base_url, sizeof(fx->base_url), "%s", getenv("VEGA_TEST_PG_URL"));
    snprintf(fx->schema, sizeof(fx->schema), "vega_t%ld_%ld", (long)getpid(), (long)time(NULL));
    fx->fresh_n = 0;
    char sql[128];
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", fx->schema);
    struct store *base = NULL;
    char reason[256];
    if (store_open(fx->base_url, 1, &base, reason, sizeof(reason)) != VG_OK) {
        fprintf(stderr, "store_open(pg): %s\n", reason);
        return -1;
    }
    enum vg_err e = store_query1(base, sql, NULL, 0, NULL);
    store_close(base);
    if (e != VG_OK)
        return -1;
    snprintf(fx->url, sizeof(fx->url), "%s%coptions=-csearch_path%%3D%s", fx->base_url,
             strchr(fx->base_url, '?') ? '&' : '?', fx->schema);
    return open_and_migrate(fx);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int fixture_teardown(void **state)
{
    struct fixture *fx = *state;
    if (fx == NULL)
        return 0;
    store_close(fx->st);
    if (strcmp(fx->name, "sqlite") == 0 && fx->dir[0] != '\0') {
        if (nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
            fprintf(stderr, "could not remove %s\n", fx->dir);
    } else if (fx->schema[0] != '\0') {
        struct store *base = NULL;
        if (store_open(fx->base_url, 1, &base, NULL, 0) == VG_OK) {
            for (unsigned i = 0; i <= fx->fresh_n; i++) {
                char sql[160];
                if (i == 0)
                    snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", fx->schema);
                else
                    snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s_f%u CASCADE", fx->schema,
                             i);
                (void)store_query1(base, sql, NULL, 0, NULL);
            }
            store_close(base);
        }
    }
    free(fx);
    return 0;
}

/* ---- helpers --------------------------------------------------------------------------- */

static void add_user(struct store *st, const char *id)
{
    char email[128];
    snprintf(email, sizeof(email), "%s@example.test", id);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(email), SP_TEXT("hash"), SP_INT(1000)};
    assert_int_equal(store_query1(st,
                                  "INSERT INTO users (id, email, password_hash, created_at, "
                                  "updated_at) VALUES ($1, $2, $3, $4, $4)",
                                  p, 4, NULL),
                     VG_OK);
}

static int64_t count_where(struct store *st, const char *sql, const char *arg)
{
    struct store_param p[] = {SP_TEXT(arg)};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, sql, p, arg ? 1 : 0, &r), VG_OK);
    int64_t n = store_result_int(r, 0, 0, -1);
    store_result_free(r);
    return n;
}

static const char upsert_sql[] =
    "INSERT INTO rate_counters (bucket, subject, window_start, count) VALUES ($1, $2, $3, 1) "
    "ON CONFLICT (bucket, subject, window_start) DO UPDATE SET count = rate_counters.count + 1 "
    "RETURNING count";

static int64_t upsert_once(struct store *st, const char *subject)
{
    struct store_param p[] = {SP_TEXT("test_bucket"), SP_TEXT(subject), SP_INT(60)};
    struct store_result *r = NULL;
    enum vg_err e = store_query1(st, upsert_sql, p, 3, &r);
    int64_t v = e == VG_OK ? store_result_int(r, 0, 0, -1) : -(int64_t)e;
    store_result_free(r);
    return v;
}

static int64_t counter_value(struct store *st, const char *subject)
{
    return count_where(st,
                       "SELECT count FROM rate_counters WHERE bucket = 'test_bucket' AND "
                       "subject = $1",
                       subject);
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_migrate_idempotent(void **state)
{
    struct fixture *fx = *state;
    size_t n = migrations_embedded();
    assert_true(n >= 1);
    assert_int_equal(fx->first_applied, n);
    unsigned applied = 99;
    assert_int_equal(store_migrate(fx->st, &applied), VG_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(store_migrations_current(fx->st), VG_OK);
    assert_int_equal(count_where(fx->st, "SELECT COUNT(*) FROM schema_migrations", NULL),
                     (int64_t)n);
    struct store_result *r = NULL;
    assert_int_equal(store_query1(fx->st,
                                  "SELECT version, name FROM schema_migrations ORDER BY version",
                                  NULL, 0, &r),
                     VG_OK);
    assert_int_equal(store_result_int(r, 0, 0, 0), 1);
    assert_string_equal(store_result_get(r, 0, 1), "0001_init");
    store_result_free(r);
}

/* Two processes migrating one fresh database at once: both succeed, each file once. */
static void test_migrate_concurrent_processes(void **state)
{
    struct fixture *fx = *state;
    char url[1024];
    fresh_url(fx, url, sizeof(url));
    struct store *st = NULL;
    assert_int_equal(store_open(url, 2, &st, NULL, 0), VG_OK);
    assert_int_equal(store_migrations_current(st), VG_ERR_UNAVAILABLE);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct store *cst = NULL;
        int ok = store_open(url, 2, &cst, NULL, 0) == VG_OK && store_migrate(cst, NULL) == VG_OK;
        store_close(cst);
        _exit(ok ? 0 : 1);
    }
    unsigned applied = 0;
    assert_int_equal(store_migrate(st, &applied), VG_OK);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(store_migrations_current(st), VG_OK);
    assert_int_equal(count_where(st, "SELECT COUNT(*) FROM schema_migrations", NULL),
                     (int64_t)migrations_embedded());
    store_close(st);
}

static void test_roundtrip(void **state)
{
    struct fixture *fx = *state;
    add_user(fx->st, "u-round");
    const char *odd = "O'Brien \"quoted\" $1 ?1 -- not a comment; ünïcødé ✓ 🚀 \\ back";
    struct store_param p[] = {SP_TEXT("a-round"),
                              SP_TEXT("u-round"),
                              SP_NULL,
                              SP_TEXT("login"),
                              SP_TEXT(odd),
                              SP_TEXT_OR_NULL(NULL),
                              SP_INT(INT64_C(9007199254740993))};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(fx->st,
                                  "INSERT INTO activity (id, user_id, api_key_id, action, "
                                  "detail, ip, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                  p, 7, &r),
                     VG_OK);
    assert_int_equal(store_result_affected(r), 1);
    assert_int_equal(store_result_rows(r), 0);
    store_result_free(r);

    struct store_param q[] = {SP_TEXT("a-round")};
    assert_int_equal(store_query1(fx->st,
                                  "SELECT id, api_key_id, detail, ip, created_at, "
                                  "created_at - 1 AS prev FROM activity WHERE id = $1",
                                  q, 1, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 1);
    assert_int_equal(store_result_cols(r), 6);
    assert_string_equal(store_result_name(r, 0), "id");
    assert_string_equal(store_result_name(r, 5), "prev");
    assert_string_equal(store_result_get(r, 0, 0), "a-round");
    assert_null(store_result_get(r, 0, 1));
    assert_string_equal(store_result_get(r, 0, 2), odd);
    assert_null(store_result_get(r, 0, 3));
    assert_int_equal(store_result_int(r, 0, 4, 0), INT64_C(9007199254740993));
    assert_string_equal(store_result_get(r, 0, 4), "9007199254740993");
    assert_int_equal(store_result_int(r, 0, 5, 0), INT64_C(9007199254740992));
    assert_int_equal(store_result_int(r, 0, 1, -7), -7);
    assert_int_equal(store_result_affected(r), 0);
    store_result_free(r);

    /* A text parameter compared with an integer column, and a missing row. */
    struct store_param m[] = {SP_TEXT("nope")};
    assert_int_equal(store_query1(fx->st, "SELECT id FROM activity WHERE id = $1", m, 1, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 0);
    assert_int_equal(store_result_cols(r), 1);
    store_result_free(r);
}

static void test_returning_and_update(void **state)
{
    struct fixture *fx = *state;
    add_user(fx->st, "u-ret");
    struct store_param p[] = {SP_TEXT("p-ret"), SP_TEXT("u-ret"), SP_TEXT("proj"), SP_INT(42)};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(fx->st,
                                  "INSERT INTO projects (id, user_id, name, created_at, "
                                  "updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id, "
                                  "created_at, description",
                                  p, 4, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 1);
    assert_string_equal(store_result_get(r, 0, 0), "p-ret");
    assert_int_equal(store_result_int(r, 0, 1, 0), 42);
    assert_null(store_result_get(r, 0, 2));
    store_result_free(r);

    /* Parameters out of order and reused. */
    struct store_param u[] = {SP_INT(43), SP_TEXT("p-ret")};
    assert_int_equal(store_query1(fx->st,
                                  "UPDATE projects SET updated_at = $1, name = $2 || '!' "
                                  "WHERE id = $2 RETURNING name, updated_at",
                                  u, 2, &r),
                     VG_OK);
    assert_int_equal(store_result_affected(r), 1);
    assert_string_equal(store_result_get(r, 0, 0), "p-ret!");
    assert_int_equal(store_result_int(r, 0, 1, 0), 43);
    store_result_free(r);

    /* out == NULL is allowed. Foreign keys are enforced on both backends. */
    struct store_param bad[] = {SP_TEXT("p-bad"), SP_TEXT("no-such-user"), SP_TEXT("x"), SP_INT(1)};
    assert_int_equal(store_query1(fx->st,
                                  "INSERT INTO projects (id, user_id, name, created_at, "
                                  "updated_at) VALUES ($1, $2, $3, $4, $4)",
                                  bad, 4, NULL),
                     VG_ERR_DB);
}

/* Affected rows: inserted, updated, deleted; nothing for a skipped insert or a SELECT. */
static void test_affected(void **state)
{
    struct fixture *fx = *state;
    add_user(fx->st, "u-aff");
    struct store_result *r = NULL;
    const char *ins = "INSERT INTO projects (id, user_id, name, created_at, updated_at) "
                      "VALUES ($1, 'u-aff', 'n', 1, 1) ON CONFLICT (id) DO NOTHING";
    struct store_param a[] = {SP_TEXT("p-aff1")}, b[] = {SP_TEXT("p-aff2")};
    assert_int_equal(store_query1(fx->st, ins, a, 1, &r), VG_OK);
    assert_int_equal(store_result_affected(r), 1);
    store_result_free(r);
    assert_int_equal(store_query1(fx->st, ins, a, 1, &r), VG_OK);
    assert_int_equal(store_result_affected(r), 0);
    store_result_free(r);
    assert_int_equal(store_query1(fx->st, ins, b, 1, NULL), VG_OK);
    assert_int_equal(
        store_query1(fx->st, "UPDATE projects SET name = 'm' WHERE user_id = 'u-aff'", NULL, 0, &r),
        VG_OK);
    assert_int_equal(store_result_affected(r), 2);
    store_result_free(r);
    assert_int_equal(
        store_query1(fx->st, "SELECT id FROM projects WHERE user_id = 'u-aff'", NULL, 0, &r),
        VG_OK);
    assert_int_equal(store_result_rows(r), 2);
    assert_int_equal(store_result_affected(r), 0);
    store_result_free(r);
    /* Deleting the user cascades to its projects: one row deleted by the statement. */
    assert_int_equal(store_query1(fx->st, "DELETE FROM users WHERE id = 'u-aff'", NULL, 0, &r),
                     VG_OK);
    assert_int_equal(store_result_affected(r), 1);
    store_result_free(r);
    assert_int_equal(count_where(fx->st, "SELECT COUNT(*) FROM projects WHERE id = $1", "p-aff1"),
                     0);
}

static void test_unique_conflict(void **state)
{
    struct fixture *fx = *state;
    add_user(fx->st, "u-dup");
    struct store_param same_email[] = {SP_TEXT("u-dup2"), SP_TEXT("u-dup@example.test")};
    struct store_param same_id[] = {SP_TEXT("u-dup"), SP_TEXT("other@example.test")};
    const char *sql = "INSERT INTO users (id, email, password_hash, created_at, updated_at) "
                      "VALUES ($1, $2, 'h', 1, 1)";
    assert_int_equal(store_query1(fx->st, sql, same_email, 2, NULL), VG_ERR_CONFLICT);
    assert_int_equal(store_query1(fx->st, sql, same_id, 2, NULL), VG_ERR_CONFLICT);
    /* A broken statement is VG_ERR_DB, and the connection stays usable. */
    assert_int_equal(store_query1(fx->st, "SELEKT nonsense", NULL, 0, NULL), VG_ERR_DB);
    assert_int_equal(store_query1(fx->st, "SELECT 1", NULL, 0, NULL), VG_OK);
}

static void test_transactions(void **state)
{
    struct fixture *fx = *state;
    struct store_conn *c = NULL;
    const char *ins = "INSERT INTO users (id, email, password_hash, created_at, updated_at) "
                      "VALUES ($1, $1, 'h', 1, 1)";
    const char *cnt = "SELECT COUNT(*) FROM users WHERE id = $1";

    assert_int_equal(store_acquire(fx->st, &c), VG_OK);
    assert_int_equal(store_begin(c), VG_OK);
    struct store_param a[] = {SP_TEXT("tx-rolled")};
    assert_int_equal(store_query(c, ins, a, 1, NULL), VG_OK);
    store_rollback(c);
    assert_int_equal(count_where(fx->st, cnt, "tx-rolled"), 0);

    assert_int_equal(store_begin(c), VG_OK);
    struct store_param b[] = {SP_TEXT("tx-committed")};
    assert_int_equal(store_query(c, ins, b, 1, NULL), VG_OK);
    assert_int_equal(store_commit(c), VG_OK);
    assert_int_equal(count_where(fx->st, cnt, "tx-committed"), 1);

    /* A conflict inside a transaction, then rollback: the connection is usable. */
    assert_int_equal(store_begin(c), VG_OK);
    assert_int_equal(store_query(c, ins, b, 1, NULL), VG_ERR_CONFLICT);
    store_rollback(c);

    /* Released inside a transaction: rolled back by the pool. */
    assert_int_equal(store_begin(c), VG_OK);
    struct store_param d[] = {SP_TEXT("tx-abandoned")};
    assert_int_equal(store_query(c, ins, d, 1, NULL), VG_OK);
    store_release(c);
    assert_int_equal(count_where(fx->st, cnt, "tx-abandoned"), 0);
    store_release(NULL);
}

static void test_dialect(void **state)
{
    struct fixture *fx = *state;
    struct store_param p[] = {SP_TEXT("x'y")};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(fx->st,
                                  "SELECT '$1 and ?1 and ''$1''' AS a, /* $1 */ CAST($1 AS TEXT) "
                                  "AS \"b$1\" -- $1 trailing\n",
                                  p, 1, &r),
                     VG_OK);
    assert_string_equal(store_result_get(r, 0, 0), "$1 and ?1 and '$1'");
    assert_string_equal(store_result_name(r, 1), "b$1");
    assert_string_equal(store_result_get(r, 0, 1), "x'y");
    store_result_free(r);

    assert_int_equal(upsert_once(fx->st, "dialect"), 1);
    struct store_param q[] = {SP_TEXT("dialect")};
    assert_int_equal(store_query1(fx->st,
                                  "SELECT count FROM rate_counters WHERE subject = $1 "
                                  "FOR UPDATE SKIP LOCKED",
                                  q, 1, &r),
                     VG_OK);
    assert_int_equal(store_result_int(r, 0, 0, 0), 1);
    store_result_free(r);
    assert_int_equal(store_query1(fx->st,
                                  "UPDATE rate_counters SET count = count + 10 WHERE subject = "
                                  "(SELECT subject FROM rate_counters WHERE subject = $1 LIMIT 1 "
                                  "FOR UPDATE SKIP LOCKED) RETURNING count",
                                  q, 1, &r),
                     VG_OK);
    assert_int_equal(store_result_int(r, 0, 0, 0), 11);
    store_result_free(r);
}

/* The SQLite translation itself (backend-independent). */
static void test_sqlite_rewrite(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"SELECT $1, $2", "SELECT ?1, ?2"},
        {"SELECT '$1', \"$2\", `$3`, $4", "SELECT '$1', \"$2\", `$3`, ?4"},
        {"SELECT 'it''s $1' || $12", "SELECT 'it''s $1' || ?12"},
        {"SELECT a$1 FROM t -- $2\nWHERE x=$3 /* $4 */",
         "SELECT a$1 FROM t -- $2\nWHERE x=?3 /* $4 */"},
        {"SELECT id FROM jobs WHERE s = $1 LIMIT 1 FOR UPDATE SKIP LOCKED",
         "SELECT id FROM jobs WHERE s = ?1 LIMIT 1 "},
        {"SELECT 1 for  update\n nowait;", "SELECT 1 ;"},
        {"SELECT x FROM t FOR UPDATE", "SELECT x FROM t "},
        {"SELECT before_update, 'FOR UPDATE' FROM t", "SELECT before_update, 'FOR UPDATE' FROM t"},
        {"SELECT 'unterminated $1", "SELECT 'unterminated $1"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = store_sqlite_rewrite(cases[i][0]);
        assert_string_equal(out, cases[i][1]);
        free(out);
    }
}

struct upsert_arg {
    struct store *st;
    const char *subject;
    int n;
    int64_t *seen; /* values returned, one slot per increment */
    atomic_int *errors;
};

static void *upsert_thread(void *arg)
{
    struct upsert_arg *a = arg;
    for (int i = 0; i < a->n; i++) {
        int64_t v = upsert_once(a->st, a->subject);
        if (v <= 0)
            atomic_fetch_add(a->errors, 1);
        a->seen[i] = v;
    }
    return NULL;
}

#define UPSERT_THREADS 8
#define UPSERT_EACH 200

static void test_upsert_concurrent(void **state)
{
    struct fixture *fx = *state;
    pthread_t th[UPSERT_THREADS];
    struct upsert_arg args[UPSERT_THREADS];
    int64_t *seen = calloc(UPSERT_THREADS * UPSERT_EACH, sizeof(int64_t));
    atomic_int errors = 0;
    int64_t t0 = now_ms();
    for (int t = 0; t < UPSERT_THREADS; t++) {
        args[t] =
            (struct upsert_arg){fx->st, "concurrent", UPSERT_EACH, seen + t * UPSERT_EACH, &errors};
        assert_int_equal(pthread_create(&th[t], NULL, upsert_thread, &args[t]), 0);
    }
    for (int t = 0; t < UPSERT_THREADS; t++)
        pthread_join(th[t], NULL);
    int64_t dt = now_ms() - t0;
    print_message("%s: %d concurrent upserts (%d threads) in %lld ms = %.0f/s\n", fx->name,
                  UPSERT_THREADS * UPSERT_EACH, UPSERT_THREADS, (long long)dt,
                  dt > 0 ? UPSERT_THREADS * UPSERT_EACH * 1000.0 / (double)dt : 0.0);
    assert_int_equal(atomic_load(&errors), 0);
    assert_int_equal(counter_value(fx->st, "concurrent"), UPSERT_THREADS * UPSERT_EACH);
    /* Every RETURNING value 1..1600 was handed out exactly once. */
    char *hit = calloc(UPSERT_THREADS * UPSERT_EACH + 1, 1);
    for (int i = 0; i < UPSERT_THREADS * UPSERT_EACH; i++) {
        assert_true(seen[i] >= 1 && seen[i] <= UPSERT_THREADS * UPSERT_EACH);
        assert_int_equal(hit[seen[i]], 0);
        hit[seen[i]] = 1;
    }
    free(hit);
    free(seen);
}

#define PROC_EACH 300

/* Two processes, each with its own pool, incrementing one counter. */
static void test_two_processes(void **state)
{
    struct fixture *fx = *state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct store *cst = NULL;
        int bad = store_open(fx->url, 4, &cst, NULL, 0) != VG_OK;
        for (int i = 0; i < PROC_EACH && !bad; i++)
            bad = upsert_once(cst, "two-procs") <= 0;
        store_close(cst);
        _exit(bad);
    }
    int errors = 0;
    for (int i = 0; i < PROC_EACH; i++)
        errors += upsert_once(fx->st, "two-procs") <= 0;
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(errors, 0);
    assert_int_equal(counter_value(fx->st, "two-procs"), 2 * PROC_EACH);
}

/* One read-modify-write transaction: exact only if transactions really serialise
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: the row lock of FOR UPDATE). */
static enum vg_err rmw_once(struct store *st, const char *subject)
{
    struct store_conn *c = NULL;
    struct store_result *r = NULL;
    struct store_param p[] = {SP_TEXT(subject)};
    enum vg_err e = store_acquire(st, &c);
    if (e != VG_OK)
        return e;
    e = store_begin(c);
    if (e == VG_OK)
        e = store_query(c,
                        "SELECT count FROM rate_counters WHERE bucket = 'test_bucket' AND "
                        "subject = $1 FOR UPDATE",
                        p, 1, &r);
    if (e == VG_OK) {
        struct store_param u[] = {SP_INT(store_result_int(r, 0, 0, -1000) + 1), SP_TEXT(subject)};
        e = store_query(c,
                        "UPDATE rate_counters SET count = $1 WHERE bucket = 'test_bucket' AND "
                        "subject = $2",
                        u, 2, NULL);
    }
    store_result_free(r);
    if (e == VG_OK)
        e = store_commit(c);
    if (e != VG_OK)
        store_rollback(c);
    store_release(c);
    return e;
}

#define RMW_THREADS 4
#define RMW_EACH 40

static void *rmw_thread(void *arg)
{
    struct upsert_arg *a = arg;
    for (int i = 0; i < a->n; i++) {
        if (rmw_once(a->st, a->subject) != VG_OK)
            atomic_fetch_add(a->errors, 1);
    }
    return NULL;
}

static void test_transactions_concurrent(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(upsert_once(fx->st, "rmw"), 1);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct store *cst = NULL;
        int bad = store_open(fx->url, 2, &cst, NULL, 0) != VG_OK;
        for (int i = 0; i < RMW_EACH && !bad; i++)
            bad = rmw_once(cst, "rmw") != VG_OK;
        store_close(cst);
        _exit(bad);
    }
    pthread_t th[RMW_THREADS];
    struct upsert_arg args[RMW_THREADS];
    atomic_int errors = 0;
    for (int t = 0; t < RMW_THREADS; t++) {
        args[t] = (struct upsert_arg){fx->st, "rmw", RMW_EACH, NULL, &errors};
        assert_int_equal(pthread_create(&th[t], NULL, rmw_thread, &args[t]), 0);
    }
    for (int t = 0; t < RMW_THREADS; t++)
        pthread_join(th[t], NULL);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(atomic_load(&errors), 0);
    assert_int_equal(counter_value(fx->st, "rmw"), 1 + (RMW_THREADS + 1) * RMW_EACH);
}

#define CLAIM_JOBS 120
#define CLAIM_THREADS 6

struct claim_arg {
    struct store *st;
    char worker[16];
    int claimed;
    atomic_int *errors;
};

/* The job queue's claim: one statement, a sub-select with FOR UPDATE SKIP LOCKED. */
static void *claim_thread(void *arg)
{
    struct claim_arg *a = arg;
    for (;;) {
        struct store_param p[] = {SP_TEXT(a->worker), SP_INT(1000)};
        struct store_result *r = NULL;
        enum vg_err e = store_query1(
            a->st,
            "UPDATE jobs SET status = 'running', lease_owner = $1, attempts = attempts + 1, "
            "updated_at = $2 WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND "
            "kind = 'claim_test' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
            "RETURNING id, attempts",
            p, 2, &r);
        size_t rows = store_result_rows(r);
        if (e != VG_OK || (rows == 1 && store_result_int(r, 0, 1, 0) != 1))
            atomic_fetch_add(a->errors, 1);
        store_result_free(r);
        if (e != VG_OK || rows == 0)
            break;
        a->claimed++;
    }
    return NULL;
}

static void test_job_claim_concurrent(void **state)
{
    struct fixture *fx = *state;
    for (int i = 0; i < CLAIM_JOBS; i++) {
        char id[32];
        snprintf(id, sizeof(id), "job-%03d", i);
        struct store_param p[] = {SP_TEXT(id), SP_INT(i)};
        assert_int_equal(store_query1(fx->st,
                                      "INSERT INTO jobs (id, kind, subject_id, status, run_after, "
                                      "created_at, updated_at) VALUES ($1, 'claim_test', $1, "
                                      "'queued', 0, $2, $2)",
                                      p, 2, NULL),
                         VG_OK);
    }
    pthread_t th[CLAIM_THREADS];
    struct claim_arg args[CLAIM_THREADS];
    atomic_int errors = 0;
    for (int t = 0; t < CLAIM_THREADS; t++) {
        args[t] = (struct claim_arg){fx->st, "", 0, &errors};
        snprintf(args[t].worker, sizeof(args[t].worker), "w%d", t);
        assert_int_equal(pthread_create(&th[t], NULL, claim_thread, &args[t]), 0);
    }
    int total = 0;
    for (int t = 0; t < CLAIM_THREADS; t++) {
        pthread_join(th[t], NULL);
        total += args[t].claimed;
    }
    assert_int_equal(atomic_load(&errors), 0);
    assert_int_equal(total, CLAIM_JOBS);
    assert_int_equal(count_where(fx->st,
                                 "SELECT COUNT(*) FROM jobs WHERE kind = $1 AND attempts = 1 AND "
                                 "status = 'running'",
                                 "claim_test"),
                     CLAIM_JOBS);
}

struct acquire_arg {
    struct store *st;
    atomic_int done;
    struct store_conn *c;
};

static void *acquire_thread(void *arg)
{
    struct acquire_arg *a = arg;
    enum vg_err e = store_acquire(a->st, &a->c);
    atomic_store(&a->done, e == VG_OK ? 1 : -1);
    return NULL;
}

static void test_pool_exhaustion(void **state)
{
    struct fixture *fx = *state;
    struct store *st = NULL;
    assert_int_equal(store_open(fx->url, 2, &st, NULL, 0), VG_OK);
    struct store_conn *c1 = NULL, *c2 = NULL;
    assert_int_equal(store_acquire(st, &c1), VG_OK);
    assert_int_equal(store_acquire(st, &c2), VG_OK);
    assert_ptr_not_equal(c1, c2);
    struct acquire_arg a = {st, 0, NULL};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, acquire_thread, &a), 0);
    struct timespec ts = {0, 150 * 1000000L};
    nanosleep(&ts, NULL);
    assert_int_equal(atomic_load(&a.done), 0); /* still blocked */
    store_release(c2);
    pthread_join(th, NULL);
    assert_int_equal(atomic_load(&a.done), 1);
    assert_ptr_equal(a.c, c2);
    assert_int_equal(store_query(a.c, "SELECT 1", NULL, 0, NULL), VG_OK);
    store_release(a.c);
    store_release(c1);
    assert_int_equal(store_ping(st), VG_OK);
    store_close(st);
}

static void test_bad_urls(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "mysql://x/y",
        "sqlite:",
        "sqlite://",
        "sqlite:///",
        "sqlite:relative.db",
        "sqlite:///tmp/x.db?mode=ro",
        "postgresql://host:notaport/db",
        "postgres://[::1/db",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct store *st = (struct store *)&st; /* must be reset to NULL */
        char reason[256] = "";
        assert_int_equal(store_open(bad[i], 0, &st, reason, sizeof(reason)), VG_ERR_INVALID);
        assert_null(st);
        assert_true(reason[0] != '\0');
    }
    struct store *st = NULL;
    assert_int_equal(store_open(NULL, 0, &st, NULL, 0), VG_ERR_INVALID);
    store_close(NULL);
}

static void test_memory_url(void **state)
{
    (void)state;
    struct store *st = NULL;
    assert_int_equal(store_open("sqlite::memory:", 0, &st, NULL, 0), VG_OK);
    assert_int_equal(store_kind(st), STORE_SQLITE);
    assert_int_equal(store_migrate(st, NULL), VG_OK);
    assert_int_equal(store_migrations_current(st), VG_OK);
    assert_int_equal(upsert_once(st, "mem"), 1);
    assert_int_equal(upsert_once(st, "mem"), 2);
    assert_int_equal(store_ping(st), VG_OK);
    store_close(st);
}

static void test_result_accessors(void **state)
{
    struct fixture *fx = *state;
    struct store_result *r = NULL;
    assert_int_equal(store_query1(fx->st,
                                  "SELECT 7 AS n, 'abc' AS s, NULL AS z, '12x' AS bad, "
                                  "'-9223372036854775808' AS minv, '99999999999999999999' AS big",
                                  NULL, 0, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 1);
    assert_int_equal(store_result_cols(r), 6);
    assert_int_equal(store_result_int(r, 0, 0, -1), 7);
    assert_int_equal(store_result_int(r, 0, 1, -1), -1);
    assert_int_equal(store_result_int(r, 0, 2, -1), -1);
    assert_int_equal(store_result_int(r, 0, 3, -1), -1);
    assert_int_equal(store_result_int(r, 0, 4, -1), INT64_MIN);
    assert_int_equal(store_result_int(r, 0, 5, -1), -1);
    assert_null(store_result_get(r, 1, 0));
    assert_null(store_result_get(r, 0, 6));
    assert_null(store_result_get(r, SIZE_MAX, SIZE_MAX));
    assert_null(store_result_name(r, 6));
    assert_int_equal(store_result_int(r, 5, 5, 3), 3);
    store_result_free(r);
    /* Booleans read as 1 / 0 on both backends. */
    assert_int_equal(store_query1(fx->st, "SELECT 1 = 1 AS yes, 1 = 2 AS no", NULL, 0, &r), VG_OK);
    assert_int_equal(store_result_int(r, 0, 0, -1), 1);
    assert_int_equal(store_result_int(r, 0, 1, -1), 0);
    store_result_free(r);
    assert_int_equal(store_result_rows(NULL), 0);
    assert_int_equal(store_result_cols(NULL), 0);
    assert_int_equal(store_result_affected(NULL), 0);
    assert_null(store_result_get(NULL, 0, 0));
    assert_null(store_result_name(NULL, 0));
    assert_int_equal(store_result_int(NULL, 0, 0, 5), 5);
    store_result_free(NULL);
    /* On error *out is NULL. */
    r = (struct store_result *)&r;
    assert_int_equal(store_query1(fx->st, "SELECT * FROM no_such_table", NULL, 0, &r), VG_ERR_DB);
    assert_null(r);
}

/* A cached statement survives its table changing shape (migrations while serving). */
static void test_schema_change(void **state)
{
    struct fixture *fx = *state;
    struct store_conn *c = NULL, *other = NULL;
    struct store_result *r = NULL;
    assert_int_equal(store_acquire(fx->st, &c), VG_OK);
    assert_int_equal(store_acquire(fx->st, &other), VG_OK);
    assert_int_equal(store_exec_script(c, "CREATE TABLE shape_test (a BIGINT);"
                                          "INSERT INTO shape_test (a) VALUES (1);"),
                     VG_OK);
    const char *sel = "SELECT * FROM shape_test WHERE a = $1";
    struct store_param p[] = {SP_INT(1)};
    assert_int_equal(store_query(c, sel, p, 1, &r), VG_OK);
    assert_int_equal(store_result_cols(r), 1);
    store_result_free(r);
    assert_int_equal(store_exec_script(other, "ALTER TABLE shape_test ADD COLUMN b TEXT"), VG_OK);
    assert_int_equal(store_query(c, sel, p, 1, &r), VG_OK);
    assert_int_equal(store_result_cols(r), 2);
    assert_string_equal(store_result_name(r, 1), "b");
    store_result_free(r);
    assert_int_equal(store_exec_script(other, "DROP TABLE shape_test"), VG_OK);
    store_release(other);
    store_release(c);
}

/* Throughput of the rate-limit hot path, one connection, for the record. */
static void test_upsert_throughput(void **state)
{
    struct fixture *fx = *state;
    int64_t t0 = now_ms(), n = 0;
    while (now_ms() - t0 < 500) {
        for (int i = 0; i < 50; i++)
            assert_true(upsert_once(fx->st, "throughput") > 0);
        n += 50;
    }
    int64_t dt = now_ms() - t0;
    print_message("%s: %lld upserts in %lld ms = %.0f/s (one connection)\n", fx->name, (long long)n,
                  (long long)dt, (double)n * 1000.0 / (double)dt);
    /* And the auth lookup shape: a primary-key SELECT. */
    const char *sel = "SELECT count, window_start FROM rate_counters WHERE bucket = $1 AND "
                      "subject = $2 AND window_start = $3";
    struct store_param p[] = {SP_TEXT("test_bucket"), SP_TEXT("throughput"), SP_INT(60)};
    t0 = now_ms();
    n = 0;
    while (now_ms() - t0 < 300) {
        for (int i = 0; i < 50; i++) {
            struct store_result *r = NULL;
            assert_int_equal(store_query1(fx->st, sel, p, 3, &r), VG_OK);
            assert_int_equal(store_result_rows(r), 1);
            store_result_free(r);
        }
        n += 50;
    }
    dt = now_ms() - t0;
    print_message("%s: %lld selects in %lld ms = %.0f/s (one connection)\n", fx->name, (long long)n,
                  (long long)dt, (double)n * 1000.0 / (double)dt);
}

/* A server that is down, or that accepts and never answers: fail fast, never hang,
 * never show the password. */
static void test_pg_unreachable(void **state)
{
    (void)state;
    struct store *st = NULL;
    char reason[512] = "";
    int64_t t0 = now_ms();
    assert_int_equal(
        store_open("postgresql://vega:s3cretpw@127.0.0.1:1/x", 0, &st, reason, sizeof(reason)),
        VG_ERR_UNAVAILABLE);
    assert_null(st);
    assert_true(now_ms() - t0 < 3000);
    assert_true(reason[0] != '\0');
    assert_null(strstr(reason, "s3cretpw"));

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sa);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(fd, 4), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    char url[256];
    snprintf(url, sizeof(url), "postgresql://vega:pw%%40x@127.0.0.1:%u/x?connect_timeout=2",
             (unsigned)ntohs(sa.sin_port));
    t0 = now_ms();
    assert_int_equal(store_open(url, 0, &st, reason, sizeof(reason)), VG_ERR_UNAVAILABLE);
    int64_t dt = now_ms() - t0;
    /* libpq counts connect_timeout in whole seconds: 1 to 2 s here. */
    assert_true(dt < 4000);
    assert_null(strstr(reason, "pw@x"));
    assert_null(strstr(reason, "pw%40x"));
    close(fd);
}

static int64_t backend_pid(struct store_conn *c)
{
    struct store_result *r = NULL;
    assert_int_equal(store_query(c, "SELECT pg_backend_pid()", NULL, 0, &r), VG_OK);
    int64_t pid = store_result_int(r, 0, 0, -1);
    store_result_free(r);
    return pid;
}

static void terminate_backend(struct store *st, int64_t pid)
{
    struct store_param p[] = {SP_INT(pid)};
    assert_int_equal(
        store_query1(st, "SELECT pg_terminate_backend(CAST($1 AS INTEGER))", p, 1, NULL), VG_OK);
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
}

/* Connections killed by the server: ping and queries recover with fresh connections. */
static void test_pg_reconnect(void **state)
{
    struct fixture *fx = *state;
    struct store *st = NULL;
    assert_int_equal(store_open(fx->url, 1, &st, NULL, 0), VG_OK);
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(st, &c), VG_OK);
    int64_t pid = backend_pid(c);
    store_release(c);
    terminate_backend(fx->st, pid);
    assert_int_equal(store_ping(st), VG_OK);

    assert_int_equal(store_acquire(st, &c), VG_OK);
    pid = backend_pid(c);
    store_release(c);
    terminate_backend(fx->st, pid);
    assert_int_equal(store_query1(st, "SELECT 1", NULL, 0, NULL), VG_OK);

    /* Inside a transaction there is no silent retry: UNAVAILABLE, then a fresh one. */
    assert_int_equal(store_acquire(st, &c), VG_OK);
    pid = backend_pid(c);
    assert_int_equal(store_begin(c), VG_OK);
    terminate_backend(fx->st, pid);
    assert_int_equal(store_query(c, "SELECT 1", NULL, 0, NULL), VG_ERR_UNAVAILABLE);
    store_release(c);
    assert_int_equal(store_acquire(st, &c), VG_OK);
    assert_true(backend_pid(c) != pid);
    store_release(c);
    store_close(st);
}

#define STORE_TESTS                                                                                \
    cmocka_unit_test(test_migrate_idempotent), cmocka_unit_test(test_roundtrip),                   \
        cmocka_unit_test(test_returning_and_update), cmocka_unit_test(test_unique_conflict),       \
        cmocka_unit_test(test_affected), cmocka_unit_test(test_schema_change),                     \
        cmocka_unit_test(test_transactions), cmocka_unit_test(test_dialect),                       \
        cmocka_unit_test(test_result_accessors), cmocka_unit_test(test_upsert_concurrent),         \
        cmocka_unit_test(test_two_processes), cmocka_unit_test(test_transactions_concurrent),      \
        cmocka_unit_test(test_job_claim_concurrent), cmocka_unit_test(test_pool_exhaustion),       \
        cmocka_unit_test(test_migrate_concurrent_processes),                                       \
        cmocka_unit_test(test_upsert_throughput)

int main(void)
{
    const struct CMUnitTest common[] = {
        cmocka_unit_test(test_sqlite_rewrite),
        cmocka_unit_test(test_bad_urls),
        cmocka_unit_test(test_memory_url),
        cmocka_unit_test(test_pg_unreachable),
    };
    const struct CMUnitTest sqlite_tests[] = {STORE_TESTS};
    const struct CMUnitTest pg_tests[] = {STORE_TESTS, cmocka_unit_test(test_pg_reconnect)};
    int fails = cmocka_run_group_tests_name("store_common", common, NULL, NULL);
    fails +=
        cmocka_run_group_tests_name("store_sqlite", sqlite_tests, sqlite_setup, fixture_teardown);
    const char *pg = getenv("VEGA_TEST_PG_URL");
    if (pg != NULL && *pg != '\0')
        fails +=
            cmocka_run_group_tests_name("store_postgresql", pg_tests, pg_setup, fixture_teardown);
    else
        print_message("store_postgresql: skipped (VEGA_TEST_PG_URL not set)\n");
    return fails ? 1 : 0;
}
