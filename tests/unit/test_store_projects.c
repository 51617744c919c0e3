/*
 * test_store_projects.c - store/projects.c: CRUD with counts and score, another user's
 * project is VG_ERR_NOT_FOUND everywhere, paging newest first with the ?q= filter (each
 * row once, a bad cursor refused), the rollup's typed parts, and deletion with what is
 * under it. On SQLite in memory, and PostgreSQL when VEGA_TEST_PG_URL is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/projects.h"
#include "util/xalloc.h"
#include "storelib.h"
#include "dashlib.h"

static struct store *db(void **state)
{
    return ((struct storelib_fx *)*state)->st;
}

static void test_crud(void **state)
{
    struct store *st = db(state);
    char alice[UUID_STR_LEN];
    dash_user(st, "crud@example.com", alice);
    struct store_project p;
    assert_int_equal(store_project_create(st, alice, "Shop", "The shop", &p), VG_OK);
    char id[UUID_STR_LEN];
    snprintf(id, sizeof(id), "%s", p.id);
    assert_true(uuid_valid(id));
    assert_string_equal(p.name, "Shop");
    assert_string_equal(p.description, "The shop");
    assert_true(p.created_at > 0 && p.updated_at == p.created_at);
    assert_int_equal(p.repository_count, 0);
    assert_int_equal(p.latest_scan_at, 0);
    assert_false(p.has_score);
    for (size_t k = 0; k < STORE_SEVERITIES; k++)
        assert_int_equal(p.open.n[k], 0);
    store_project_release(&p);

    assert_int_equal(store_project_update(st, alice, id, "Shop 2", NULL, false, &p), VG_OK);
    assert_string_equal(p.name, "Shop 2");
    assert_string_equal(p.description, "The shop");
    store_project_release(&p);
    assert_int_equal(store_project_update(st, alice, id, NULL, NULL, true, &p), VG_OK);
    assert_string_equal(p.name, "Shop 2");
    assert_null(p.description);
    store_project_release(&p);

    assert_int_equal(store_project_get(st, alice, id, &p), VG_OK);
    assert_string_equal(p.id, id);
    store_project_release(&p);
    assert_int_equal(store_project_delete(st, NULL, alice, id), VG_OK);
    assert_int_equal(store_project_get(st, alice, id, &p), VG_ERR_NOT_FOUND);
    assert_int_equal(store_project_delete(st, NULL, alice, id), VG_ERR_NOT_FOUND);
    store_project_release(NULL);
}

static void test_ownership(void **state)
{
    struct store *st = db(state);
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN];
    dash_user(st, "own-a@example.com", alice);
    dash_user(st, "own-b@example.com", bob);
    struct store_project p;
    assert_int_equal(store_project_create(st, alice, "Private", NULL, &p), VG_OK);
    char id[UUID_STR_LEN];
    snprintf(id, sizeof(id), "%s", p.id);
    store_project_release(&p);

    assert_int_equal(store_project_get(st, bob, id, &p), VG_ERR_NOT_FOUND);
    assert_int_equal(store_project_update(st, bob, id, "Mine", NULL, false, &p), VG_ERR_NOT_FOUND);
    struct store_project_rollup r;
    assert_int_equal(store_project_rollup(st, bob, id, &r), VG_ERR_NOT_FOUND);
    assert_int_equal(store_project_delete(st, NULL, bob, id), VG_ERR_NOT_FOUND);
    struct store_project_page pg;
    assert_int_equal(store_projects_page(st, bob, NULL, &(struct store_page_req){50, NULL}, &pg),
                     VG_OK);
    assert_int_equal(pg.n, 0);
    assert_null(pg.next_cursor);
    store_project_page_release(&pg);
    /* Still alice's, unchanged. */
    assert_int_equal(store_project_get(st, alice, id, &p), VG_OK);
    assert_string_equal(p.name, "Private");
    store_project_release(&p);
}

static void test_paging(void **state)
{
    struct store *st = db(state);
    char alice[UUID_STR_LEN];
    dash_user(st, "page@example.com", alice);
    static const char *const names[] = {"Alpha one", "alpha two", "ALPHA three", "Beta",
                                        "Alpha 100%"};
    char ids[5][UUID_STR_LEN];
    for (size_t i = 0; i < 5; i++) {
        struct store_project p;
        assert_int_equal(store_project_create(st, alice, names[i], NULL, &p), VG_OK);
        snprintf(ids[i], sizeof(ids[i]), "%s", p.id);
        store_project_release(&p);
    }
    /* A limit=2 walk over ?q=alpha visits the four alphas once each, newest first. */
    bool seen[5] = {false};
    size_t pages = 0, total = 0;
    char *cursor = NULL;
    int64_t last_created = INT64_MAX;
    do {
        struct store_project_page pg;
        assert_int_equal(
            store_projects_page(st, alice, "aLpHa", &(struct store_page_req){2, cursor}, &pg),
            VG_OK);
        free(cursor);
        cursor = pg.next_cursor ? xstrdup(pg.next_cursor) : NULL;
        for (size_t i = 0; i < pg.n; i++) {
            assert_true(pg.items[i].created_at <= last_created);
            last_created = pg.items[i].created_at;
            for (size_t k = 0; k < 5; k++) {
                if (strcmp(pg.items[i].id, ids[k]) == 0) {
                    assert_false(seen[k]);
                    seen[k] = true;
                }
            }
        }
        total += pg.n;
        pages++;
        store_project_page_release(&pg);
    } while (cursor != NULL && pages < 10);
    assert_int_equal(total, 4);
    assert_true(seen[0] && seen[1] && seen[2] && !seen[3] && seen[4]);
    /* LIKE's wildcards are literal in ?q=. */
    struct store_project_page pg;
    assert_int_equal(store_projects_page(st, alice, "0%", &(struct store_page_req){50, NULL}, &pg),
                     VG_OK);
    assert_int_equal(pg.n, 1);
    assert_string_equal(pg.items[0].id, ids[4]);
    store_project_page_release(&pg);
    assert_int_equal(
        store_projects_page(st, alice, NULL, &(struct store_page_req){2, "not-a-cursor"}, &pg),
        VG_ERR_BAD_REQUEST);
    assert_null(pg.items);
    assert_int_equal(
        store_projects_page(st, alice, NULL, &(struct store_page_req){2, "WyJ4Il0"}, &pg),
        VG_ERR_BAD_REQUEST);
}

static void test_counts_and_rollup(void **state)
{
    struct store *st = db(state);
    char alice[UUID_STR_LEN], repo1[UUID_STR_LEN], repo2[UUID_STR_LEN], scan[UUID_STR_LEN];
    dash_user(st, "roll@example.com", alice);
    struct store_project p;
    assert_int_equal(store_project_create(st, alice, "Rolled", NULL, &p), VG_OK);
    char id[UUID_STR_LEN];
    snprintf(id, sizeof(id), "%s", p.id);
    store_project_release(&p);
    dash_repository(st, alice, id, "api", repo1);
    dash_repository(st, alice, id, "web", repo2);
    static const struct dash_finding a[] = {{"fp-a1", "critical", "secret", "aws-key", "src/a.py"},
                                            {"fp-a2", "high", "secret", "stripe-key", "src/b.py"},
                                            {"fp-a3", "high", "injection", "sql", "src/c.py"}};
    static const struct dash_finding b[] = {{"fp-b1", "low", "config", "debug", "app.cfg"}};
    dash_scan(st, alice, id, repo1, a, 3, "61.5", scan);
    dash_settle(st, scan, true);
    dash_scan(st, alice, id, repo2, b, 1, "88", scan);
    dash_settle(st, scan, true);

    assert_int_equal(store_project_get(st, alice, id, &p), VG_OK);
    assert_int_equal(p.repository_count, 2);
    assert_true(p.latest_scan_at > 0);
    assert_true(p.has_score);
    assert_true(p.launch_readiness_score > 61.4 && p.launch_readiness_score < 61.6);
    static const int64_t want[STORE_SEVERITIES] = {1, 2, 0, 1, 0};
    for (size_t k = 0; k < STORE_SEVERITIES; k++)
        assert_int_equal(p.open.n[k], want[k]);
    store_project_release(&p);

    struct store_project_rollup r;
    assert_int_equal(store_project_rollup(st, alice, id, &r), VG_OK);
    assert_string_equal(r.project.id, id);
    assert_int_equal(r.ncategories, 3);
    assert_string_equal(r.categories[0].category, "config");
    assert_string_equal(r.categories[1].category, "injection");
    assert_string_equal(r.categories[2].category, "secret");
    assert_int_equal(r.categories[2].n, 2);
    assert_int_equal(r.ignored + r.false_positive + r.fixed_last_30_days, 0);
    /* Oldest first; both were made in the same second here, so the id decides. */
    assert_int_equal(r.nrepositories, 2);
    size_t api = strcmp(r.repositories[0].id, repo1) == 0 ? 0 : 1;
    assert_string_equal(r.repositories[api].id, repo1);
    assert_string_equal(r.repositories[api].name, "api");
    assert_true(uuid_valid(r.repositories[api].latest_scan_id));
    assert_int_equal(r.repositories[api].open.n[1], 2);
    assert_int_equal(r.repositories[1 - api].open.n[3], 1);
    assert_int_equal(r.ntrend, 2);
    assert_true(r.trend[0].has_open_findings && r.trend[1].has_open_findings);
    assert_true(r.trend[0].completed_at <= r.trend[1].completed_at);
    assert_int_equal(r.ntop_risks, 4);
    assert_string_equal(r.top_risks[0].f.severity, "critical");
    assert_string_equal(r.top_risks[0].f.fingerprint, "fp-a1");
    assert_string_equal(r.top_risks[3].f.severity, "low");
    store_project_rollup_release(&r);
    store_project_rollup_release(NULL);

    /* Deleting the project takes its repositories (and their findings) with it. */
    assert_int_equal(store_project_delete(st, NULL, alice, id), VG_OK);
    assert_int_equal(store_repository_owned(st, alice, repo1), VG_ERR_NOT_FOUND);
    struct store_result *res = NULL;
    struct store_param pr[] = {SP_TEXT(repo1)};
    assert_int_equal(store_query1(st,
                                  "SELECT COUNT(*) AS n FROM repository_findings WHERE "
                                  "repository_id = $1",
                                  pr, 1, &res),
                     VG_OK);
    assert_string_equal(store_result_get(res, 0, 0), "0");
    store_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crud),
        cmocka_unit_test(test_ownership),
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_counts_and_rollup),
    };
    return STORELIB_RUN("store_projects", tests);
}
