/*
 * test_jobs.c - the job-kind table and the queue's claim: a worker claims only kinds it
 * knows, enqueueing an unknown kind is refused, and a job of an unknown kind that was
 * claimed anyway fails instead of coming back after every lease. SQLite in memory, and
 * PostgreSQL when VEGA_TEST_PG_URL is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <string.h>

#include "app/app.h"
#include "jobs/kinds.h"
#include "jobs/queue.h"
#include "store/row.h"
#include "storelib.h"
#include "util/timeutil.h"

/* A job row of kind as a newer version would write it, older than anything else. */
static void insert_foreign_job(struct store *st, const char *id, const char *kind)
{
    struct store_param p[] = {SP_TEXT(id), SP_TEXT(kind), SP_INT(time_now() - 100)};
    assert_int_equal(store_query1(st,
                                  "INSERT INTO jobs (id, kind, subject_id, status, attempts, "
                                  "max_attempts, run_after, created_at, updated_at) VALUES "
                                  "($1,$2,$1,'queued',0,3,$3,$3,$3)",
                                  p, 3, NULL),
                     VG_OK);
}

static struct store_result *job_row(struct store *st, const char *id)
{
    struct store_result *r = NULL;
    struct store_param p[] = {SP_TEXT(id)};
    assert_int_equal(store_query1(st,
                                  "SELECT status, attempts, max_attempts, last_error, kind "
                                  "FROM jobs WHERE id = $1 OR subject_id = $1",
                                  p, 1, &r),
                     VG_OK);
    assert_int_equal(store_result_rows(r), 1);
    return r;
}

static void test_kind_table(void **state)
{
    (void)state;
    assert_true(job_kinds_count >= 1);
    const struct job_kind *k = job_kind_find(JOB_KIND_SCAN);
    assert_non_null(k);
    assert_non_null(k->run);
    assert_true(k->max_attempts >= 1);
    assert_null(job_kind_find("nope"));
    assert_null(job_kind_find(NULL));
    for (size_t i = 0; i < job_kinds_count; i++)
        assert_ptr_equal(job_kind_find(job_kinds[i].kind), &job_kinds[i]);
}

static void test_enqueue_uses_table(void **state)
{
    struct storelib_fx *fx = *state;
    assert_int_equal(jobs_enqueue(fx->st, "no-such-kind", "subject-x"), VG_ERR_INVALID);
    assert_int_equal(jobs_enqueue(fx->st, JOB_KIND_SCAN, "subject-1"), VG_OK);
    assert_int_equal(jobs_enqueue(fx->st, JOB_KIND_SCAN, "subject-1"), VG_OK); /* kept */
    struct store_result *r = job_row(fx->st, "subject-1");
    assert_string_equal(store_row_text(r, 0, "status"), "queued");
    assert_int_equal(store_row_int(r, 0, "max_attempts", -1),
                     job_kind_find(JOB_KIND_SCAN)->max_attempts);
    store_result_free(r);
    struct store_result *none = NULL;
    assert_int_equal(store_query1(fx->st, "SELECT id FROM jobs WHERE kind = 'no-such-kind'",
                                  NULL, 0, &none),
                     VG_OK);
    assert_int_equal(store_result_rows(none), 0);
    store_result_free(none);
}

static void test_claim_only_known_kinds(void **state)
{
    struct storelib_fx *fx = *state;
    insert_foreign_job(fx->st, "11111111-1111-4111-8111-111111111111", "audit-v9");
    assert_int_equal(jobs_enqueue(fx->st, JOB_KIND_SCAN, "subject-2"), VG_OK);
    struct job job;
    bool got = false;
    /* The foreign job is older, yet the worker takes the scan job. */
    for (;;) {
        assert_int_equal(jobs_claim(fx->st, "w1", 60, &job, &got), VG_OK);
        if (!got)
            break;
        assert_string_equal(job.kind, JOB_KIND_SCAN);
        struct store_conn *c = NULL;
        assert_int_equal(store_acquire(fx->st, &c), VG_OK);
        assert_int_equal(jobs_finish(c, &job, "w1", true, NULL), VG_OK);
        store_release(c);
    }
    /* Even with its lease long gone, it is never claimed by this build. */
    assert_int_equal(jobs_claim(fx->st, "w1", -3600, &job, &got), VG_OK);
    assert_false(got);
    struct store_result *r = job_row(fx->st, "11111111-1111-4111-8111-111111111111");
    assert_string_equal(store_row_text(r, 0, "status"), "queued");
    assert_int_equal(store_row_int(r, 0, "attempts", -1), 0);
    store_result_free(r);
    /* No kinds: nothing to claim. */
    assert_int_equal(jobs_claim_kinds(fx->st, NULL, 0, "w1", 60, &job, &got), VG_OK);
    assert_false(got);
}

static void test_unknown_kind_fails_once(void **state)
{
    struct storelib_fx *fx = *state;
    const char *id = "22222222-2222-4222-8222-222222222222";
    insert_foreign_job(fx->st, id, "mystery");
    const char *kinds[] = {"mystery"};
    struct job job;
    bool got = false;
    /* Claimed by hand with an expired lease, as a crashed worker would leave it. */
    assert_int_equal(jobs_claim_kinds(fx->st, kinds, 1, "w2", -10, &job, &got), VG_OK);
    assert_true(got);
    assert_string_equal(job.id, id);
    struct app app;
    memset(&app, 0, sizeof(app));
    app.store = fx->st;
    assert_int_equal(job_kind_run(&app, &job, "w2"), VG_OK);
    struct store_result *r = job_row(fx->st, id);
    assert_string_equal(store_row_text(r, 0, "status"), "failed");
    assert_string_equal(store_row_text(r, 0, "last_error"), "unknown job kind");
    store_result_free(r);
    /* Settled: not claimed again, whatever the lease said. */
    assert_int_equal(jobs_claim_kinds(fx->st, kinds, 1, "w3", 60, &job, &got), VG_OK);
    assert_false(got);
    int64_t depth = -1;
    assert_int_equal(jobs_depth(fx->st, &depth), VG_OK);
    assert_true(depth >= 0);
}

int main(void)
{
    const struct CMUnitTest common[] = {cmocka_unit_test(test_kind_table)};
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enqueue_uses_table),
        cmocka_unit_test(test_claim_only_known_kinds),
        cmocka_unit_test(test_unknown_kind_fails_once),
    };
    int fails = cmocka_run_group_tests_name("jobs_kinds", common, NULL, NULL);
    return fails + STORELIB_RUN("jobs_queue", tests);
}
