/* Unit tests for scan/semver.c: parsing, SemVer 2.0.0 ordering, npm range lower bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "deps/semver.h"

static int cmp(const char *a, const char *b)
{
    int c = 99;
    assert_true(semver_cmp_str(a, b, &c));
    return c;
}

static void test_parse_valid(void **state)
{
    (void)state;
    struct semver v;
    assert_true(semver_parse("1.2.3", 5, &v));
    assert_int_equal(v.major, 1);
    assert_int_equal(v.minor, 2);
    assert_int_equal(v.patch, 3);
    assert_int_equal(v.pre.len, 0);
    assert_true(semver_parse("v10.20.30-rc.1+build.5", 22, &v));
    assert_int_equal(v.major, 10);
    assert_int_equal(v.pre.len, 4);
    assert_memory_equal(v.pre.ptr, "rc.1", 4);
    assert_true(semver_parse(" =1.0.0 ", 8, &v));
    assert_true(semver_parse("1.0.0-x-y-z.--", 14, &v));
    assert_true(semver_parse("0.0.0", 5, &v));
}

static void test_parse_invalid(void **state)
{
    (void)state;
    static const char *bad[] = {"",       "1",          "1.2",    "1.2.3.4", "a.b.c",
                                "1.2.3-", "1.2.3-a..b", "1.2.3+", "1..3",    "^1.2.3",
                                "1.2.x",  "1.2.3 4",    "-1.2.3", "1.2.-3",  NULL};
    struct semver v;
    for (size_t i = 0; bad[i] != NULL; i++) {
        if (semver_parse(bad[i], strlen(bad[i]), &v))
            fail_msg("accepted '%s'", bad[i]);
    }
    /* Numbers longer than 16 digits are refused instead of overflowing. */
    assert_false(semver_parse("99999999999999999999.0.0", 24, &v));
    char longv[SEMVER_MAX_LEN + 20];
    memset(longv, 'a', sizeof(longv));
    memcpy(longv, "1.0.0-", 6);
    assert_false(semver_parse(longv, sizeof(longv), &v));
}

static void test_order(void **state)
{
    (void)state;
    /* The precedence example chain from semver.org, section 11. */
    static const char *chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                  "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                  "1.0.0-rc.1",  "1.0.0",         "1.0.1",
                                  "1.1.0",       "2.0.0",         "2.1.0",
                                  "2.1.1",       "10.0.0",        NULL};
    for (size_t i = 0; chain[i + 1] != NULL; i++) {
        if (cmp(chain[i], chain[i + 1]) >= 0)
            fail_msg("%s should sort before %s", chain[i], chain[i + 1]);
        assert_true(cmp(chain[i + 1], chain[i]) > 0);
    }
    assert_int_equal(cmp("1.0.0+build1", "1.0.0+build2"), 0);
    assert_int_equal(cmp("v1.0.0", "1.0.0"), 0);
    assert_true(cmp("4.17.15", "4.17.21") < 0);
    assert_true(cmp("1.0.0-2", "1.0.0-10") < 0);  /* numeric, not lexical */
    assert_true(cmp("1.0.0-10", "1.0.0-a") < 0);  /* numeric below alphanumeric */
    assert_true(cmp("1.0.0-01", "1.0.0-1") == 0); /* leading zeros compare numerically */
    int c = 0;
    assert_false(semver_cmp_str("1.0", "1.0.0", &c));
}

static void range(const char *r, const char *want, bool want_exact)
{
    char out[64];
    bool exact = !want_exact;
    bool ok = semver_range_min(r, out, sizeof(out), &exact);
    if (want == NULL) {
        if (ok)
            fail_msg("range '%s' gave '%s', expected none", r, out);
        return;
    }
    if (!ok)
        fail_msg("range '%s' gave nothing, expected '%s'", r, want);
    if (strcmp(out, want) != 0)
        fail_msg("range '%s' gave '%s', expected '%s'", r, out, want);
    if (exact != want_exact)
        fail_msg("range '%s' exact=%d", r, exact);
}

static void test_range_min(void **state)
{
    (void)state;
    range("4.17.15", "4.17.15", true);
    range("=4.17.15", "4.17.15", true);
    range("v1.2.3", "1.2.3", true);
    range("^4.17.15", "4.17.15", false);
    range("~1.2.3", "1.2.3", false);
    range("~>1.2", "1.2.0", false);
    range(">=1.2.3 <2.0.0", "1.2.3", false);
    range(">= 1.2.3 < 2", "1.2.3", false);
    range("<2.0.0 >=1.5.0", "1.5.0", false);
    range("1.x", "1.0.0", false);
    range("1.2.*", "1.2.0", false);
    range("1", "1.0.0", false);
    range("1.2", "1.2.0", false);
    range("1.2.3 - 2.3.4", "1.2.3", false);
    range("1.2 - 2", "1.2.0", false);
    range("^2.0.0 || ^1.5.0", "1.5.0", false);
    range("1.0.0 || 2.0.0", "1.0.0", false);
    range(">1.2.3", "1.2.4", false);
    range(">1.2", "1.3.0", false);
    range(">1", "2.0.0", false);
    range("^1.0.0-beta.2", "1.0.0-beta.2", false);
    range("  ^3.0.0  ", "3.0.0", false);
    range("*", NULL, false);
    range("", NULL, false);
    range("x", NULL, false);
    range("<2.0.0", NULL, false);
    range("^1.0.0 || *", NULL, false);
    range("latest", NULL, false);
    range("file:../lib", NULL, false);
    range("git+https://github.com/a/b.git", NULL, false);
    range("github:user/repo", NULL, false);
    range("user/repo#v1.0.0", NULL, false);
    range("workspace:^1.0.0", NULL, false);
    range("npm:lodash@^4.0.0", NULL, false);
    range("1.2.3.4", NULL, false);
    range(">=a.b.c", NULL, false);
}

static void test_range_hostile(void **state)
{
    (void)state;
    char big[4096];
    /* Many alternatives and many tokens are refused, not overflowed. */
    size_t o = 0;
    while (o + 12 < sizeof(big)) {
        memcpy(big + o, "1.0.0 || ", 9);
        o += 9;
    }
    big[o] = '\0';
    char out[32];
    bool exact;
    assert_false(semver_range_min(big, out, sizeof(out), &exact));
    memset(big, ' ', sizeof(big));
    big[sizeof(big) - 1] = '\0';
    assert_false(semver_range_min(big, out, sizeof(out), &exact));
    /* An output buffer too small fails cleanly. */
    assert_false(semver_range_min("10.20.30", out, 4, &exact));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),   cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_order),         cmocka_unit_test(test_range_min),
        cmocka_unit_test(test_range_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
