/*
 * test_lifecycle.c - the findings lifecycle of store/findings.c on an in-memory SQLite
 * database (and PostgreSQL when VEGA_TEST_PG_URL is set): new / fixed / reopened, triage that persists, one application per complete
 * scan in creation order (an older scan settling after a newer one, a second settling of
 * the same scan and a failed scan change nothing), usage rows written once, and the
 * per-repository counters equal to a count of the findings after every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/findings.h"
#include "store/repositories.h"
#include "store/scans.h"
#include "store/store.h"
#include "storelib.h"

#define USER "00000000-0000-4000-8000-000000000001"
#define PROJECT "00000000-0000-4000-8000-000000000002"
#define REPO "00000000-0000-4000-8000-000000000003"

static struct store *st;

static void exec(const char *sql, const struct store_param *p, size_t n)
{
    assert_int_equal(store_query1(st, sql, p, n, NULL), VG_OK);
}

static int64_t count(const char *sql)
{
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, sql, NULL, 0, &r), VG_OK);
    int64_t n = store_result_int(r, 0, 0, -1);
    store_result_free(r);
    return n;
}

static int seed(void)
{
    exec("INSERT INTO users (id, email, password_hash, created_at, updated_at) VALUES "
         "('" USER "', 'l@example.com', 'x', 0, 0)", NULL, 0);
    exec("INSERT INTO projects (id, user_id, name, created_at, updated_at) VALUES "
         "('" PROJECT "', '" USER "', 'p', 0, 0)", NULL, 0);
    exec("INSERT INTO repositories (id, user_id, project_id, name, source_type, created_at, "
         "updated_at) VALUES ('" REPO "', '" USER "', '" PROJECT "', 'r', 'zip', 0, 0)", NULL, 0);
    return 0;
}

static int setup_sqlite(void **state)
{
    if (storelib_sqlite_setup(state) != 0)
        return -1;
    st = ((struct storelib_fx *)*state)->st;
    return seed();
}

static int setup_pg(void **state)
{
    if (storelib_pg_setup(state) != 0)
        return -1;
    st = ((struct storelib_fx *)*state)->st;
    return seed();
}

/* A new queued scan of REPO whose findings have the given fingerprints (NULL terminated). */
static void new_scan(char id[UUID_STR_LEN], const char *const *fps)
{
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id)};
    exec("INSERT INTO scans (id, user_id, project_id, source_type, status, included_bytes, "
         "included_files, created_at) VALUES ($1, '" USER "', '" PROJECT "', 'zip', 'queued', "
         "100, 2, 0)", p, 1);
    assert_int_equal(store_repository_attach_scan(st, REPO, id, STORE_ACTOR_SYSTEM), VG_OK);
    for (size_t i = 0; fps[i]; i++) {
        char fid[UUID_STR_LEN], path[32];
        rand_uuid(fid);
        snprintf(path, sizeof(path), "f%zu.py", i);
        struct store_param pf[] = {SP_TEXT(fid), SP_TEXT(id), SP_TEXT(fps[i]), SP_TEXT(path)};
        exec("INSERT INTO findings (id, scan_id, fingerprint, rule_id, severity, category, "
             "title, description, file_path, line_start, line_end, confidence, created_at) "
             "VALUES ($1, $2, $3, 'rule', 'high', 'secret', 't', 'd', $4, 1, 1, 'high', 0)",
             pf, 4);
    }
}

/* Settle a scan as the worker does: status and lifecycle in one transaction. */
static void settle(const char *id, bool ok)
{
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(st, &c), VG_OK);
    assert_int_equal(store_begin(c), VG_OK);
    struct store_param p[] = {SP_TEXT(ok ? "complete" : "failed"), SP_TEXT(id)};
    assert_int_equal(store_query(c, "UPDATE scans SET status = $1, completed_at = 1 WHERE id = $2",
                                 p, 2, NULL),
                     VG_OK);
    assert_int_equal(store_scan_settled(c, id, ok), VG_OK);
    assert_int_equal(store_commit(c), VG_OK);
    store_release(c);
}

static const char *status_of(const char *fp)
{
    static char out[32];
    struct store_param p[] = {SP_TEXT(fp)};
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, "SELECT status FROM repository_findings WHERE "
                                      "fingerprint = $1", p, 1, &r),
                     VG_OK);
    snprintf(out, sizeof(out), "%s", store_result_rows(r) ? store_result_get(r, 0, 0) : "none");
    store_result_free(r);
    return out;
}

static int64_t events(const char *kind)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM repository_events WHERE kind = '%s'", kind);
    return count(sql);
}

/* The counters (repository_finding_counts) say what counting the findings says. */
static void assert_counters(void)
{
    static const char *const checks[] = {
        "SELECT COUNT(*) FROM (SELECT repository_id, status, severity, category, COUNT(*) "
        "FROM repository_findings GROUP BY repository_id, status, severity, category EXCEPT "
        "SELECT repository_id, status, severity, category, n FROM repository_finding_counts "
        "WHERE n > 0) d",
        "SELECT COUNT(*) FROM (SELECT repository_id, status, severity, category, n FROM "
        "repository_finding_counts WHERE n > 0 EXCEPT SELECT repository_id, status, severity, "
        "category, COUNT(*) FROM repository_findings GROUP BY repository_id, status, severity, "
        "category) d",
    };
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(count(checks[i]), 0);
}

static void test_lifecycle(void **state)
{
    (void)state;
    char s1[UUID_STR_LEN], s2[UUID_STR_LEN], s3[UUID_STR_LEN], s4[UUID_STR_LEN],
        s5[UUID_STR_LEN], s6[UUID_STR_LEN];
    new_scan(s1, (const char *const[]){"A", "B", NULL});
    settle(s1, true);
    assert_counters();
    assert_string_equal(status_of("A"), "open");
    assert_string_equal(status_of("B"), "open");
    assert_int_equal(events("finding.new"), 2);

    new_scan(s2, (const char *const[]){"A", "C", "C", NULL}); /* C at two places: one row */
    settle(s2, true);
    assert_counters();
    assert_string_equal(status_of("B"), "fixed");
    assert_string_equal(status_of("C"), "open");
    assert_int_equal(count("SELECT COUNT(*) FROM repository_findings"), 3);
    assert_int_equal(events("finding.new"), 3);
    assert_int_equal(events("finding.fixed"), 1);

    /* The same scan settled again (a job that ran twice): nothing changes. */
    settle(s2, true);
    assert_int_equal(events("finding.new"), 3);
    assert_int_equal(events("finding.fixed"), 1);
    assert_int_equal(count("SELECT COUNT(*) FROM usage_events WHERE kind = 'scan'"), 2);

    /* Triage persists while seen; gone -> fixed. */
    exec("UPDATE repository_findings SET status = 'false_positive' WHERE fingerprint = 'A'", NULL,
         0);
    /* s3 is created before s4 but settles after it: it changes nothing. */
    new_scan(s3, (const char *const[]){"A", "B", "C", "D", NULL});
    new_scan(s4, (const char *const[]){"A", "C", NULL});
    settle(s4, true);
    assert_string_equal(status_of("A"), "false_positive");
    settle(s3, true);
    assert_counters();
    assert_string_equal(status_of("B"), "fixed");
    assert_string_equal(status_of("D"), "none");
    assert_int_equal(events("finding.reopened"), 0);

    /* A failed scan changes nothing and bills nothing. */
    new_scan(s5, (const char *const[]){NULL});
    settle(s5, false);
    assert_string_equal(status_of("A"), "false_positive");
    assert_string_equal(status_of("C"), "open");
    assert_int_equal(events("scan.failed"), 1);
    assert_int_equal(count("SELECT COUNT(*) FROM usage_events WHERE subject_id IS NOT NULL AND "
                           "kind = 'scan'"),
                     4);

    /* B comes back: reopened; A gone: a false positive becomes fixed. */
    new_scan(s6, (const char *const[]){"B", "C", NULL});
    settle(s6, true);
    assert_counters();
    assert_string_equal(status_of("B"), "open");
    assert_string_equal(status_of("A"), "fixed");
    assert_int_equal(events("finding.reopened"), 1);
    assert_int_equal(count("SELECT COUNT(*) FROM repository_events WHERE kind = 'finding.fixed' "
                           "AND detail LIKE '%false_positive%'"),
                     1);
    assert_int_equal(count("SELECT open_findings FROM scans WHERE repo_seq = 6"), 2);

    /* A triage moves one count, in its own transaction. */
    char id[UUID_STR_LEN];
    struct store_result *r = NULL;
    assert_int_equal(store_query1(st, "SELECT id FROM repository_findings WHERE fingerprint = 'C'",
                                  NULL, 0, &r),
                     VG_OK);
    snprintf(id, sizeof(id), "%s", store_result_get(r, 0, 0));
    store_result_free(r);
    struct store_repo_finding_detail out;
    assert_int_equal(store_repo_finding_triage(st, USER, REPO, id, "ignored", "test data",
                                               STORE_ACTOR_SYSTEM, &out),
                     VG_OK);
    store_repo_finding_detail_release(&out);
    assert_counters();
    assert_int_equal(count("SELECT SUM(n) FROM repository_finding_counts WHERE status = "
                           "'ignored'"),
                     1);
    assert_int_equal(count("SELECT SUM(n) FROM repository_finding_counts WHERE status = 'open'"),
                     1);
}

/* A finding of a history scan keeps its commit through the lifecycle into the API's JSON;
 * other findings have null introduced_commit and in_head. */
static void test_git_origin(void **state)
{
    (void)state;
    char s[UUID_STR_LEN];
    new_scan(s, (const char *const[]){NULL});
    const char sha[] = "0123456789abcdef0123456789abcdef01234567";
    struct store_scan_finding_new f[2] = {
        {.fingerprint = "G1", .rule_id = "r", .severity = "critical", .category = "secret",
         .title = "t", .description = "d", .file_path = "a.js", .confidence = "high",
         .line_start = 3, .line_end = 3, .introduced_sha = sha, .introduced_author = "Ann",
         .introduced_at = 1700000000, .in_head = false},
        {.fingerprint = "G2", .rule_id = "r", .severity = "low", .category = "config",
         .title = "t", .description = "d", .file_path = "b.js", .confidence = "high",
         .line_start = 1, .line_end = 1},
    };
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(st, &c), VG_OK);
    assert_int_equal(store_scans_findings_replace(c, s, f, 2, 0), VG_OK);
    store_release(c);
    settle(s, true);
    struct store_findings_filter flt = {.user_id = USER, .repository_id = REPO};
    flt.page.limit = 50;
    struct store_repo_finding_page page;
    assert_int_equal(store_repo_findings_page(st, &flt, &page), VG_OK);
    size_t seen = 0;
    for (size_t i = 0; i < page.n; i++) {
        const struct store_scan_finding *it = &page.items[i].f;
        if (strcmp(it->fingerprint, "G1") == 0) {
            assert_string_equal(it->introduced_sha, sha);
            assert_string_equal(it->introduced_author, "Ann");
            assert_int_equal(it->introduced_at, 1700000000);
            assert_false(it->in_head);
            seen++;
        } else if (strcmp(it->fingerprint, "G2") == 0) {
            assert_null(it->introduced_sha);
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    store_repo_finding_page_release(&page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_lifecycle),
                                       cmocka_unit_test(test_git_origin)};
    int failed = cmocka_run_group_tests_name("lifecycle_sqlite", tests, setup_sqlite,
                                             storelib_teardown);
    if (storelib_pg_url() != NULL)
        failed += cmocka_run_group_tests_name("lifecycle_pg", tests, setup_pg, storelib_teardown);
    return failed;
}
