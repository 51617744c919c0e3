/*
 * test_score.c - the scoring formulas of docs/scoring.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "jobs/score.h"

static struct scan_finding mk(enum scan_severity s, enum scan_confidence c)
{
    struct scan_finding f;
    memset(&f, 0, sizeof(f));
    f.severity = s;
    f.confidence = c;
    return f;
}

static void test_readiness(void **state)
{
    (void)state;
    assert_true(score_launch_readiness(NULL, 0) == 100.0);
    struct scan_finding one = mk(SEV_CRITICAL, CONF_HIGH);
    assert_true(score_launch_readiness(&one, 1) == 45.0);
    struct scan_finding med = mk(SEV_CRITICAL, CONF_MEDIUM);
    assert_true(score_launch_readiness(&med, 1) < 50.0);
    struct scan_finding two[2] = {mk(SEV_CRITICAL, CONF_HIGH), mk(SEV_CRITICAL, CONF_HIGH)};
    assert_true(score_launch_readiness(two, 2) < score_launch_readiness(&one, 1));
    struct scan_finding lows[30];
    for (int i = 0; i < 30; i++)
        lows[i] = mk(SEV_LOW, CONF_HIGH);
    double l = score_launch_readiness(lows, 30);
    assert_true(l > 45.0 && l < 60.0);
    struct scan_finding info = mk(SEV_INFO, CONF_HIGH);
    assert_true(score_launch_readiness(&info, 1) == 100.0);
}

static void test_complexity(void **state)
{
    (void)state;
    const char *label = NULL;
    struct complexity_input zero = {0, 0, 0, 0};
    assert_true(score_complexity(&zero, &label) == 0.0);
    assert_string_equal(label, "simple");
    struct complexity_input small = {12, 800, 2, 1};
    double s = score_complexity(&small, &label);
    assert_true(s > 0.0 && s < 50.0);
    struct complexity_input huge = {100000, 10000000, 20, 5000};
    assert_true(score_complexity(&huge, &label) == 100.0);
    assert_string_equal(label, "very_complex");
    struct complexity_input mid = {268, 40000, 3, 2};
    double m = score_complexity(&mid, &label);
    assert_true(m >= 25.0 && m < 75.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_readiness),
                                       cmocka_unit_test(test_complexity)};
    return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
