/*
 * test_store_layer.c - the pieces entity modules are built from: rows read by column
 * name, the transaction helper (commit, rollback, retry), the query builder with keyset
 * pagination and its cursors, and the scan / job state tables. Every test runs on SQLite
 * in memory and, when VEGA_TEST_PG_URL is set, on PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storelib.h"
#include "store/page.h"
#include "store/row.h"
#include "store/status.h"
#include "store/tx.h"

#define T_COUNT 23

static void make_table(struct store *st)
{
    assert_int_equal(store_query1(st, "DROP TABLE IF EXISTS t_items", NULL, 0, NULL), VG_OK);
    assert_int_equal(store_query1(st,
                                  "CREATE TABLE t_items (id TEXT PRIMARY KEY, grp TEXT NOT NULL, "
                                  "n BIGINT NOT NULL, score DOUBLE PRECISION, flag INTEGER NOT "
                                  "NULL, note TEXT)",
                                  NULL, 0, NULL),
                     VG_OK);
}

static void insert_item(struct store *st, const char *id, const char *grp, int64_t n)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(grp), SP_INT(n), SP_INT(n % 2)};
    assert_int_equal(store_query1(st,
                                  "INSERT INTO t_items (id, grp, n, flag) VALUES ($1,$2,$3,$4)",
                                  p, 4, NULL),
                     VG_OK);
}

/* T_COUNT rows: n repeats (i / 3) so ties are broken by the id; groups a, b, c. */
static void fill(struct store *st)
{
    make_table(st);
    for (int i = 0; i < T_COUNT; i++) {
        char id[16];
        snprintf(id, sizeof(id), "id%02d", (i * 7) % T_COUNT);
        insert_item(st, id, (const char *[]){"a", "b", "c"}[i % 3], i / 3);
    }
}

/* ---- rows by name ---------------------------------------------------------------------- */

static void test_row_by_name(void **state)
{
    struct storelib_fx *fx = *state;
    make_table(fx->st);
    struct store_param p[] = {SP_TEXT("x1"), SP_TEXT("g"), SP_INT(42), SP_TEXT("2.5")};
    assert_int_equal(store_query1(fx->st,
                                  "INSERT INTO t_items (id, grp, n, score, flag) "
                                  "VALUES ($1,$2,$3,$4,1)",
                                  p, 4, NULL),
                     VG_OK);
    struct store_result *r = NULL;
    /* Column order differs from the table; an expression read by its alias. */
    assert_int_equal(store_query1(fx->st,
                                  "SELECT note, flag, score, n, grp, id, n * 2 AS twice, "
                                  "(n > 40) AS big FROM t_items",
                                  NULL, 0, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 1);
    assert_string_equal(store_row_text(r, 0, "id"), "x1");
    assert_string_equal(store_row_text(r, 0, "grp"), "g");
    assert_int_equal(store_row_int(r, 0, "n", -1), 42);
    assert_int_equal(store_row_int(r, 0, "twice", -1), 84);
    assert_true(store_row_bool(r, 0, "flag"));
    assert_true(store_row_bool(r, 0, "big"));
    assert_true(store_row_real(r, 0, "score", 0) > 2.49 && store_row_real(r, 0, "score", 0) < 2.51);
    assert_true(store_row_null(r, 0, "note"));
    assert_false(store_row_null(r, 0, "id"));
    assert_null(store_row_text(r, 0, "note"));
    assert_int_equal(store_row_int(r, 0, "note", -7), -7);
    assert_true(store_row_real(r, 0, "note", -1.0) < 0);
    assert_false(store_row_bool(r, 0, "note"));
    assert_null(store_row_dup(r, 0, "note"));
    char *d = store_row_dup(r, 0, "grp");
    assert_string_equal(d, "g");
    free(d);
    char small[2];
    assert_false(store_row_copy(r, 0, "id", small, sizeof(small)));
    assert_string_equal(small, "x");
    char big[8];
    assert_true(store_row_copy(r, 0, "id", big, sizeof(big)));
    assert_string_equal(big, "x1");
    assert_false(store_row_copy(r, 0, "note", big, sizeof(big)));
    assert_string_equal(big, "");
    assert_int_equal(store_col(r, "grp"), 4);
    assert_int_equal(store_col(r, "nope"), SIZE_MAX);
    store_result_free(r);
}

/* ---- transactions ---------------------------------------------------------------------- */

struct tx_arg {
    const char *id;
    enum vg_err result;
    int calls;
};

static enum vg_err tx_insert(struct store_conn *c, void *varg)
{
    struct tx_arg *a = varg;
    a->calls++;
    struct store_param p[] = {SP_TEXT(a->id), SP_TEXT("t"), SP_INT(1)};
    enum vg_err e =
        store_query(c, "INSERT INTO t_items (id, grp, n, flag) VALUES ($1,$2,$3,0)", p, 3, NULL);
    return e != VG_OK ? e : a->result;
}

static int64_t count_items(struct store *st)
{
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, "SELECT COUNT(*) AS n FROM t_items", NULL, 0, &r), VG_OK);
    int64_t n = store_row_int(r, 0, "n", -1);
    store_result_free(r);
    return n;
}

static void test_tx_commit_rollback(void **state)
{
    struct storelib_fx *fx = *state;
    make_table(fx->st);
    struct tx_arg ok = {"c1", VG_OK, 0};
    assert_int_equal(store_tx(fx->st, tx_insert, &ok), VG_OK);
    assert_int_equal(ok.calls, 1);
    assert_int_equal(count_items(fx->st), 1);
    /* A domain error rolls the work back and is returned as is, without a retry. */
    struct tx_arg missing = {"c2", VG_ERR_NOT_FOUND, 0};
    assert_int_equal(store_tx(fx->st, tx_insert, &missing), VG_ERR_NOT_FOUND);
    assert_int_equal(missing.calls, 1);
    assert_int_equal(count_items(fx->st), 1);
    /* A failing statement (duplicate id) rolls back too, without a retry. */
    struct tx_arg dup = {"c1", VG_OK, 0};
    assert_int_equal(store_tx(fx->st, tx_insert, &dup), VG_ERR_CONFLICT);
    assert_int_equal(dup.calls, 1);
    assert_int_equal(count_items(fx->st), 1);
}

/* Two transactions that lock rows a and b in opposite orders: PostgreSQL detects the
 * deadlock and aborts one; store_tx runs it again, so both increments land. */
struct deadlock_arg {
    struct store *st;
    const char *first, *second;
    pthread_barrier_t *barrier;
    int calls;
    enum vg_err result;
};

static enum vg_err tx_cross(struct store_conn *c, void *varg)
{
    struct deadlock_arg *a = varg;
    a->calls++;
    struct store_param p1[] = {SP_TEXT(a->first)}, p2[] = {SP_TEXT(a->second)};
    enum vg_err e = store_query(c, "UPDATE t_items SET n = n + 1 WHERE id = $1", p1, 1, NULL);
    if (e != VG_OK)
        return e;
    if (a->calls == 1)
        pthread_barrier_wait(a->barrier);
    return store_query(c, "UPDATE t_items SET n = n + 1 WHERE id = $1", p2, 1, NULL);
}

static void *deadlock_thread(void *varg)
{
    struct deadlock_arg *a = varg;
    a->result = store_tx(a->st, tx_cross, a);
    return NULL;
}

static void test_tx_retry_deadlock(void **state)
{
    struct storelib_fx *fx = *state;
    if (strcmp(fx->name, "postgresql") != 0) {
        skip(); /* one in-memory SQLite connection: BEGIN IMMEDIATE serialises writers */
        return;
    }
    make_table(fx->st);
    insert_item(fx->st, "a", "g", 0);
    insert_item(fx->st, "b", "g", 0);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 2);
    struct deadlock_arg x = {fx->st, "a", "b", &barrier, 0, VG_ERR_INTERNAL};
    struct deadlock_arg y = {fx->st, "b", "a", &barrier, 0, VG_ERR_INTERNAL};
    pthread_t tx, ty;
    pthread_create(&tx, NULL, deadlock_thread, &x);
    pthread_create(&ty, NULL, deadlock_thread, &y);
    pthread_join(tx, NULL);
    pthread_join(ty, NULL);
    pthread_barrier_destroy(&barrier);
    assert_int_equal(x.result, VG_OK);
    assert_int_equal(y.result, VG_OK);
    assert_int_equal(x.calls + y.calls, 3); /* exactly one of them ran twice */
    struct store_result *r = NULL;
    assert_int_equal(store_query1(fx->st, "SELECT SUM(n) AS total FROM t_items", NULL, 0, &r),
                     VG_OK);
    assert_int_equal(store_row_int(r, 0, "total", -1), 4);
    store_result_free(r);
}

/* ---- query builder and pages ----------------------------------------------------------- */

static const struct store_order_col order_desc[] = {
    {"n", "n", STORE_P_INT, true},
    {"id", "id", STORE_P_TEXT, true},
};

static const struct store_order_col order_mixed[] = {
    {"grp", "grp", STORE_P_TEXT, false},
    {"n", "n", STORE_P_INT, true},
    {"id", "id", STORE_P_TEXT, false},
};

/* Walk every page of `SELECT ... [WHERE grp IN groups]` with limit; returns the ids seen
 * in order (space separated) and checks no page exceeds the limit. */
static char *walk(struct store *st, const struct store_order_col *order, size_t norder,
                  long limit, const char *const *groups, size_t ngroups, int *pages)
{
    static char seen[1024];
    seen[0] = '\0';
    char *cursor = NULL;
    *pages = 0;
    for (;;) {
        struct store_sql q;
        store_sql_init(&q, "SELECT id, grp, n FROM t_items");
        store_sql_where_in(&q, "grp", groups, ngroups);
        struct store_result *r = NULL;
        char *next = NULL;
        struct store_page_req pg = {limit, cursor};
        assert_int_equal(store_page(st, &q, order, norder, &pg, &r, &next), VG_OK);
        store_sql_release(&q);
        free(cursor);
        (*pages)++;
        assert_true(store_result_rows(r) <= (size_t)limit);
        for (size_t i = 0; i < store_result_rows(r); i++) {
            strcat(seen, store_row_text(r, i, "id"));
            strcat(seen, " ");
        }
        if (next != NULL)
            assert_int_equal(store_result_rows(r), limit);
        store_result_free(r);
        cursor = next;
        if (cursor == NULL)
            break;
        assert_true(*pages < 100);
    }
    return seen;
}

/* The same ids in one unpaged query with the same order. */
static void expect_all(struct store *st, const char *order_sql, const char *where,
                       const char *seen)
{
    char sql[256], all[1024] = "";
    snprintf(sql, sizeof(sql), "SELECT id FROM t_items %s ORDER BY %s", where, order_sql);
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, sql, NULL, 0, &r), VG_OK);
    for (size_t i = 0; i < store_result_rows(r); i++) {
        strcat(all, store_row_text(r, i, "id"));
        strcat(all, " ");
    }
    store_result_free(r);
    assert_string_equal(seen, all);
}

static void test_page_walks(void **state)
{
    struct storelib_fx *fx = *state;
    fill(fx->st);
    int pages = 0;
    for (long limit = 1; limit <= 5; limit++) {
        const char *seen = walk(fx->st, order_desc, 2, limit, NULL, 0, &pages);
        expect_all(fx->st, "n DESC, id DESC", "", seen);
        assert_int_equal(pages, (T_COUNT + limit - 1) / limit);
        seen = walk(fx->st, order_mixed, 3, limit, NULL, 0, &pages);
        expect_all(fx->st, "grp ASC, n DESC, id ASC", "", seen);
    }
    /* A filter: only groups a and c. */
    const char *groups[] = {"a", "c"};
    const char *seen = walk(fx->st, order_desc, 2, 2, groups, 2, &pages);
    expect_all(fx->st, "n DESC, id DESC", "WHERE grp IN ('a', 'c')", seen);
    /* One page holding everything has no next cursor. */
    seen = walk(fx->st, order_desc, 2, 200, NULL, 0, &pages);
    assert_int_equal(pages, 1);
}

/* A limit=1 walk visits every row that existed when it started exactly once, even while
 * rows are inserted ahead of it. */
static void test_page_stable_under_inserts(void **state)
{
    struct storelib_fx *fx = *state;
    fill(fx->st);
    char *cursor = NULL;
    int visited[T_COUNT] = {0};
    for (int step = 0; step < 100; step++) {
        char id[16];
        snprintf(id, sizeof(id), "new%02d", step);
        insert_item(fx->st, id, "a", 1000 + step); /* newer than everything: ahead */
        struct store_sql q;
        store_sql_init(&q, "SELECT id, n FROM t_items");
        store_sql_where1(&q, "n < ?", SP_INT(1000 + step + 1));
        struct store_result *r = NULL;
        char *next = NULL;
        struct store_page_req pg = {1, cursor};
        assert_int_equal(store_page(fx->st, &q, order_desc, 2, &pg, &r, &next), VG_OK);
        store_sql_release(&q);
        free(cursor);
        cursor = next;
        if (step == 0)
            assert_string_equal(store_row_text(r, 0, "id"), "new00");
        const char *got = store_row_text(r, 0, "id");
        if (strncmp(got, "id", 2) == 0)
            visited[atoi(got + 2)]++;
        else
            assert_string_equal(got, "new00");
        store_result_free(r);
        if (cursor == NULL)
            break;
    }
    for (int i = 0; i < T_COUNT; i++)
        assert_int_equal(visited[i], 1);
}

static char *b64(const char *text)
{
    static char out[2048];
    sodium_bin2base64(out, sizeof(out), (const unsigned char *)text, strlen(text),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static void test_cursor_validation(void **state)
{
    struct storelib_fx *fx = *state;
    fill(fx->st);
    char longc[STORE_CURSOR_MAX_LEN + 8];
    memset(longc, 'A', sizeof(longc) - 1);
    longc[sizeof(longc) - 1] = '\0';
    char longtext[STORE_CURSOR_MAX_TEXT + 40];
    char *lt = malloc(STORE_CURSOR_MAX_TEXT + 16);
    memset(lt, 'x', STORE_CURSOR_MAX_TEXT + 1);
    lt[STORE_CURSOR_MAX_TEXT + 1] = '\0';
    snprintf(longtext, sizeof(longtext), "[1,\"%.*s\"]", STORE_CURSOR_MAX_TEXT + 1, lt);
    free(lt);
    char longtext_b64[2048];
    snprintf(longtext_b64, sizeof(longtext_b64), "%s", b64(longtext));
    const char *bad[] = {
        "zzz",                     /* not base64 of JSON */
        "!!!!",                    /* not base64 at all */
        "WzEsImlkMDEiXQ==",        /* padded: not the url-safe unpadded form */
        b64("{\"n\":1}"),          /* not an array */
        NULL,
    };
    const char *shapes[] = {"[1]", "[1,\"a\",3]", "[\"1\",\"a\"]", "[1,2]", "[1.5,\"a\"]",
                            "[1,null]", "[]", "nonsense", "[1,\"a\\u0000b\"]"};
    for (size_t i = 0; bad[i] != NULL || i < 4; i++) {
        if (bad[i] == NULL)
            continue;
        struct store_sql q;
        store_sql_init(&q, "SELECT id, n FROM t_items");
        struct store_result *r = NULL;
        char *next = NULL;
        struct store_page_req pg = {5, bad[i]};
        assert_int_equal(store_page(fx->st, &q, order_desc, 2, &pg, &r, &next),
                         VG_ERR_BAD_REQUEST);
        assert_null(r);
        assert_null(next);
        store_sql_release(&q);
    }
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        char *holder = NULL;
        struct store_param key[2];
        char enc[2048];
        snprintf(enc, sizeof(enc), "%s", b64(shapes[i]));
        assert_int_equal(store_page_cursor_decode(enc, order_desc, 2, key, &holder),
                         VG_ERR_BAD_REQUEST);
        assert_null(holder);
    }
    struct store_param key[2];
    char *holder = NULL;
    assert_int_equal(store_page_cursor_decode(longc, order_desc, 2, key, &holder), VG_ERR_BAD_REQUEST);
    assert_int_equal(store_page_cursor_decode(longtext_b64, order_desc, 2, key, &holder),
                     VG_ERR_BAD_REQUEST);
    /* A good one decodes to typed values. */
    char good[2048];
    snprintf(good, sizeof(good), "%s", b64("[7,\"id05\"]"));
    assert_int_equal(store_page_cursor_decode(good, order_desc, 2, key, &holder), VG_OK);
    assert_int_equal(key[0].type, STORE_P_INT);
    assert_int_equal(key[0].i, 7);
    assert_int_equal(key[1].type, STORE_P_TEXT);
    assert_string_equal(key[1].s, "id05");
    free(holder);
    /* Limits outside 1..200 are the caller's bug. */
    struct store_sql q;
    store_sql_init(&q, "SELECT id, n FROM t_items");
    struct store_result *r = NULL;
    char *next = NULL;
    assert_int_equal(store_page(fx->st, &q, order_desc, 2, &(struct store_page_req){0, NULL}, &r,
                                &next),
                     VG_ERR_INVALID);
    store_sql_release(&q);
}

static void test_sql_builder(void **state)
{
    struct storelib_fx *fx = *state;
    fill(fx->st);
    struct store_sql q;
    store_sql_init(&q, "SELECT id, note FROM t_items");
    store_sql_where1(&q, "grp = ?", SP_TEXT("b"));
    /* A '?' inside a literal is not a placeholder. */
    store_sql_where(&q, "COALESCE(note, '?') = '?' AND n >= ?", (struct store_param[]){SP_INT(2)},
                    1);
    store_sql_append(&q, "ORDER BY id LIMIT ?", (struct store_param[]){SP_INT(3)}, 1);
    assert_string_equal(buf_cstr(&q.sql),
                        "SELECT id, note FROM t_items WHERE (grp = $1) AND (COALESCE(note, '?') "
                        "= '?' AND n >= $2) ORDER BY id LIMIT $3");
    struct store_result *r = NULL;
    assert_int_equal(store_sql_run(fx->st, &q, &r), VG_OK);
    assert_int_equal(store_result_rows(r), 3);
    store_result_free(r);
    store_sql_release(&q);
    /* A parameter count that does not match the placeholders is refused, not run. */
    store_sql_init(&q, "SELECT id FROM t_items");
    store_sql_where(&q, "grp = ? AND n = ?", (struct store_param[]){SP_TEXT("a")}, 1);
    assert_int_equal(store_sql_run(fx->st, &q, &r), VG_ERR_INVALID);
    assert_null(r);
    store_sql_release(&q);
    /* An empty IN list adds nothing. */
    store_sql_init(&q, "SELECT id FROM t_items");
    store_sql_where_in(&q, "grp", NULL, 0);
    assert_string_equal(buf_cstr(&q.sql), "SELECT id FROM t_items");
    store_sql_release(&q);
}

/* ---- states ---------------------------------------------------------------------------- */

static void test_status_tables(void **state)
{
    (void)state;
    const char *scan_names[] = {"queued", "extracting", "scanning", "complete", "failed"};
    for (int i = 0; i < SCAN_STATUS__COUNT; i++) {
        enum scan_status s = SCAN_STATUS__COUNT;
        assert_string_equal(scan_status_name((enum scan_status)i), scan_names[i]);
        assert_true(scan_status_parse(scan_names[i], &s));
        assert_int_equal(s, i);
        assert_int_equal(scan_status_settled(s), i >= SCAN_STATUS_COMPLETE);
    }
    const char *job_names[] = {"queued", "running", "done", "failed"};
    for (int i = 0; i < JOB_STATUS__COUNT; i++) {
        enum job_status s = JOB_STATUS__COUNT;
        assert_string_equal(job_status_name((enum job_status)i), job_names[i]);
        assert_true(job_status_parse(job_names[i], &s));
        assert_int_equal(s, i);
    }
    enum scan_status s = SCAN_STATUS_QUEUED;
    assert_false(scan_status_parse("Queued", &s));
    assert_false(scan_status_parse("", &s));
    assert_false(scan_status_parse(NULL, &s));
    enum job_status j = JOB_STATUS_QUEUED;
    assert_false(job_status_parse("complete", &j));
    assert_int_equal(s, SCAN_STATUS_QUEUED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_by_name),
        cmocka_unit_test(test_tx_commit_rollback),
        cmocka_unit_test(test_tx_retry_deadlock),
        cmocka_unit_test(test_sql_builder),
        cmocka_unit_test(test_page_walks),
        cmocka_unit_test(test_page_stable_under_inserts),
        cmocka_unit_test(test_cursor_validation),
    };
    const struct CMUnitTest common[] = {cmocka_unit_test(test_status_tables)};
    int fails = cmocka_run_group_tests_name("store_states", common, NULL, NULL);
    return fails + STORELIB_RUN("store_layer", tests);
}
