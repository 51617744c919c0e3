/*
 * dashlib.h - data for the dashboard store and handler tests (test_store_projects,
 * _repositories, _findings, _events, _usage, test_api_projects, _findings): users, and
 * scans of a repository with findings settled through the real lifecycle
 * (store_scan_settled), on storelib.h's database. Include after <cmocka.h> and storelib.h.
 *
 *   char alice[UUID_STR_LEN]; dash_user(st, "a@example.com", alice);
 *   static const struct dash_finding fs[] = {{"fp1", "high", "secret", "r1", "src/a.py"}};
 *   char scan[UUID_STR_LEN]; dash_scan(st, alice, project, repo, fs, 1, "70.5", scan);
 *   dash_settle(st, scan, true);
 */
#ifndef VG_TESTS_DASHLIB_H
#define VG_TESTS_DASHLIB_H

#include <stdbool.h>
#include <stdio.h>

#include "store/findings.h"
#include "store/repositories.h"
#include "store/store.h"
#include "util/rand.h"
#include "util/timeutil.h"

/* One finding of a seeded scan. */
struct dash_finding {
    const char *fingerprint, *severity, *category, *rule_id, *file_path;
};

static inline void dash_exec(struct store *st, const char *sql, const struct store_param *p,
                             size_t n)
{
    assert_int_equal(store_query1(st, sql, p, n, NULL), VG_OK);
}

/* A verified user row (these tests never log in). */
static inline void dash_user(struct store *st, const char *email, char id[UUID_STR_LEN])
{
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(email), SP_INT(time_now())};
    dash_exec(st,
              "INSERT INTO users (id, email, password_hash, email_verified, is_admin, "
              "created_at, updated_at) VALUES ($1, $2, '!', 1, 0, $3, $3)",
              p, 3);
}

/* A queued zip scan filed under repo holding the n findings (score: its launch readiness
 * score as decimal text, "70.5"). */
static inline void dash_scan(struct store *st, const char *user, const char *project,
                             const char *repo, const struct dash_finding *fs, size_t n,
                             const char *score, char id[UUID_STR_LEN])
{
    rand_uuid(id);
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(user), SP_TEXT(project), SP_TEXT(score),
                              SP_INT(time_now())};
    dash_exec(st,
              "INSERT INTO scans (id, user_id, project_id, source_type, status, "
              "launch_readiness_score, total_files, included_files, ignored_files, "
              "risky_skipped_files, total_bytes, included_bytes, created_at) VALUES ($1, $2, "
              "$3, 'zip', 'queued', $4, 2, 2, 0, 0, 100, 100, $5)",
              p, 5);
    assert_int_equal(store_repository_attach_scan(st, repo, id, STORE_ACTOR_SYSTEM), VG_OK);
    for (size_t i = 0; i < n; i++) {
        char fid[UUID_STR_LEN];
        rand_uuid(fid);
        struct store_param pf[] = {SP_TEXT(fid),
                                   SP_TEXT(id),
                                   SP_TEXT(fs[i].fingerprint),
                                   SP_TEXT(fs[i].rule_id),
                                   SP_TEXT(fs[i].severity),
                                   SP_TEXT(fs[i].category),
                                   SP_TEXT(fs[i].file_path)};
        dash_exec(st,
                  "INSERT INTO findings (id, scan_id, fingerprint, rule_id, severity, category, "
                  "title, description, file_path, line_start, line_end, confidence, created_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, 'A title', 'A description', $7, 3, 4, "
                  "'high', 0)",
                  pf, 7);
    }
}

/* Settle a scan as the worker does: its status and the lifecycle in one transaction. */
static inline void dash_settle(struct store *st, const char *scan, bool ok)
{
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(st, &c), VG_OK);
    assert_int_equal(store_begin(c), VG_OK);
    struct store_param p[] = {SP_TEXT(ok ? "complete" : "failed"), SP_INT(time_now()),
                              SP_TEXT(scan)};
    assert_int_equal(
        store_query(c, "UPDATE scans SET status = $1, completed_at = $2 WHERE id = $3", p, 3, NULL),
        VG_OK);
    assert_int_equal(store_scan_settled(c, scan, ok), VG_OK);
    assert_int_equal(store_commit(c), VG_OK);
    store_release(c);
}

/* A zip repository named name in project (created through the store). */
static inline void dash_repository(struct store *st, const char *user, const char *project,
                                   const char *name, char id[UUID_STR_LEN])
{
    struct store_repository_new n = {project, name, "zip", NULL, NULL};
    struct store_repository r;
    assert_int_equal(store_repository_create(st, user, &n, STORE_ACTOR_SYSTEM, &r), VG_OK);
    snprintf(id, UUID_STR_LEN, "%s", r.id);
    store_repository_release(&r);
}

#endif
