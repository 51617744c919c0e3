/*
 * test_store_entities.c - the entity modules of src/store (users, keys, activity, scans):
 * each statement's effect, ownership (another user's row reads as missing), paging and
 * the guards on status changes. SQLite in memory, and PostgreSQL when VEGA_TEST_PG_URL is
 * set.
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

#include "store/activity.h"
#include "store/keys.h"
#include "store/row.h"
#include "store/scans.h"
#include "store/users.h"
#include "storelib.h"

static void user(struct store *st, const char *email, char id[UUID_STR_LEN])
{
    rand_uuid(id);
    assert_int_equal(store_users_insert(st, id, email, "!", false, false, 100), VG_OK);
}

static void test_users(void **state)
{
    struct storelib_fx *fx = *state;
    char a[UUID_STR_LEN], b[UUID_STR_LEN];
    user(fx->st, "b@example.com", b);
    user(fx->st, "a@example.com", a);
    char dup[UUID_STR_LEN];
    rand_uuid(dup);
    assert_int_equal(store_users_insert(fx->st, dup, "a@example.com", "!", 0, 0, 1),
                     VG_ERR_CONFLICT);
    assert_int_equal(store_users_set_flag(fx->st, "a@example.com", STORE_USER_ADMIN, true, 200),
                     VG_OK);
    assert_int_equal(store_users_set_flag(fx->st, "b@example.com", STORE_USER_VERIFIED, true, 200),
                     VG_OK);
    assert_int_equal(store_users_set_flag(fx->st, "nobody@example.com", STORE_USER_ADMIN, true, 1),
                     VG_ERR_NOT_FOUND);
    struct store_user_list l;
    assert_int_equal(store_users_all(fx->st, &l), VG_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].email, "a@example.com");
    assert_string_equal(l.items[0].id, a);
    assert_true(l.items[0].is_admin);
    assert_false(l.items[0].email_verified);
    assert_true(l.items[1].email_verified);
    assert_false(l.items[1].is_admin);
    assert_int_equal(l.items[1].created_at, 100);
    store_user_list_release(&l);
}

static void key(struct store *st, const char *uid, const char *name, int64_t at,
                char id[UUID_STR_LEN])
{
    rand_uuid(id);
    char hash[80];
    snprintf(hash, sizeof(hash), "hash-%s", id);
    struct store_key_new in = {id, uid, name, "vg_live_abcd", hash, "scans:read", NULL, at};
    struct store_key k;
    assert_int_equal(store_keys_insert(st, &in, &k), VG_OK);
    assert_string_equal(k.id, id);
    assert_string_equal(k.name, name);
    assert_null(k.allowed_cidrs);
    assert_int_equal(k.last_used_at, 0);
    store_key_release(&k);
}

static void test_keys_and_activity(void **state)
{
    struct storelib_fx *fx = *state;
    char u1[UUID_STR_LEN], u2[UUID_STR_LEN], k[UUID_STR_LEN];
    user(fx->st, "k1@example.com", u1);
    user(fx->st, "k2@example.com", u2);
    for (int i = 0; i < 5; i++)
        key(fx->st, u1, "key", 1000 + i / 2, k); /* equal times: the id breaks ties */
    key(fx->st, u2, "other", 5000, k);
    /* A walk with limit 2 sees the user's five keys once each, newest first. */
    char *cursor = NULL;
    size_t seen = 0;
    int64_t last = INT64_MAX;
    do {
        struct store_key_page page;
        struct store_page_req pg = {2, cursor};
        assert_int_equal(store_keys_list(fx->st, u1, &pg, &page), VG_OK);
        free(cursor);
        cursor = page.next_cursor ? strdup(page.next_cursor) : NULL;
        for (size_t i = 0; i < page.n; i++) {
            assert_string_equal(page.items[i].user_id, u1);
            assert_true(page.items[i].created_at <= last);
            last = page.items[i].created_at;
        }
        seen += page.n;
        store_key_page_release(&page);
    } while (cursor != NULL);
    assert_int_equal(seen, 5);
    struct store_key_page page;
    struct store_page_req bad = {2, "zzz"};
    assert_int_equal(store_keys_list(fx->st, u1, &bad, &page), VG_ERR_BAD_REQUEST);
    /* Revocation: only the owner's, and the first time stays. */
    struct store_key r;
    assert_int_equal(store_keys_revoke(fx->st, k, u1, 7000, &r), VG_ERR_NOT_FOUND);
    assert_int_equal(store_keys_revoke(fx->st, k, u2, 7000, &r), VG_OK);
    assert_int_equal(r.revoked_at, 7000);
    store_key_release(&r);
    assert_int_equal(store_keys_revoke(fx->st, k, u2, 8000, &r), VG_OK);
    assert_int_equal(r.revoked_at, 7000);
    store_key_release(&r);

    assert_int_equal(store_activity_add(fx->st, u1, NULL, "auth.login", NULL, "10.0.0.1", 10),
                     VG_OK);
    assert_int_equal(store_activity_add(fx->st, u1, k, "api_key.used", "/v1/x", NULL, 20),
                     VG_OK);
    assert_int_equal(store_activity_add(fx->st, u2, NULL, "auth.login", NULL, NULL, 30), VG_OK);
    struct store_activity_page ap;
    struct store_page_req pg = {50, NULL};
    assert_int_equal(store_activity_list(fx->st, u1, &pg, &ap), VG_OK);
    assert_int_equal(ap.n, 2);
    assert_null(ap.next_cursor);
    assert_string_equal(ap.items[0].action, "api_key.used");
    assert_string_equal(ap.items[0].api_key_id, k);
    assert_string_equal(ap.items[0].detail, "/v1/x");
    assert_null(ap.items[0].ip);
    assert_string_equal(ap.items[1].api_key_id, "");
    assert_string_equal(ap.items[1].ip, "10.0.0.1");
    store_activity_page_release(&ap);
}

/* A user with a project, and a zip scan of it. */
static void scan_fixture(struct store *st, char uid[UUID_STR_LEN], char scan[UUID_STR_LEN])
{
    char project[UUID_STR_LEN], email[64];
    rand_uuid(project);
    rand_uuid(scan);
    snprintf(email, sizeof(email), "%.8s@example.com", scan);
    user(st, email, uid);
    struct store_param p[] = {SP_TEXT(project), SP_TEXT(uid)};
    assert_int_equal(store_query1(st,
                                  "INSERT INTO projects (id, user_id, name, created_at, "
                                  "updated_at) VALUES ($1,$2,'p',1,1)",
                                  p, 2, NULL),
                     VG_OK);
    struct store_scan_new in = {scan, uid, project, NULL, NULL, "zip", NULL, "raw/x.zip", 900, 50};
    assert_int_equal(store_scans_insert(st, &in), VG_OK);
}

static enum vg_err landed(struct store *st, const char *scan, int64_t bytes)
{
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(st, &c), VG_OK);
    enum vg_err e = store_scans_upload_landed(c, scan, 60, bytes, NULL);
    store_release(c);
    return e;
}

static void test_scans_lifecycle(void **state)
{
    struct storelib_fx *fx = *state;
    char uid[UUID_STR_LEN], scan[UUID_STR_LEN], other[UUID_STR_LEN], other_scan[UUID_STR_LEN];
    scan_fixture(fx->st, uid, scan);
    scan_fixture(fx->st, other, other_scan);
    struct store_scan s;
    assert_int_equal(store_scans_get(fx->st, scan, other, &s), VG_ERR_NOT_FOUND);
    assert_int_equal(store_scans_get(fx->st, "00000000-0000-4000-8000-000000000000", NULL, &s),
                     VG_ERR_NOT_FOUND);
    assert_int_equal(store_scans_get(fx->st, scan, uid, &s), VG_OK);
    assert_int_equal(s.status, SCAN_STATUS_QUEUED);
    assert_string_equal(s.source_type, "zip");
    assert_string_equal(s.upload_storage_path, "raw/x.zip");
    assert_int_equal(s.upload_expires_at, 900);
    assert_int_equal(s.created_at, 50);
    assert_int_equal(s.started_at, 0);
    assert_false(s.has_complexity_score);
    assert_null(s.github_repo_full_name);
    assert_string_equal(s.api_key_id, "");
    store_scan_release(&s);

    /* Not startable before its upload; the upload lands only while it waits. */
    assert_int_equal(store_scans_mark_started(fx->st, scan, 70), VG_ERR_CONFLICT);
    assert_int_equal(landed(fx->st, scan, 1234), VG_OK);
    assert_int_equal(store_scans_mark_started(fx->st, scan, 70), VG_OK);
    assert_int_equal(store_scans_mark_started(fx->st, scan, 99), VG_OK); /* idempotent */
    assert_int_equal(landed(fx->st, scan, 1), VG_ERR_CONFLICT);
    assert_int_equal(store_scans_get(fx->st, scan, NULL, &s), VG_OK);
    assert_int_equal(s.started_at, 70);
    assert_int_equal(s.upload_received_at, 60);
    assert_int_equal(s.upload_bytes, 1234);
    store_scan_release(&s);

    /* Progress is published only while scanning. */
    struct store_scan_counts counts = {10, 8, 2, 1, 4096, 2048};
    assert_int_equal(store_scans_progress(fx->st, scan, &counts), VG_OK);
    assert_int_equal(store_scans_get(fx->st, scan, NULL, &s), VG_OK);
    assert_int_equal(s.total_files, 0);
    store_scan_release(&s);
    assert_int_equal(store_scans_set_status(fx->st, scan, SCAN_STATUS_SCANNING), VG_OK);
    assert_int_equal(store_scans_progress(fx->st, scan, &counts), VG_OK);
    assert_int_equal(store_scans_get(fx->st, scan, NULL, &s), VG_OK);
    assert_int_equal(s.status, SCAN_STATUS_SCANNING);
    assert_int_equal(s.total_files, 10);
    assert_int_equal(s.risky_skipped_files, 1);
    store_scan_release(&s);

    /* Settled: findings replaced (a second run stores them once), outcome stored. */
    struct store_scan_finding_new f[] = {
        {NULL, "fp1", "r1", "low", "secret", "T1", "D1", NULL, "b.js", "sk_****", "high", 5, 5, NULL, NULL, 0, false},
        {NULL, "fp2", "r2", "critical", "secret", "T2", "D2", "Fix", "a.js", NULL, "low", 9, 10, NULL, NULL, 0, false},
        {NULL, "fp3", "r3", "high", "config", "T3", "D3", NULL, "a.js", NULL, "medium", 2, 2, NULL, NULL, 0, false},
    };
    struct store_scan_outcome o = {{12, 9, 3, 1, 5000, 3000}, 321, 4, "{\"js\":{}}", "12.5",
                                   "low", "77.0", "{\"total_findings\":3}", 500};
    for (int run = 0; run < 2; run++) {
        struct store_conn *c = NULL;
        assert_int_equal(store_acquire(fx->st, &c), VG_OK);
        assert_int_equal(store_begin(c), VG_OK);
        assert_int_equal(store_scans_findings_replace(c, scan, f, 3, 400), VG_OK);
        assert_int_equal(store_scans_complete(c, scan, &o), VG_OK);
        assert_int_equal(store_commit(c), VG_OK);
        store_release(c);
    }
    struct store_scan_findings all;
    assert_int_equal(store_scans_findings_all(fx->st, scan, &all), VG_OK);
    assert_int_equal(all.n, 3);
    assert_string_equal(all.items[0].severity, "critical");
    assert_string_equal(all.items[0].recommendation, "Fix");
    assert_int_equal(all.items[0].line_end, 10);
    assert_string_equal(all.items[1].severity, "high");
    assert_string_equal(all.items[2].masked_evidence, "sk_****");
    assert_null(all.items[1].masked_evidence);
    store_scan_findings_release(&all);
    assert_int_equal(store_scans_get(fx->st, scan, uid, &s), VG_OK);
    assert_int_equal(s.status, SCAN_STATUS_COMPLETE);
    assert_true(s.has_complexity_score && s.complexity_score == 12.5);
    assert_true(s.has_launch_readiness_score && s.launch_readiness_score == 77.0);
    assert_string_equal(s.complexity_label, "low");
    assert_int_equal(s.total_lines, 321);
    assert_int_equal(s.dependency_count, 4);
    assert_int_equal(s.completed_at, 500);
    assert_null(s.error_message);
    store_scan_release(&s);
    /* A settled scan keeps its status. */
    assert_int_equal(store_scans_set_status(fx->st, scan, SCAN_STATUS_EXTRACTING), VG_OK);
    assert_int_equal(store_scans_get(fx->st, scan, NULL, &s), VG_OK);
    assert_int_equal(s.status, SCAN_STATUS_COMPLETE);
    store_scan_release(&s);

    /* Failure with a message for the user. */
    struct store_conn *c = NULL;
    assert_int_equal(store_acquire(fx->st, &c), VG_OK);
    assert_int_equal(store_scans_fail(c, other_scan, "The archive is corrupt.", 600), VG_OK);
    store_release(c);
    assert_int_equal(store_scans_get(fx->st, other_scan, other, &s), VG_OK);
    assert_int_equal(s.status, SCAN_STATUS_FAILED);
    assert_string_equal(s.error_message, "The archive is corrupt.");
    assert_int_equal(s.completed_at, 600);
    store_scan_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_users),
        cmocka_unit_test(test_keys_and_activity),
        cmocka_unit_test(test_scans_lifecycle),
    };
    return STORELIB_RUN("store_entities", tests);
}
