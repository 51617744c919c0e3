/*
 * test_store_findings.c - store/findings.c's typed reads: a repository's findings paged
 * worst first under every filter (status, severity - one rank and several -, category,
 * rule, path prefix; each row once; a bad cursor refused), one finding with its history,
 * triage (the row, the counts and the event; a fixed finding is a conflict), the open
 * counts per repository, and another user's repository or finding as VG_ERR_NOT_FOUND.
 * On SQLite in memory, and PostgreSQL when VEGA_TEST_PG_URL is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/findings.h"
#include "store/projects.h"
#include "util/xalloc.h"
#include "storelib.h"
#include "dashlib.h"

/* Ten findings: severities cycle critical..info, categories secret / config, two rules,
 * paths under src/ and lib/. */
static const struct dash_finding findings10[] = {
    {"f0", "critical", "secret", "aws", "src/a0.py"},
    {"f1", "high", "config", "debug", "lib/a1.py"},
    {"f2", "medium", "secret", "aws", "src/a2.py"},
    {"f3", "low", "config", "debug", "lib/a3.py"},
    {"f4", "info", "secret", "aws", "src/a4.py"},
    {"f5", "critical", "config", "debug", "lib/a5.py"},
    {"f6", "high", "secret", "aws", "src/a6.py"},
    {"f7", "medium", "config", "debug", "lib/a7.py"},
    {"f8", "low", "secret", "aws", "src/a8.py"},
    {"f9", "info", "config", "debug", "lib/a9.py"},
};

struct world {
    struct store *st;
    char alice[UUID_STR_LEN], bob[UUID_STR_LEN];
    char project[UUID_STR_LEN], repo[UUID_STR_LEN], scan[UUID_STR_LEN];
};

/* alice's project with one repository whose one complete scan shows findings10. */
static void world(void **state, struct world *w)
{
    static unsigned seq;
    char email[64];
    w->st = ((struct storelib_fx *)*state)->st;
    snprintf(email, sizeof(email), "fa%u@example.com", seq);
    dash_user(w->st, email, w->alice);
    snprintf(email, sizeof(email), "fb%u@example.com", seq++);
    dash_user(w->st, email, w->bob);
    struct store_project p;
    assert_int_equal(store_project_create(w->st, w->alice, "p", NULL, &p), VG_OK);
    snprintf(w->project, sizeof(w->project), "%s", p.id);
    store_project_release(&p);
    dash_repository(w->st, w->alice, w->project, "r", w->repo);
    dash_scan(w->st, w->alice, w->project, w->repo, findings10, 10, "50", w->scan);
    dash_settle(w->st, w->scan, true);
}

/* Walk the filtered list with limit 3: the number of rows, each seen once, worst first. */
static size_t walk(struct world *w, struct store_findings_filter f)
{
    f.user_id = w->alice;
    f.repository_id = w->repo;
    f.page.limit = 3;
    char seen[10] = {0};
    size_t n = 0, pages = 0;
    char *cursor = NULL;
    int last_rank = -1;
    do {
        f.page.cursor = cursor;
        struct store_repo_finding_page pg;
        assert_int_equal(store_repo_findings_page(w->st, &f, &pg), VG_OK);
        free(cursor);
        cursor = pg.next_cursor ? xstrdup(pg.next_cursor) : NULL;
        for (size_t i = 0; i < pg.n; i++) {
            const struct store_repo_finding *rf = &pg.items[i];
            int k = rf->f.fingerprint[1] - '0';
            assert_int_equal(seen[k], 0);
            seen[k] = 1;
            int rank = 0;
            while (strcmp(store_severities[rank], rf->f.severity) != 0)
                rank++;
            assert_true(rank >= last_rank);
            last_rank = rank;
            assert_string_equal(rf->repository_id, w->repo);
            assert_string_equal(rf->first_seen_scan_id, w->scan);
            assert_int_equal(rf->f.line_start, 3);
            assert_int_equal(rf->f.line_end, 4);
        }
        n += pg.n;
        store_repo_finding_page_release(&pg);
    } while (cursor != NULL && ++pages < 20);
    return n;
}

static void test_page_filters(void **state)
{
    struct world w;
    world(state, &w);
    static const char *const open[] = {"open"}, *const fixed[] = {"fixed"};
    static const char *const high[] = {"high"}, *const crit_low[] = {"critical", "low"};
    static const char *const secret[] = {"secret"}, *const debug[] = {"debug"};
    assert_int_equal(walk(&w, (struct store_findings_filter){0}), 10);
    assert_int_equal(walk(&w, (struct store_findings_filter){.status = open, .nstatus = 1}), 10);
    assert_int_equal(walk(&w, (struct store_findings_filter){.status = fixed, .nstatus = 1}), 0);
    assert_int_equal(walk(&w, (struct store_findings_filter){.severity = high, .nseverity = 1}), 2);
    assert_int_equal(walk(&w, (struct store_findings_filter){.severity = crit_low, .nseverity = 2}),
                     4);
    assert_int_equal(walk(&w, (struct store_findings_filter){.category = secret, .ncategory = 1}),
                     5);
    assert_int_equal(walk(&w, (struct store_findings_filter){.rule_id = debug, .nrule_id = 1}), 5);
    assert_int_equal(walk(&w, (struct store_findings_filter){.path_prefix = "src/a"}), 5);
    assert_int_equal(walk(&w, (struct store_findings_filter){.path_prefix = "src/a0"}), 1);
    assert_int_equal(walk(&w, (struct store_findings_filter){.path_prefix = "src/%"}), 0);

    struct store_repo_finding_page pg;
    struct store_findings_filter f = {.user_id = w.alice, .repository_id = w.repo};
    f.page = (struct store_page_req){3, "WzEsMl0"}; /* [1,2]: the id must be text */
    assert_int_equal(store_repo_findings_page(w.st, &f, &pg), VG_ERR_BAD_REQUEST);
    assert_null(pg.items);
    f.page = (struct store_page_req){3, NULL};
    f.user_id = w.bob;
    assert_int_equal(store_repo_findings_page(w.st, &f, &pg), VG_ERR_NOT_FOUND);
    f.user_id = w.alice;
    char missing[UUID_STR_LEN];
    rand_uuid(missing);
    f.repository_id = missing;
    assert_int_equal(store_repo_findings_page(w.st, &f, &pg), VG_ERR_NOT_FOUND);
}

/* The id of the finding with fingerprint fp. */
static void finding_id(struct world *w, const char *fp, char id[UUID_STR_LEN])
{
    struct store_param p[] = {SP_TEXT(w->repo), SP_TEXT(fp)};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(w->st,
                                  "SELECT id FROM repository_findings WHERE repository_id = $1 "
                                  "AND fingerprint = $2",
                                  p, 2, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 1);
    snprintf(id, UUID_STR_LEN, "%s", store_result_get(r, 0, 0));
    store_result_free(r);
}

/* An item with an id and open counts, as store_open_counts_fill fills. */
struct counted {
    char id[UUID_STR_LEN];
    struct store_severity_counts open;
};

static void test_get_triage_history(void **state)
{
    struct world w;
    world(state, &w);
    char id[UUID_STR_LEN];
    finding_id(&w, "f1", id);
    struct store_repo_finding_detail d;
    assert_int_equal(store_repo_finding_get(w.st, w.alice, w.repo, id, &d), VG_OK);
    assert_string_equal(d.finding.f.id, id);
    assert_string_equal(d.finding.status, "open");
    assert_null(d.finding.status_reason);
    assert_int_equal(d.finding.fixed_at, 0);
    assert_string_equal(d.finding.f.rule_id, "debug");
    assert_int_equal(d.history.n, 1);
    assert_string_equal(d.history.items[0].type, "finding.new");
    assert_string_equal(d.history.items[0].scan_id, w.scan);
    assert_string_equal(d.history.items[0].actor_type, "system");
    store_repo_finding_detail_release(&d);

    struct store_actor actor = {"user", w.alice};
    assert_int_equal(
        store_repo_finding_triage(w.st, w.alice, w.repo, id, "ignored", "test data", actor, &d),
        VG_OK);
    assert_string_equal(d.finding.status, "ignored");
    assert_string_equal(d.finding.status_reason, "test data");
    assert_int_equal(d.history.n, 2);
    assert_string_equal(d.history.items[1].type, "finding.triaged");
    assert_string_equal(d.history.items[1].actor_id, w.alice);
    assert_non_null(strstr(d.history.items[1].detail, "\"to_status\":\"ignored\""));
    store_repo_finding_detail_release(&d);

    /* The counts moved: one high open finding fewer. */
    struct counted item;
    snprintf(item.id, sizeof(item.id), "%s", w.repo);
    assert_int_equal(store_open_counts_fill(w.st, false, w.alice, &item, 1, sizeof(item),
                                            offsetof(struct counted, id),
                                            offsetof(struct counted, open)),
                     VG_OK);
    static const int64_t want[STORE_SEVERITIES] = {2, 1, 2, 2, 2};
    for (size_t k = 0; k < STORE_SEVERITIES; k++)
        assert_int_equal(item.open.n[k], want[k]);

    /* Another user: not found, nothing changed. */
    assert_int_equal(store_repo_finding_get(w.st, w.bob, w.repo, id, &d), VG_ERR_NOT_FOUND);
    assert_int_equal(store_repo_finding_triage(w.st, w.bob, w.repo, id, "open", NULL,
                                               (struct store_actor){"user", w.bob}, &d),
                     VG_ERR_NOT_FOUND);
    assert_int_equal(store_open_counts_fill(w.st, false, w.bob, &item, 1, sizeof(item),
                                            offsetof(struct counted, id),
                                            offsetof(struct counted, open)),
                     VG_OK);
    assert_int_equal(item.open.n[0], 0);

    /* A scan without f0..f4 fixes them; a fixed finding cannot be triaged. */
    char scan2[UUID_STR_LEN], f0[UUID_STR_LEN];
    dash_scan(w.st, w.alice, w.project, w.repo, findings10 + 5, 5, "60", scan2);
    dash_settle(w.st, scan2, true);
    finding_id(&w, "f0", f0);
    assert_int_equal(
        store_repo_finding_triage(w.st, w.alice, w.repo, f0, "ignored", "x", actor, &d),
        VG_ERR_CONFLICT);
    assert_int_equal(store_repo_finding_get(w.st, w.alice, w.repo, f0, &d), VG_OK);
    assert_string_equal(d.finding.status, "fixed");
    assert_true(d.finding.fixed_at > 0);
    assert_string_equal(d.finding.last_seen_scan_id, w.scan);
    assert_string_equal(d.history.items[d.history.n - 1].type, "finding.fixed");
    store_repo_finding_detail_release(&d);
    /* The triaged f1 is gone from scan2 too: fixed, its reason cleared. */
    assert_int_equal(store_repo_finding_get(w.st, w.alice, w.repo, id, &d), VG_OK);
    assert_string_equal(d.finding.status, "fixed");
    assert_null(d.finding.status_reason);
    store_repo_finding_detail_release(&d);
    store_repo_finding_detail_release(NULL);
}

static int64_t count(struct store *st, const char *sql, const char *id)
{
    struct store_param p[] = {SP_TEXT(id)};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, sql, p, 1, &r), VG_OK);
    int64_t n = store_result_int(r, 0, 0, -1);
    store_result_free(r);
    return n;
}

/* A repository's findings go with their repository, project and user (through the
 * repository's foreign keys: the findings' own user and project columns hold none). */
static void test_deletion_cascades(void **state)
{
    struct world w;
    world(state, &w);
    static const char rf_of_user[] = "SELECT COUNT(*) FROM repository_findings WHERE user_id = $1";
    assert_int_equal(count(w.st, rf_of_user, w.alice), 10);
    char repo2[UUID_STR_LEN], scan2[UUID_STR_LEN];
    dash_repository(w.st, w.alice, w.project, "second", repo2);
    dash_scan(w.st, w.alice, w.project, repo2, findings10, 4, "10", scan2);
    dash_settle(w.st, scan2, true);
    assert_int_equal(count(w.st, rf_of_user, w.alice), 14);
    assert_int_equal(store_repository_delete(w.st, NULL, w.alice, repo2), VG_OK);
    assert_int_equal(count(w.st, rf_of_user, w.alice), 10);
    struct store_param p[] = {SP_TEXT(w.alice)};
    dash_exec(w.st, "DELETE FROM users WHERE id = $1", p, 1);
    assert_int_equal(count(w.st, rf_of_user, w.alice), 0);
    assert_int_equal(
        count(w.st, "SELECT COUNT(*) FROM repository_events WHERE repository_id = $1", w.repo),
        0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_filters),
        cmocka_unit_test(test_get_triage_history),
        cmocka_unit_test(test_deletion_cascades),
    };
    return STORELIB_RUN("store_findings", tests);
}
