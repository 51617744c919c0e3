/*
 * dashboard_seed.c - data and lifecycle timings for bench/dashboard.py (`make bench`).
 *
 *   dashboard_seed seed URL EMAIL   migrate, then give EMAIL's account a project "bench" with
 *                                   50 repositories; the first holds 100,000 open findings
 *                                   over 50 complete scans (2,000 new fingerprints each,
 *                                   30% high), the others 100 each. Prints
 *                                   {"project_id":..., "repository_id":...}.
 *   dashboard_seed apply URL EMAIL  time store_scan_settled (the findings lifecycle) for a
 *                                   10,000-finding scan: onto a new repository (10,000 new),
 *                                   and onto the big repository (10,000 seen, 90,000 fixed).
 *                                   Prints {"apply_new_ms":..., "apply_big_ms":...}.
 * The rows are generated in SQL (recursive CTEs), so seeding takes seconds on either database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/findings.h"
#include "store/repositories.h"
#include "store/store.h"
#include "util/rand.h"
#include "util/timeutil.h"

#define SCANS 50
#define PER_SCAN 2000
#define REPOS 50
#define SMALL 100
#define APPLY 10000

static struct store *st;

static void die(const char *what)
{
    fprintf(stderr, "dashboard_seed: %s failed\n", what);
    exit(1);
}

static void q(const char *sql, const struct store_param *p, size_t n)
{
    if (store_query1(st, sql, p, n, NULL) != VG_OK)
        die(sql);
}

static void user_id(const char *email, char out[UUID_STR_LEN])
{
    struct store_param p[] = {SP_TEXT(email)};
    struct store_result *r = NULL;
    if (store_query1(st, "SELECT id FROM users WHERE email = $1", p, 1, &r) != VG_OK ||
        store_result_rows(r) != 1)
        die("finding the user (create it with `vega user add` first)");
    snprintf(out, UUID_STR_LEN, "%s", store_result_get(r, 0, 0));
    store_result_free(r);
}

/* A complete scan of repo with n findings whose fingerprints are fp_expr over i (0..n-1). */
static void scan_with_findings(const char *user, const char *project, const char *repo,
                               const char *fp_expr, int64_t n, char scan[UUID_STR_LEN],
                               bool complete)
{
    rand_uuid(scan);
    struct store_param p[] = {SP_TEXT(scan), SP_TEXT(user), SP_TEXT(project),
                              SP_TEXT(complete ? "complete" : "scanning"),
                              SP_INT(time_now())};
    q("INSERT INTO scans (id, user_id, project_id, source_type, status, launch_readiness_score, "
      "included_files, included_bytes, created_at, completed_at) VALUES ($1,$2,$3,'zip',$4, "
      "42.5, 10, 1000, $5, $5)",
      p, 5);
    if (store_repository_attach_scan(st, repo, scan, STORE_ACTOR_SYSTEM) != VG_OK)
        die("attach");
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $2 - 1) "
             "INSERT INTO findings (id, scan_id, repository_id, fingerprint, rule_id, severity, "
             "category, title, description, file_path, line_start, line_end, masked_evidence, "
             "confidence, created_at) SELECT CAST(gen_random_uuid() AS TEXT), $1, $3, %s, "
             "'bench-rule', CASE WHEN i %% 10 = 0 THEN 'critical' WHEN i %% 10 < 4 THEN 'high' "
             "WHEN i %% 10 < 7 THEN 'medium' WHEN i %% 10 < 9 THEN 'low' ELSE 'info' END, "
             "'secret', 'Bench finding', 'A generated finding.', 'src/f' || CAST(i AS TEXT) || "
             "'.py', 1, 1, 'sk_live_****', 'high', 0 FROM n",
             fp_expr);
    struct store_param pf[] = {SP_TEXT(scan), SP_INT(n), SP_TEXT(repo)};
    q(sql, pf, 3);
}

static void repository(const char *user, const char *project, int k, char id[UUID_STR_LEN])
{
    rand_uuid(id);
    char name[32];
    snprintf(name, sizeof(name), "repo-%02d", k);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user), SP_TEXT(project), SP_TEXT(name),
                              SP_INT(time_now() + k)};
    q("INSERT INTO repositories (id, user_id, project_id, name, source_type, created_at, "
      "updated_at) VALUES ($1,$2,$3,$4,'zip',$5,$5)",
      p, 5);
}

/* The repository_findings of a seeded scan, all open (what 50 lifecycle runs that saw every
 * earlier fingerprint again would leave). */
static void open_rows(const char *user, const char *project, const char *repo, const char *scan)
{
    struct store_param p[] = {SP_TEXT(scan), SP_TEXT(user), SP_TEXT(project), SP_TEXT(repo),
                              SP_INT(time_now())};
    q("INSERT INTO repository_findings (id, user_id, project_id, repository_id, fingerprint, "
      "rule_id, severity, severity_rank, category, title, description, file_path, line_start, "
      "line_end, masked_evidence, confidence, status, first_seen_scan_id, first_seen_at, "
      "last_seen_scan_id, last_seen_at, updated_at) SELECT id, $2, $3, $4, fingerprint, rule_id, "
      "severity, CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
      "WHEN 'low' THEN 3 ELSE 4 END, category, title, description, file_path, line_start, "
      "line_end, masked_evidence, confidence, 'open', $1, $5, $1, $5, $5 FROM findings WHERE "
      "scan_id = $1",
      p, 5);
    struct store_param pr[] = {SP_TEXT(repo), SP_TEXT(scan)};
    q("UPDATE repositories SET lifecycle_seq = scan_seq, latest_complete_scan_id = $2 WHERE "
      "id = $1",
      pr, 2);
}

static void seed(const char *email)
{
    char user[UUID_STR_LEN], project[UUID_STR_LEN], big[UUID_STR_LEN], scan[UUID_STR_LEN];
    user_id(email, user);
    rand_uuid(project);
    struct store_param p[] = {SP_TEXT(project), SP_TEXT(user), SP_INT(time_now())};
    q("INSERT INTO projects (id, user_id, name, created_at, updated_at) VALUES ($1,$2,'bench',"
      "$3,$3)",
      p, 3);
    repository(user, project, 0, big);
    for (int k = 1; k <= SCANS; k++) {
        char fp[96];
        snprintf(fp, sizeof(fp), "'fp%d-' || CAST(i AS TEXT)", k);
        scan_with_findings(user, project, big, fp, PER_SCAN, scan, true);
        open_rows(user, project, big, scan);
    }
    for (int k = 1; k < REPOS; k++) {
        char repo[UUID_STR_LEN];
        repository(user, project, k, repo);
        scan_with_findings(user, project, repo, "'small-' || CAST(i AS TEXT)", SMALL, scan, true);
        open_rows(user, project, repo, scan);
    }
    /* Planner statistics and (PostgreSQL) a vacuumed heap, as autovacuum leaves a database
     * that built this over 50 scans: rows bulk-written a moment ago otherwise make the
     * apply pay for setting their hint bits. */
    q(store_kind(st) == STORE_POSTGRES ? "VACUUM ANALYZE" : "ANALYZE", NULL, 0);
    printf("{\"project_id\":\"%s\",\"repository_id\":\"%s\"}\n", project, big);
}

static double settle_ms(const char *scan)
{
    struct store_conn *c = NULL;
    double t0 = time_mono_ms();
    struct store_param p[] = {SP_TEXT(scan)};
    if (store_acquire(st, &c) != VG_OK || store_begin(c) != VG_OK ||
        store_query(c, "UPDATE scans SET status = 'complete' WHERE id = $1", p, 1, NULL) !=
            VG_OK ||
        store_scan_settled(c, scan, true) != VG_OK || store_commit(c) != VG_OK)
        die("settle");
    store_release(c);
    return time_mono_ms() - t0;
}

static void apply(const char *email)
{
    char user[UUID_STR_LEN], project[UUID_STR_LEN], big[UUID_STR_LEN], fresh[UUID_STR_LEN];
    char scan[UUID_STR_LEN];
    user_id(email, user);
    struct store_param p[] = {SP_TEXT(user)};
    struct store_result *r = NULL;
    if (store_query1(st,
                     "SELECT r.project_id, r.id FROM repositories r JOIN projects p ON "
                     "p.id = r.project_id WHERE p.user_id = $1 AND p.name = 'bench' AND "
                     "r.name = 'repo-00'",
                     p, 1, &r) != VG_OK ||
        store_result_rows(r) != 1)
        die("finding the seeded repository");
    snprintf(project, sizeof(project), "%s", store_result_get(r, 0, 0));
    snprintf(big, sizeof(big), "%s", store_result_get(r, 0, 1));
    store_result_free(r);
    repository(user, project, 99, fresh);
    scan_with_findings(user, project, fresh, "'new-' || CAST(i AS TEXT)", APPLY, scan, false);
    double a = settle_ms(scan);
    /* Fingerprints of the last five seeded scans: seen again; the other 90,000 are fixed. */
    scan_with_findings(user, project, big,
                       "'fp' || CAST(46 + i / 2000 AS TEXT) || '-' || CAST(i % 2000 AS TEXT)",
                       APPLY, scan, false);
    double b = settle_ms(scan);
    printf("{\"apply_new_ms\":%.1f,\"apply_big_ms\":%.1f}\n", a, b);
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "seed") != 0 && strcmp(argv[1], "apply") != 0)) {
        fprintf(stderr, "usage: dashboard_seed seed|apply DATABASE_URL EMAIL\n");
        return 2;
    }
    char reason[256];
    if (store_open(argv[2], 4, &st, reason, sizeof(reason)) != VG_OK) {
        fprintf(stderr, "dashboard_seed: %s\n", reason);
        return 1;
    }
    if (store_migrate(st, NULL) != VG_OK)
        die("migrate");
    if (strcmp(argv[1], "seed") == 0)
        seed(argv[3]);
    else
        apply(argv[3]);
    store_close(st);
    return 0;
}
