/*
 * test_code_qualname.c - the #qualname? query predicate (src/code/code.c): a call's dotted
 * name resolved through the file's Python imports (from-imports, aliases, dotted imports,
 * imports inside functions), the tail fallback when no import binds the first part, and a
 * name bound to another module that must not match.
 * Run from the repository root (make test-unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"
#include <sodium.h>

#include "scan/engine.h"
#include "util/xalloc.h"

static const char rule_yaml[] =
    "rules:\n"
    "  - id: t-qualname\n"
    "    title: t\n"
    "    category: crypto\n"
    "    severity: medium\n"
    "    confidence: high\n"
    "    languages: [python]\n"
    "    engine: tree\n"
    "    pattern: 'new|hash'\n"
    "    query: |\n"
    "      ((call function: (_) @fn) @finding\n"
    "        (#qualname? @fn \"Crypto.Cipher.DES.new\" \"hashlib.md5\"))\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.py\n"
    "        content: 'DES.new(k)'\n"
    "    negative_examples:\n"
    "      - path: a.py\n"
    "        content: 'AES.new(k)'\n";

static struct scan_engine *eng;
static char dir[] = "/tmp/vega-qualname-XXXXXX";
static char path[256];

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/q.yaml", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(rule_yaml, f);
    fclose(f);
    static const char *dirs[1];
    dirs[0] = dir;
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    struct buf err = BUF_INIT;
    enum vg_err e = scan_engine_load(&cfg, &eng, &err);
    if (e != VG_OK)
        fprintf(stderr, "%s", buf_cstr(&err));
    buf_release(&err);
    return e == VG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    scan_engine_free(eng);
    unlink(path);
    rmdir(dir);
    return 0;
}

/* The lines (1-based, ascending) of the findings in `text`, written to `lines`. */
static size_t lines_of(const char *text, unsigned *lines, size_t cap)
{
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = 1;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_buffer(eng, "app/x.py", text, strlen(text), &opt, &res), VG_OK);
    size_t n = 0;
    for (size_t i = 0; i < res.n_findings && n < cap; i++)
        lines[n++] = res.findings[i].line_start;
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && lines[k - 1] > lines[k]; k--) {
            unsigned t = lines[k];
            lines[k] = lines[k - 1];
            lines[k - 1] = t;
        }
    scan_result_release(&res);
    return n;
}

static void expect(const char *text, const unsigned *want, size_t n_want)
{
    unsigned got[16];
    size_t n = lines_of(text, got, 16);
    if (n != n_want)
        fprintf(stderr, "in:\n%s\n", text);
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}

static void test_aliases_resolve(void **state)
{
    (void)state;
    static const unsigned w1[] = {4, 5, 6, 7};
    expect("from Crypto.Cipher import DES as legacy, AES\n"
           "import Crypto.Cipher.DES as d2\n"
           "import Crypto.Cipher\n"
           "legacy.new(k)\n"
           "d2.new(k)\n"
           "Crypto.Cipher.DES.new(k)\n"
           "Crypto.Cipher . DES . new(k)\n"
           "AES.new(k)\n"
           "legacy.old(k)\n",
           w1, 4);
    /* an import inside a function; a from-import of the function itself */
    static const unsigned w2[] = {3, 5};
    expect("def f(x):\n"
           "    from hashlib import md5 as weak\n"
           "    return weak(x)\n"
           "from hashlib import md5\n"
           "md5(b'x')\n",
           w2, 2);
}

static void test_unbound_and_shadowed(void **state)
{
    (void)state;
    /* No import binds DES: the chain is a tail of a wanted path. A lone name is not. */
    static const unsigned w1[] = {1};
    expect("DES.new(k)\nnew(k)\nmd5(x)\nCipher.DES.new\n", w1, 1);
    /* DES is bound to another module: no finding; a relative import binds nothing known. */
    expect("from mylib.ciphers import DES\nDES.new(k)\n", NULL, 0);
    expect("from . import hashlib\nhashlib.md5x(b'x')\n", NULL, 0);
    /* The last binding wins. */
    static const unsigned w2[] = {4};
    expect("from mylib import DES\nDES.new(k)\nfrom Crypto.Cipher import DES\nDES.new(k)\n", w2, 1);
    /* A chain longer than the resolver's buffer is not a match (and does not crash). */
    char *longcall = xmalloc(2000);
    strcpy(longcall, "a");
    for (int i = 0; i < 200; i++)
        strcat(longcall, ".bcdefgh");
    strcat(longcall, ".new(k)\n");
    expect(longcall, NULL, 0);
    free(longcall);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aliases_resolve),
        cmocka_unit_test(test_unbound_and_shadowed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
