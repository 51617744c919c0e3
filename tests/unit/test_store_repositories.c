/*
 * test_store_repositories.c - store/repositories.c and the scan lists of store/scans.c:
 * repository CRUD (a taken name is a conflict, events recorded), the latest scan and open
 * counts, paging newest first with the project filter, the scans of a repository with a
 * status filter and one scan's findings paged worst first, bad cursors, and another
 * user's repository, project or scan as VG_ERR_NOT_FOUND. On SQLite in memory, and
 * PostgreSQL when VEGA_TEST_PG_URL is set.
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
#include "store/repositories.h"
#include "store/scans.h"
#include "util/xalloc.h"
#include "storelib.h"
#include "dashlib.h"

struct world {
    struct store *st;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN], project[UUID_STR_LEN];
};

static void world(void **state, struct world *w)
{
    static unsigned seq;
    char email[64];
    w->st = ((struct storelib_fx *)*state)->st;
    snprintf(email, sizeof(email), "ra%u@example.com", seq);
    dash_user(w->st, email, w->alice);
    snprintf(email, sizeof(email), "rb%u@example.com", seq++);
    dash_user(w->st, email, w->bob);
    struct store_project p;
    assert_int_equal(store_project_create(w->st, w->alice, "p", NULL, &p), VG_OK);
    snprintf(w->project, sizeof(w->project), "%s", p.id);
    store_project_release(&p);
}

static size_t count_events(struct store *st, const char *repo, const char *type)
{
    struct store_param p[] = {SP_TEXT(repo), SP_TEXT(type)};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st,
                                  "SELECT id FROM repository_events WHERE repository_id = $1 "
                                  "AND kind = $2",
                                  p, 2, &r),
                     VG_OK);
    size_t n = store_result_rows(r);
    store_result_free(r);
    return n;
}

static void test_crud(void **state)
{
    struct world w;
    world(state, &w);
    struct store_actor actor = {"user", w.alice};
    struct store_repository_new n = {w.project, "acme/web", "github", "acme/web", "main"};
    struct store_repository r;
    assert_int_equal(store_repository_create(w.st, w.alice, &n, actor, &r), VG_OK);
    char id[UUID_STR_LEN];
    snprintf(id, sizeof(id), "%s", r.id);
    assert_string_equal(r.project_id, w.project);
    assert_string_equal(r.name, "acme/web");
    assert_string_equal(r.source_type, "github");
    assert_string_equal(r.github_repo_full_name, "acme/web");
    assert_string_equal(r.default_branch, "main");
    assert_true(r.created_at > 0);
    assert_string_equal(r.latest_scan.id, "");
    assert_int_equal(r.open.n[0] + r.open.n[1], 0);
    store_repository_release(&r);
    assert_int_equal(count_events(w.st, id, "repository.created"), 1);
    assert_int_equal(store_repository_create(w.st, w.alice, &n, actor, &r), VG_ERR_CONFLICT);

    assert_int_equal(store_repository_update(w.st, w.alice, id, "web", NULL, true, NULL, actor, &r),
                     VG_OK);
    assert_string_equal(r.name, "web");
    assert_null(r.default_branch);
    assert_string_equal(r.github_repo_full_name, "acme/web");
    store_repository_release(&r);
    assert_int_equal(count_events(w.st, id, "repository.updated"), 1);

    char source[16], project[UUID_STR_LEN];
    char *full = NULL;
    assert_int_equal(store_repository_source(w.st, w.alice, id, source, project, &full), VG_OK);
    assert_string_equal(source, "github");
    assert_string_equal(full, "acme/web");
    free(full);
    assert_int_equal(store_repository_get(w.st, w.alice, id, &r), VG_OK);
    store_repository_release(&r);
    assert_int_equal(store_repository_delete(w.st, NULL, w.alice, id), VG_OK);
    assert_int_equal(store_repository_get(w.st, w.alice, id, &r), VG_ERR_NOT_FOUND);
    store_repository_release(NULL);
}

static void test_ownership(void **state)
{
    struct world w;
    world(state, &w);
    char id[UUID_STR_LEN], scan[UUID_STR_LEN];
    dash_repository(w.st, w.alice, w.project, "mine", id);
    struct store_actor actor = {"user", w.bob};
    struct store_repository r;
    struct store_repository_new n = {w.project, "intruder", "zip", NULL, NULL};
    assert_int_equal(store_repository_create(w.st, w.bob, &n, actor, &r), VG_ERR_NOT_FOUND);
    assert_int_equal(store_repository_get(w.st, w.bob, id, &r), VG_ERR_NOT_FOUND);
    assert_int_equal(store_repository_update(w.st, w.bob, id, "x", NULL, false, NULL, actor, &r),
                     VG_ERR_NOT_FOUND);
    assert_int_equal(store_repository_owned(w.st, w.bob, id), VG_ERR_NOT_FOUND);
    char source[16], project[UUID_STR_LEN];
    char *full = NULL;
    assert_int_equal(store_repository_source(w.st, w.bob, id, source, project, &full),
                     VG_ERR_NOT_FOUND);
    assert_int_equal(store_repository_delete(w.st, NULL, w.bob, id), VG_ERR_NOT_FOUND);
    struct store_repository_page pg;
    assert_int_equal(
        store_repositories_page(w.st, w.bob, NULL, &(struct store_page_req){50, NULL}, &pg), VG_OK);
    assert_int_equal(pg.n, 0);
    store_repository_page_release(&pg);

    static const struct dash_finding fs[] = {{"x1", "high", "secret", "k", "a.py"}};
    dash_scan(w.st, w.alice, w.project, id, fs, 1, "70", scan);
    dash_settle(w.st, scan, true);
    struct store_scan_finding_page sf;
    assert_int_equal(
        store_scans_findings_page(w.st, w.bob, scan, &(struct store_page_req){50, NULL}, &sf),
        VG_ERR_NOT_FOUND);
    struct store_scan_page sp;
    struct store_scans_filter f = {.user_id = w.bob, .repository_id = id, .page = {50, NULL}};
    assert_int_equal(store_scans_page(w.st, &f, &sp), VG_OK);
    assert_int_equal(sp.n, 0);
    store_scan_page_release(&sp);
    assert_int_equal(store_repository_get(w.st, w.alice, id, &r), VG_OK);
    assert_string_equal(r.name, "mine");
    store_repository_release(&r);
}

static void test_paging_and_latest_scan(void **state)
{
    struct world w;
    world(state, &w);
    struct store_project p;
    assert_int_equal(store_project_create(w.st, w.alice, "other", NULL, &p), VG_OK);
    char other[UUID_STR_LEN], ids[5][UUID_STR_LEN], scan[UUID_STR_LEN];
    snprintf(other, sizeof(other), "%s", p.id);
    store_project_release(&p);
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof(name), "r%d", i);
        dash_repository(w.st, w.alice, i < 3 ? w.project : other, name, ids[i]);
    }
    size_t total = 0, pages = 0;
    char *cursor = NULL;
    do {
        struct store_repository_page pg;
        assert_int_equal(store_repositories_page(w.st, w.alice, w.project,
                                                 &(struct store_page_req){2, cursor}, &pg),
                         VG_OK);
        free(cursor);
        cursor = pg.next_cursor ? xstrdup(pg.next_cursor) : NULL;
        for (size_t i = 0; i < pg.n; i++)
            assert_string_equal(pg.items[i].project_id, w.project);
        total += pg.n;
        store_repository_page_release(&pg);
    } while (cursor != NULL && ++pages < 10);
    assert_int_equal(total, 3);
    struct store_repository_page pg;
    assert_int_equal(
        store_repositories_page(w.st, w.alice, NULL, &(struct store_page_req){50, "e30"}, &pg),
        VG_ERR_BAD_REQUEST);

    /* Two scans of r0: the latest (by creation) is the queued second one. */
    static const struct dash_finding fs[] = {{"a", "critical", "secret", "k", "a.py"},
                                             {"b", "low", "config", "c", "b.cfg"},
                                             {"c", "low", "config", "c", "c.cfg"}};
    char scan2[UUID_STR_LEN];
    dash_scan(w.st, w.alice, w.project, ids[0], fs, 3, "42.5", scan);
    dash_settle(w.st, scan, true);
    dash_scan(w.st, w.alice, w.project, ids[0], fs, 1, "90", scan2);
    struct store_repository r;
    assert_int_equal(store_repository_get(w.st, w.alice, ids[0], &r), VG_OK);
    assert_string_equal(r.latest_scan.id, scan2);
    assert_string_equal(r.latest_scan.status, "queued");
    assert_int_equal(r.latest_scan.completed_at, 0);
    assert_int_equal(r.open.n[0], 1);
    assert_int_equal(r.open.n[3], 2);
    store_repository_release(&r);

    /* The repository's scans, newest first, and the status filter. */
    static const char *const complete[] = {"complete"};
    struct store_scans_filter f = {.user_id = w.alice, .repository_id = ids[0], .page = {1, NULL}};
    struct store_scan_page sp;
    assert_int_equal(store_scans_page(w.st, &f, &sp), VG_OK);
    assert_int_equal(sp.n, 1);
    assert_non_null(sp.next_cursor);
    store_scan_page_release(&sp);
    f.status = complete;
    f.nstatus = 1;
    f.page.limit = 50;
    assert_int_equal(store_scans_page(w.st, &f, &sp), VG_OK);
    assert_int_equal(sp.n, 1);
    assert_string_equal(sp.items[0].id, scan);
    assert_string_equal(sp.items[0].repository_id, ids[0]);
    assert_true(sp.items[0].has_launch_readiness_score);
    assert_null(sp.next_cursor);
    store_scan_page_release(&sp);
    f.page.cursor = "bad";
    assert_int_equal(store_scans_page(w.st, &f, &sp), VG_ERR_BAD_REQUEST);

    /* One scan's findings, worst first, two to a page. */
    size_t n = 0;
    const char *want[] = {"critical", "low", "low"};
    cursor = NULL;
    pages = 0;
    do {
        struct store_scan_finding_page sf;
        assert_int_equal(store_scans_findings_page(w.st, w.alice, scan,
                                                   &(struct store_page_req){2, cursor}, &sf),
                         VG_OK);
        free(cursor);
        cursor = sf.next_cursor ? xstrdup(sf.next_cursor) : NULL;
        for (size_t i = 0; i < sf.n; i++)
            assert_string_equal(sf.items[i].severity, want[n + i]);
        n += sf.n;
        store_scan_finding_page_release(&sf);
    } while (cursor != NULL && ++pages < 10);
    assert_int_equal(n, 3);
    struct store_scan_finding_page sf;
    assert_int_equal(
        store_scans_findings_page(w.st, w.alice, scan, &(struct store_page_req){2, "WzBd"}, &sf),
        VG_ERR_BAD_REQUEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crud),
        cmocka_unit_test(test_ownership),
        cmocka_unit_test(test_paging_and_latest_scan),
    };
    return STORELIB_RUN("store_repositories", tests);
}
