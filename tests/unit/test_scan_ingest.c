/*
 * test_scan_ingest.c - sources: directory trees (ignores, symlinks, limits, threads) and
 * the archives of tests/scan/cases/ (made by tests/scan/make_cases.py): ordinary zip/tar,
 * zip slip, links, encrypted entries, bombs, truncated and non-archive input.
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"
#include <fcntl.h>
#include <sodium.h>

#include "scan/engine.h"
#include "scan/engine_int.h" /* dedupe_key */

#define CASES "tests/scan/cases/"
#define GH_OK "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"

static struct scan_engine *eng;

static int setup(void **state)
{
    (void)state;
    static const char *const dirs[] = {"tests/scan/rules"};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    return test_engine_load(&cfg, &eng);
}

static int teardown(void **state)
{
    (void)state;
    scan_engine_free(eng);
    return 0;
}

static enum vg_err scan_case(const char *name, unsigned threads, struct scan_result *res)
{
    struct scan_options o;
    scan_options_init(&o);
    o.threads = threads;
    char path[256];
    snprintf(path, sizeof path, CASES "%s", name);
    return scan_path(eng, path, &o, res);
}

static void test_simple_archives(void **state)
{
    (void)state;
    const char *names[] = {"simple.zip", "simple.tar", "simple.tar.gz"};
    for (size_t i = 0; i < 3; i++) {
        for (unsigned th = 1; th <= 2; th++) {
            struct scan_result res = SCAN_RESULT_INIT;
            assert_int_equal(scan_case(names[i], th, &res), VG_OK);
            assert_int_equal(res.n_findings, 1);
            assert_string_equal(res.findings[0].file_path, "repo/src/app.env");
            assert_int_equal(res.stats.total_files, 3);
            assert_int_equal(res.stats.included_files, 2);
            assert_int_equal(res.stats.ignored_files, 1); /* node_modules */
            assert_null(res.error);
            scan_result_release(&res);
        }
    }
}

static void test_hostile_paths(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_case("zipslip.zip", 2, &res), VG_OK);
    assert_int_equal(res.stats.risky_files, 4);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].file_path, "ok/aws.py");
    scan_result_release(&res);
    assert_int_equal(scan_case("links.tar", 1, &res), VG_OK);
    assert_int_equal(res.stats.risky_files, 4);
    assert_int_equal(res.stats.included_files, 1);
    scan_result_release(&res);
    assert_int_equal(scan_case("encrypted.zip", 1, &res), VG_OK);
    assert_int_equal(res.stats.risky_files, 1);
    assert_int_equal(res.n_findings, 0);
    scan_result_release(&res);
}

/* ZIPs in files are read by their central directory: a `zip -y` link is a link (its
 * target, here a planted token, is never read), and a declared size is not a statistic. */
static void test_zip_central_directory(void **state)
{
    (void)state;
    for (unsigned th = 1; th <= 2; th++) {
        struct scan_result res = SCAN_RESULT_INIT;
        assert_int_equal(scan_case("symlink.zip", th, &res), VG_OK);
        assert_int_equal(res.stats.risky_files, 1);
        assert_int_equal(res.stats.total_files, 2);
        assert_int_equal(res.n_findings, 1);
        assert_string_equal(res.findings[0].file_path, "repo/ok.py");
        assert_int_equal(res.stats.total_bytes, 41);
        scan_result_release(&res);
    }
    struct scan_result res = SCAN_RESULT_INIT;
    int fd = open(CASES "zip64-huge-size.zip", O_RDONLY);
    assert_true(fd >= 0);
    assert_true(lseek(fd, 100, SEEK_SET) == 100); /* read from the start whatever the offset */
    struct scan_options o;
    scan_options_init(&o);
    assert_int_equal(scan_archive_fd(eng, fd, &o, &res), VG_OK);
    close(fd);
    assert_null(res.error);
    assert_int_equal(res.stats.total_files, 2);
    assert_int_equal(res.stats.risky_files, 1);
    assert_int_equal(res.stats.risky_bytes, 0);
    assert_int_equal(res.stats.total_bytes, 41); /* ok/aws.py only, not 2^63 - 16 */
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].file_path, "ok/aws.py");
    scan_result_release(&res);
}

static void test_bombs(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_case("ratio-bomb.tar.gz", 2, &res), VG_ERR_TOO_LARGE);
    assert_string_equal(res.stats.limit_reached, "max_ratio");
    assert_non_null(res.error);
    assert_int_equal(res.n_findings, 1); /* what was read before the limit */
    scan_result_release(&res);
    assert_int_equal(scan_case("nested-bomb.zip", 2, &res), VG_OK);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.stats.ignored_files, 4); /* inner zips: binary, never opened */
    scan_result_release(&res);
    assert_int_equal(scan_case("overlap-bomb.zip", 2, &res), VG_OK);
    assert_true(res.stats.total_bytes <= 8u << 20);
    scan_result_release(&res);
}

static void test_broken_input(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_case("truncated.zip", 1, &res), VG_ERR_INVALID);
    assert_non_null(res.error);
    scan_result_release(&res);
    assert_int_equal(scan_case("truncated.tar.gz", 2, &res), VG_ERR_INVALID);
    assert_non_null(res.error);
    scan_result_release(&res);
    /* Named .zip but plain text: scanned as a file. */
    assert_int_equal(scan_case("not-an-archive.zip", 1, &res), VG_OK);
    assert_int_equal(res.n_findings, 1);
    scan_result_release(&res);
    /* Through the fd entry point, non-archive bytes fail cleanly. */
    int fd = open(CASES "garbage.bin", O_RDONLY);
    assert_true(fd >= 0);
    struct scan_options o;
    scan_options_init(&o);
    assert_int_equal(scan_archive_fd(eng, fd, &o, &res), VG_ERR_INVALID);
    close(fd);
    scan_result_release(&res);
    assert_int_equal(scan_path(eng, "tests/scan/cases/does-not-exist", &o, &res), VG_ERR_IO);
    scan_result_release(&res);
}

static void test_bad_names(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(scan_case("latin1-names.tar", 1, &res), VG_OK);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].file_path, "caf?/?[31mred?.env");
    scan_result_release(&res);
}

static void test_archive_vegaignore_and_strip(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    o.strip_components = 1;
    assert_int_equal(scan_path(eng, CASES "vegaignore.tar.gz", &o, &res), VG_OK);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].file_path, "src/b.env");
    scan_result_release(&res);
}

struct mem_src {
    const char *data;
    size_t len, pos;
};

static ssize_t mem_read(void *ctx, const void **data)
{
    struct mem_src *m = ctx;
    size_t n = m->len - m->pos < 100 ? m->len - m->pos : 100;
    *data = m->data + m->pos;
    m->pos += n;
    return (ssize_t)n;
}

static void test_stream(void **state)
{
    (void)state;
    FILE *f = fopen(CASES "simple.tar.gz", "rb");
    assert_non_null(f);
    char data[4096];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    struct mem_src m = {data, n, 0};
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    assert_int_equal(scan_archive_stream(eng, mem_read, &m, &o, &res), VG_OK);
    assert_int_equal(res.n_findings, 1);
    scan_result_release(&res);
}

static void test_directory(void **state)
{
    (void)state;
    char root[256];
    assert_non_null(test_mkdtemp(root, sizeof root, "ingest"));
    char p[512];
    snprintf(p, sizeof p, "%s/src", root);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/node_modules", root);
    mkdir(p, 0700);
    for (int i = 0; i < 40; i++) {
        snprintf(p, sizeof p, "%s/src/f%02d.env", root, i);
        write_file(p, i % 10 == 0 ? "T=" GH_OK "\n" : "nothing here\n");
    }
    snprintf(p, sizeof p, "%s/node_modules/a.env", root);
    write_file(p, "T=" GH_OK "\n");
    snprintf(p, sizeof p, "%s/pyenv", root); /* a virtualenv under another name */
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/pyenv/pyvenv.cfg", root);
    write_file(p, "home = /usr/bin\n");
    snprintf(p, sizeof p, "%s/pyenv/a.env", root);
    write_file(p, "T=" GH_OK "\n");
    snprintf(p, sizeof p, "%s/big.env", root);
    write_file(p, "T=" GH_OK "\n"
                  "padding padding padding padding padding\n");
    snprintf(p, sizeof p, "%s/link.env", root);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    snprintf(p, sizeof p, "%s/.vegaignore", root);
    write_file(p, "src/f30.env\n");
    for (unsigned th = 1; th <= 4; th *= 2) {
        struct scan_result res = SCAN_RESULT_INIT;
        struct scan_options o;
        scan_options_init(&o);
        o.threads = th;
        o.max_file_size = 50;
        assert_int_equal(scan_path(eng, root, &o, &res), VG_OK);
        assert_int_equal(res.n_findings, 3); /* f00 f10 f20; f30 by .vegaignore */
        assert_string_equal(res.findings[0].file_path, "src/f00.env");
        assert_int_equal(res.stats.risky_files, 1);
        assert_int_equal(res.stats.ignored_dirs, 2);
        assert_int_equal(res.stats.ignored_files, 2); /* big.env, f30 */
        assert_int_equal(res.stats.included_files, 40);
        scan_result_release(&res);
    }
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    o.max_entries = 5;
    assert_int_equal(scan_path(eng, root, &o, &res), VG_ERR_TOO_LARGE);
    assert_string_equal(res.stats.limit_reached, "max_entries");
    scan_result_release(&res);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

/* The walk hands files to the workers in batches: every file of a tree larger than many
 * batches is scanned exactly once with any number of threads; a symlink loop is not
 * followed and an unreadable directory is an error, not a hang or a silent skip. */
static void test_walk_every_file_once(void **state)
{
    (void)state;
    char root[256];
    assert_non_null(test_mkdtemp(root, sizeof root, "walk"));
    char p[512], text[128];
    enum { DIRS = 7, PER_DIR = 23 };
    for (int d = 0; d < DIRS; d++) {
        snprintf(p, sizeof p, "%s/d%d", root, d);
        assert_int_equal(mkdir(p, 0700), 0);
        snprintf(p, sizeof p, "%s/d%d/sub", root, d);
        assert_int_equal(mkdir(p, 0700), 0);
        for (int i = 0; i < PER_DIR; i++) {
            /* distinct contents (no de-duplication), one secret each */
            snprintf(text, sizeof text, "T=" GH_OK "\n# file %d.%d\n", d, i);
            snprintf(p, sizeof p, "%s/d%d/%sf%02d.env", root, d, i % 2 ? "sub/" : "", i);
            write_file(p, text);
        }
    }
    snprintf(p, sizeof p, "%s/d0/sub/loop", root);
    assert_int_equal(symlink("..", p), 0);
    snprintf(p, sizeof p, "%s/locked", root);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/locked/x.env", root);
    write_file(p, "T=" GH_OK "\n");
    snprintf(p, sizeof p, "%s/locked", root);
    assert_int_equal(chmod(p, 0000), 0);
    bool unreadable = access(p, R_OK | X_OK) != 0; /* root reads it anyway */
    for (unsigned th = 1; th <= 3; th++) {
        struct scan_result res = SCAN_RESULT_INIT;
        struct scan_options o;
        scan_options_init(&o);
        o.threads = th;
        enum vg_err e = scan_path(eng, root, &o, &res);
        assert_int_equal(e, unreadable ? VG_ERR_IO : VG_OK);
        size_t want = DIRS * PER_DIR + (unreadable ? 0 : 1);
        assert_int_equal(res.n_findings, want);
        assert_int_equal(res.stats.included_files, want);
        assert_int_equal(res.stats.risky_files, 1); /* the loop */
        assert_int_equal(res.stats.errors, unreadable ? 1 : 0);
        for (size_t i = 1; i < res.n_findings; i++) /* sorted by path: no path twice */
            assert_true(strcmp(res.findings[i - 1].file_path, res.findings[i].file_path) < 0);
        scan_result_release(&res);
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", root, root);
    assert_int_equal(system(cmd), 0);
}

/* A large file is probed before it is read: a binary one is ignored (counted as before),
 * a large text file is still read to its last byte. */
static void test_large_binary_probe(void **state)
{
    (void)state;
    char root[256];
    assert_non_null(test_mkdtemp(root, sizeof root, "probe"));
    size_t n = (size_t)3 * 1024 * 1024;
    char *big = malloc(n + 64);
    assert_non_null(big);
    memset(big, 'a', n);
    for (size_t i = 80; i < n; i += 81)
        big[i] = '\n';
    const char *key = "\nT=" GH_OK "\n";
    memcpy(big + n - strlen(key), key, strlen(key));
    big[n] = '\0';
    char p[512];
    snprintf(p, sizeof p, "%s/text.env", root);
    write_file(p, big);
    big[10] = '\0'; /* the same bytes with a NUL in the probe: binary */
    snprintf(p, sizeof p, "%s/blob.env", root);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(big, 1, n, f), n);
    fclose(f);
    for (unsigned th = 1; th <= 2; th++) {
        struct scan_result res = SCAN_RESULT_INIT;
        struct scan_options o;
        scan_options_init(&o);
        o.threads = th;
        assert_int_equal(scan_path(eng, root, &o, &res), VG_OK);
        assert_int_equal(res.n_findings, 1);
        assert_string_equal(res.findings[0].file_path, "text.env");
        assert_int_equal(res.stats.included_files, 1);
        assert_int_equal(res.stats.ignored_files, 1);
        assert_int_equal(res.stats.ignored_bytes, n);
        scan_result_release(&res);
    }
    free(big);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

/* The content key (dedupe.c): equal bytes at any address give equal keys; one flipped bit,
 * two 64-byte stripes or two 1 KiB blocks swapped, or one byte more give another key, on
 * both sides of the length where the vector hash starts. */
static bool same_key(const char *a, size_t na, const char *b, size_t nb)
{
    struct dedupe_key x, y;
    dedupe_key(a, na, &x);
    dedupe_key(b, nb, &y);
    return x.h[0] == y.h[0] && x.h[1] == y.h[1] && x.len == y.len;
}

static void test_dedupe_key(void **state)
{
    (void)state;
    static const size_t lens[] = {0, 1, 15, 16, 63, 64, 200, 255, 256, 257, 1000, 1024, 1087, 4096, 70001};
    char *a = malloc(70001 + 64), *b = malloc(70001 + 64);
    assert_non_null(a);
    assert_non_null(b);
    uint32_t x = 12345;
    for (size_t i = 0; i < 70001 + 64; i++) {
        x = x * 1103515245u + 12345u;
        a[i] = (char)(x >> 24);
    }
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
        size_t n = lens[l];
        memcpy(b + 3, a, n); /* another address, unaligned */
        assert_true(same_key(a, n, b + 3, n));
        assert_false(same_key(a, n, a, n + 1));
        for (size_t pos = 0; pos < n; pos += n / 17 + 1) {
            for (int bit = 0; bit < 8; bit += 3) {
                b[3 + pos] ^= (char)(1 << bit);
                assert_false(same_key(a, n, b + 3, n));
                b[3 + pos] ^= (char)(1 << bit);
            }
        }
        for (size_t span = 64; span <= 1024; span *= 16) {
            if (n < 2 * span)
                continue;
            memcpy(b, a + span, span); /* the first two spans swapped */
            memcpy(b + span, a, span);
            memcpy(b + 2 * span, a + 2 * span, n - 2 * span);
            assert_false(same_key(a, n, b, n));
        }
    }
    free(a);
    free(b);
}

static void test_duplicates(void **state)
{
    (void)state;
    char root[256];
    assert_non_null(test_mkdtemp(root, sizeof root, "dup"));
    char p[512];
    const char *text = "// a file long enough to be remembered by its hash\nT=" GH_OK "\n";
    snprintf(p, sizeof p, "%s/a", root);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/test", root);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/a/x.env", root);
    write_file(p, text);
    snprintf(p, sizeof p, "%s/test/x.env", root);
    write_file(p, text);
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    o.threads = 1;
    assert_int_equal(scan_path(eng, root, &o, &res), VG_OK);
    assert_int_equal(res.n_findings, 2); /* the same content at two paths: both reported */
    assert_int_equal(res.stats.duplicate_files, 1);
    assert_string_equal(res.findings[0].file_path, "a/x.env");
    assert_int_equal(res.findings[0].confidence, CONF_HIGH);
    assert_int_equal(res.findings[1].confidence, CONF_MEDIUM); /* test/ lowers it */
    assert_string_equal(res.findings[0].fingerprint, res.findings[1].fingerprint);
    scan_result_release(&res);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

static void manifest_hook(void *ctx, const char *path, const char *data, size_t len,
                          struct scan_result *out)
{
    (*(int *)ctx)++;
    char fp[SCAN_FINGERPRINT_HEX + 1];
    scan_fingerprint(NULL, "dependency-npm-vulnerable", NULL, "lodash|4.17.15", 14, fp);
    struct scan_finding_spec f = {
        .fingerprint = fp,
        .rule_id = "dependency-npm-vulnerable",
        .title = "lodash 4.17.15 has a known vulnerability",
        .category = "dependency",
        .description = "d",
        .recommendation = "Upgrade lodash.",
        .severity = SEV_HIGH,
        .confidence = CONF_HIGH,
        .file_path = path,
        .masked_evidence = "lodash@4.17.15",
        .line_start = 1,
        .line_end = 1,
    };
    (void)data, (void)len;
    scan_result_add(out, &f);
}

static void test_manifest_hook(void **state)
{
    (void)state;
    int calls = 0;
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    o.manifest = manifest_hook;
    o.manifest_ctx = &calls;
    const char *lock = "{\"lockfileVersion\": 3}\n";
    assert_int_equal(scan_buffer(eng, "web/package-lock.json", lock, strlen(lock), &o, &res),
                     VG_OK);
    assert_int_equal(calls, 1);
    assert_int_equal(res.stats.manifests, 1);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].title, "lodash 4.17.15 has a known vulnerability");
    assert_string_equal(res.findings[0].file_path, "web/package-lock.json");
    scan_result_release(&res);
}

static size_t count_rule(const struct scan_result *res, const char *id, const char *path_part)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_findings; i++)
        n += strcmp(res->findings[i].rule_id, id) == 0 &&
             strstr(res->findings[i].file_path, path_part) != NULL;
    return n;
}

/* Build output is read for secrets (code rules skip it); third-party trees and
 * .next/cache are not read at all; --no-default-ignores reads everything. */
static void test_build_output(void **state)
{
    (void)state;
    char root[256];
    assert_non_null(test_mkdtemp(root, sizeof root, "build"));
    static const char *const dirs[] = {"dist",         "dist/assets",         ".next",
                                       ".next/static", ".next/static/chunks", ".next/cache",
                                       "node_modules", "node_modules/x",      "src"};
    char p[512];
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        assert_int_equal(mkdir(p, 0700), 0);
    }
    static const char *const files[] = {
        "dist/assets/index-abc.js",
        "const t=\"" GH_OK "\";app.get('/',(req,res)=>{eval(req.query.x)})\n",
        ".next/static/chunks/x.js",
        "var t={token:\"" GH_OK "\"};\n",
        ".next/cache/y.js",
        "var t=\"" GH_OK "\";\n",
        "node_modules/x/k.js",
        "var t=\"" GH_OK "\";\n",
        "src/app.js",
        "app.get('/', (req, res) => { eval(req.query.x); });\n",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i += 2) {
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        write_file(p, files[i + 1]);
    }
    struct scan_result res = SCAN_RESULT_INIT;
    struct scan_options o;
    scan_options_init(&o);
    assert_int_equal(scan_path(eng, root, &o, &res), VG_OK);
    assert_int_equal(count_rule(&res, "test-github-pat", "dist/assets/index-abc.js"), 1);
    assert_int_equal(count_rule(&res, "test-github-pat", ".next/static/chunks/x.js"), 1);
    assert_int_equal(count_rule(&res, "test-github-pat", ""), 2);
    assert_int_equal(count_rule(&res, "test-js-eval", "src/app.js"), 1);
    assert_int_equal(count_rule(&res, "test-js-eval", ""), 1); /* not in dist/ */
    assert_int_equal(res.stats.ignored_dirs, 2);               /* node_modules, .next/cache */
    scan_result_release(&res);
    /* The same tree as a ZIP (paths checked by name, no directory walk). */
    char zip[600];
    snprintf(zip, sizeof zip, "%s.zip", root);
    write_zip(zip, (const char *const[]){files[0], files[1], files[2], files[3], files[4], files[5],
                                         files[6], files[7], files[8], files[9], NULL});
    assert_int_equal(scan_path(eng, zip, &o, &res), VG_OK);
    assert_int_equal(count_rule(&res, "test-github-pat", ""), 2);
    assert_int_equal(count_rule(&res, "test-js-eval", ""), 1);
    assert_int_equal(res.stats.ignored_files, 2);
    scan_result_release(&res);
    o.default_ignores = false;
    assert_int_equal(scan_path(eng, root, &o, &res), VG_OK);
    assert_int_equal(count_rule(&res, "test-github-pat", ""), 4);
    /* every byte: dist/ is a bundle, which code rules skip too (code_file_skipped) */
    assert_int_equal(count_rule(&res, "test-js-eval", ""), 1);
    assert_int_equal(count_rule(&res, "test-js-eval", "src/app.js"), 1);
    scan_result_release(&res);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", root, zip);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_archives),
        cmocka_unit_test(test_hostile_paths),
        cmocka_unit_test(test_zip_central_directory),
        cmocka_unit_test(test_bombs),
        cmocka_unit_test(test_broken_input),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_archive_vegaignore_and_strip),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_build_output),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_dedupe_key),
        cmocka_unit_test(test_walk_every_file_once),
        cmocka_unit_test(test_large_binary_probe),
        cmocka_unit_test(test_manifest_hook),
    };
    return cmocka_run_group_tests_name("scan_ingest", tests, setup, teardown);
}
