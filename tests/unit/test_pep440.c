/* Unit tests for scan/pep440.c: PEP 440 parsing and ordering, PEP 503 names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "deps/pep440.h"

static int cmp(const char *a, const char *b)
{
    int c = 99;
    if (!pep440_cmp_str(a, b, &c))
        fail_msg("'%s' or '%s' did not parse", a, b);
    return c;
}

static void test_parse(void **state)
{
    (void)state;
    struct pep440 v;
    assert_true(pep440_parse("1!2.3.4rc5.post6.dev7+ubuntu.1", 30, &v));
    assert_int_equal(v.epoch, 1);
    assert_int_equal(v.nrelease, 3);
    assert_int_equal(v.release[2], 4);
    assert_int_equal(v.pre, PEP440_PRE_RC);
    assert_int_equal(v.pre_num, 5);
    assert_true(v.has_post);
    assert_int_equal(v.post_num, 6);
    assert_true(v.has_dev);
    assert_int_equal(v.dev_num, 7);
    assert_int_equal(v.local.len, 8);
    static const char *good[] = {"1",           "1.0",   "v1.0",        "1.0a",    "1.0-alpha.1",
                                 "1.0.post",    "1.0-1", "1.0_rc_2",    "1.0.dev", "1.0PREVIEW1",
                                 "2.0.0.0.0.1", " 1.0 ", "1.0+abc-1_2", "1.0c1",   "1.0r3",
                                 "1.0.rev4",    NULL};
    for (size_t i = 0; good[i] != NULL; i++) {
        if (!pep440_parse(good[i], strlen(good[i]), &v))
            fail_msg("refused '%s'", good[i]);
    }
    static const char *bad[] = {"",        "a",    "1.0+",           "1.0+a..b", "1.0foo",
                                "1.0a1a1", "!1.0", "1..0",           "1.0-",     "1.0 2",
                                "1.0rcx",  "1!",   "1.0.dev1.post1", NULL};
    for (size_t i = 0; bad[i] != NULL; i++) {
        if (pep440_parse(bad[i], strlen(bad[i]), &v))
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_false(pep440_parse("1.2.3.4.5.6.7.8.9.10.11.12.13", 29, &v));
    assert_false(pep440_parse("1234567890123456789012.0", 24, &v));
}

static void test_order_chain(void **state)
{
    (void)state;
    /* The ordering example from PEP 440's "Summary of permitted suffixes". */
    static const char *chain[] = {"1.0.dev456",
                                  "1.0a1",
                                  "1.0a2.dev456",
                                  "1.0a12.dev456",
                                  "1.0a12",
                                  "1.0b1.dev456",
                                  "1.0b2",
                                  "1.0b2.post345.dev456",
                                  "1.0b2.post345",
                                  "1.0rc1.dev456",
                                  "1.0rc1",
                                  "1.0",
                                  "1.0+abc.5",
                                  "1.0+abc.7",
                                  "1.0+5",
                                  "1.0.post456.dev34",
                                  "1.0.post456",
                                  "1.0.15",
                                  "1.1.dev1",
                                  "1!0.1",
                                  NULL};
    for (size_t i = 0; chain[i + 1] != NULL; i++) {
        if (cmp(chain[i], chain[i + 1]) >= 0)
            fail_msg("%s should sort before %s", chain[i], chain[i + 1]);
        if (cmp(chain[i + 1], chain[i]) <= 0)
            fail_msg("%s should sort after %s", chain[i + 1], chain[i]);
    }
}

static void test_equivalence(void **state)
{
    (void)state;
    assert_int_equal(cmp("1.0", "1.0.0"), 0);
    assert_int_equal(cmp("1.0.0.0", "1"), 0);
    assert_int_equal(cmp("v1.0", "1.0"), 0);
    assert_int_equal(cmp("1.0alpha1", "1.0a1"), 0);
    assert_int_equal(cmp("1.0-beta-2", "1.0b2"), 0);
    assert_int_equal(cmp("1.0c1", "1.0rc1"), 0);
    assert_int_equal(cmp("1.0pre1", "1.0rc1"), 0);
    assert_int_equal(cmp("1.0-1", "1.0.post1"), 0);
    assert_int_equal(cmp("1.0.r1", "1.0.post1"), 0);
    assert_int_equal(cmp("1.0a", "1.0a0"), 0);
    assert_int_equal(cmp("1.0.DEV", "1.0.dev0"), 0);
    assert_int_equal(cmp("0!1.0", "1.0"), 0);
    assert_int_equal(cmp("1.0+Ubuntu-1", "1.0+ubuntu.1"), 0);
    assert_true(cmp("1.0+1", "1.0+01") == 0);
    assert_true(cmp("2.0", "10.0") < 0);
    assert_true(cmp("1.0+abc", "1.0+abc.1") < 0);
    assert_true(cmp("1!1.0", "2.0") > 0);
    assert_true(cmp("2.25.1", "2.31.0") < 0);
    int c;
    assert_false(pep440_cmp_str("1.0", "not-a-version", &c));
}

static void test_pep503(void **state)
{
    (void)state;
    char out[64];
    assert_true(pep503_normalize("Django", 6, out, sizeof(out)));
    assert_string_equal(out, "django");
    assert_true(pep503_normalize("Foo.Bar__baz-_-Qux", 18, out, sizeof(out)));
    assert_string_equal(out, "foo-bar-baz-qux");
    assert_true(pep503_normalize("zope.interface", 14, out, sizeof(out)));
    assert_string_equal(out, "zope-interface");
    assert_true(pep503_normalize("PyYAML ", 7, out, sizeof(out)));
    assert_string_equal(out, "pyyaml");
    assert_false(pep503_normalize("", 0, out, sizeof(out)));
    assert_false(pep503_normalize("---", 3, out, sizeof(out)));
    assert_false(pep503_normalize("averyveryverylongname", 21, out, 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_order_chain),
        cmocka_unit_test(test_equivalence),
        cmocka_unit_test(test_pep503),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
