/*
 * Unit tests for the OSV side of dependency scanning: CVSS v3 scoring, OSV parsing,
 * range evaluation, the index writer/reader round trip, and import from JSON files,
 * directories and ZIPs (built here with libarchive's writer), including bad input.
 */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "testlib.h"

#include "deps/osv.h"
#include "util/xalloc.h"

static unsigned score(const char *v)
{
    unsigned s = 999;
    if (!osv_cvss3_score10(v, &s))
        fail_msg("vector refused: %s", v);
    return s;
}

static void test_cvss(void **state)
{
    (void)state;
    assert_int_equal(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 98);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 100);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"), 75);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), 61);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"), 53);
    assert_int_equal(score("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"), 78);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:C/C:L/I:N/A:N"), 26);
    assert_int_equal(score("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N"), 0);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H"), 99);
    assert_int_equal(score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N"), 59);
    /* Temporal metrics are ignored; order does not matter. */
    assert_int_equal(score("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:P/RL:O"), 98);
    static const char *bad[] = {"AV:N/AC:L/Au:N/C:P/I:P/A:P",
                                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
                                "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                "CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                "CVSS:3.1/",
                                "",
                                NULL};
    unsigned s;
    for (size_t i = 0; bad[i] != NULL; i++) {
        if (osv_cvss3_score10(bad[i], &s))
            fail_msg("accepted %s", bad[i]);
    }
    assert_false(osv_cvss3_score10(NULL, &s));
    assert_int_equal(osv_severity_from_score10(98), OSV_SEV_CRITICAL);
    assert_int_equal(osv_severity_from_score10(90), OSV_SEV_CRITICAL);
    assert_int_equal(osv_severity_from_score10(89), OSV_SEV_HIGH);
    assert_int_equal(osv_severity_from_score10(70), OSV_SEV_HIGH);
    assert_int_equal(osv_severity_from_score10(40), OSV_SEV_MEDIUM);
    assert_int_equal(osv_severity_from_score10(39), OSV_SEV_LOW);
    assert_int_equal(osv_severity_from_score10(0), OSV_SEV_LOW);
}

/* ---- parsing ---- */

struct collected {
    struct osv_entry e[16];
    enum osv_ecosystem eco[16];
    size_t n;
};

static void collect(enum osv_ecosystem eco, struct osv_entry *e, void *ctx)
{
    struct collected *c = ctx;
    assert_true(c->n < 16);
    c->eco[c->n] = eco;
    c->e[c->n++] = *e;
}

static void collected_release(struct collected *c)
{
    for (size_t i = 0; i < c->n; i++)
        osv_entry_release(&c->e[i]);
    c->n = 0;
}

static const char LODASH_OSV[] =
    "{\"schema_version\":\"1.4.0\",\"id\":\"GHSA-35jh-r3h4-6jhm\",\"modified\":\"2024-01-01T00:00:"
    "00Z\","
    "\"aliases\":[\"CVE-2021-23337\"],\"summary\":\"Command Injection in lodash\","
    "\"details\":\"long text\","
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/"
    "A:H\"}],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lodash\"},"
    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}]}]"
    "},"
    "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lodash-es\"},"
    "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"x\",\"events\":[{\"introduced\":\"0\"}]}]},"
    "{\"package\":{\"ecosystem\":\"Maven\",\"name\":\"org.x:y\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]}],"
    "\"database_specific\":{\"severity\":\"LOW\"}}";

static void test_parse_osv(void **state)
{
    (void)state;
    struct collected c = {.n = 0};
    char err[256];
    size_t skipped = 0;
    assert_int_equal(
        osv_parse_json(LODASH_OSV, strlen(LODASH_OSV), collect, &c, &skipped, err, sizeof(err)),
        VG_OK);
    assert_int_equal(c.n, 1); /* lodash-es has only a GIT range; Maven is skipped */
    assert_int_equal(skipped, 1);
    assert_int_equal(c.eco[0], OSV_ECO_NPM);
    assert_string_equal(c.e[0].name, "lodash");
    assert_string_equal(c.e[0].id, "GHSA-35jh-r3h4-6jhm");
    assert_string_equal(c.e[0].aliases, "CVE-2021-23337");
    assert_string_equal(c.e[0].summary, "Command Injection in lodash");
    assert_string_equal(c.e[0].ranges, "S\ni0\nf4.17.21\n");
    assert_int_equal(c.e[0].score10, 72); /* CVSS wins over database_specific */
    assert_int_equal(c.e[0].severity, OSV_SEV_HIGH);
    collected_release(&c);

    static const char py[] =
        "{\"id\":\"PYSEC-2021-1\",\"modified\":\"x\",\"details\":\"First line\\nmore\","
        "\"aliases\":[\"CVE-1\",\"GHSA-aaaa\"],\"database_specific\":{\"severity\":\"MODERATE\"},"
        "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Django_REST.framework\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},"
        "{\"last_affected\":\"1.5\"}]}],\"versions\":[\"1.0\",\"1.5\"]}]}";
    assert_int_equal(osv_parse_json(py, strlen(py), collect, &c, NULL, err, sizeof(err)), VG_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.e[0].name, "django-rest-framework");
    assert_string_equal(c.e[0].summary, "First line");
    assert_string_equal(c.e[0].aliases, "CVE-1, GHSA-aaaa");
    assert_string_equal(c.e[0].ranges, "E\ni1.0\nl1.5\nv1.0\nv1.5\n");
    assert_int_equal(c.e[0].severity, OSV_SEV_MEDIUM);
    assert_int_equal(c.e[0].score10, 0);
    collected_release(&c);

    /* A versions list too long for one entry keeps the range and the versions that fit. */
    struct buf big = BUF_INIT;
    assert_int_equal(buf_append_str(&big, "{\"id\":\"PYSEC-big\",\"modified\":\"x\",\"affected\":"
                                          "[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"big\"},"
                                          "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":"
                                          "[{\"introduced\":\"0\"},{\"fixed\":\"9.0\"}]}],"
                                          "\"versions\":[\"0.0.0\""),
                     VG_OK);
    for (int i = 1; i < 50000; i++)
        assert_int_equal(buf_printf(&big, ",\"1.%d.0\"", i), VG_OK);
    assert_int_equal(buf_append_str(&big, "]}]}"), VG_OK);
    assert_int_equal(osv_parse_json(big.ptr, big.len, collect, &c, NULL, err, sizeof(err)), VG_OK);
    assert_int_equal(c.n, 1);
    const char *head = "E\ni0\nf9.0\nv0.0.0\nv1.1.0\n";
    assert_true(strncmp(c.e[0].ranges, head, strlen(head)) == 0);
    assert_true(strlen(c.e[0].ranges) <= OSV_MAX_RANGE_BYTES);
    assert_true(c.e[0].ranges[strlen(c.e[0].ranges) - 1] == '\n');
    buf_release(&big);
    collected_release(&c);

    static const char withdrawn[] =
        "[{\"id\":\"GHSA-w\",\"modified\":\"x\",\"withdrawn\":\"2024-01-01T00:00:00Z\","
        "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"}},"
        "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"b\"}}]}]";
    assert_int_equal(
        osv_parse_json(withdrawn, strlen(withdrawn), collect, &c, NULL, err, sizeof(err)), VG_OK);
    assert_int_equal(c.n, 1); /* one tombstone per ecosystem */
    assert_null(c.e[0].ranges);
    assert_string_equal(c.e[0].id, "GHSA-w");
    collected_release(&c);

    static const char *bad[] = {"{",
                                "[1,2",
                                "{\"id\":1}",
                                "{\"affected\":[]}",
                                "\"str\"",
                                "{\"id\":\"x\"}",
                                "{\"id\":\"a\",\"id\":\"b\",\"modified\":\"x\"}",
                                NULL};
    for (size_t i = 0; bad[i] != NULL; i++) {
        err[0] = '\0';
        if (osv_parse_json(bad[i], strlen(bad[i]), collect, &c, NULL, err, sizeof(err)) !=
            VG_ERR_INVALID)
            fail_msg("accepted %s", bad[i]);
        assert_true(err[0] != '\0');
    }
    assert_int_equal(c.n, 0);
}

/* ---- matching ---- */

static bool affects(enum osv_ecosystem eco, const char *ranges, const char *v, const char *fixed)
{
    struct osv_match m;
    bool r = osv_ranges_affect(eco, ranges, v, &m);
    if (r && fixed != NULL && strcmp(m.fixed, fixed) != 0)
        fail_msg("fixed for %s: got '%s' want '%s'", v, m.fixed, fixed);
    return r;
}

static void test_match(void **state)
{
    (void)state;
    const char *r = "S\ni0\nf4.17.21\n";
    assert_true(affects(OSV_ECO_NPM, r, "4.17.15", "4.17.21"));
    assert_true(affects(OSV_ECO_NPM, r, "0.0.1", "4.17.21"));
    assert_true(affects(OSV_ECO_NPM, r, "4.17.21-beta.1", "4.17.21"));
    assert_false(affects(OSV_ECO_NPM, r, "4.17.21", NULL));
    assert_false(affects(OSV_ECO_NPM, r, "5.0.0", NULL));
    assert_false(affects(OSV_ECO_NPM, r, "not-a-version", NULL));
    /* Two ranges; events given out of order; the nearest fix above the version wins. */
    const char *two = "S\nf1.2.5\ni1.0.0\nS\ni2.0.0\nf2.3.1\ni3.0.0\nf3.0.2\n";
    assert_false(affects(OSV_ECO_NPM, two, "0.9.0", NULL));
    assert_true(affects(OSV_ECO_NPM, two, "1.2.4", "1.2.5"));
    assert_false(affects(OSV_ECO_NPM, two, "1.9.9", NULL));
    assert_true(affects(OSV_ECO_NPM, two, "2.3.0", "2.3.1"));
    assert_false(affects(OSV_ECO_NPM, two, "2.3.1", NULL));
    assert_true(affects(OSV_ECO_NPM, two, "3.0.1", "3.0.2"));
    assert_false(affects(OSV_ECO_NPM, two, "3.0.2", NULL));
    /* last_affected and limit. */
    struct osv_match m;
    assert_true(osv_ranges_affect(OSV_ECO_PYPI, "E\ni1.0\nl1.5\n", "1.5", &m));
    assert_string_equal(m.fixed, "");
    assert_string_equal(m.last_affected, "1.5");
    assert_false(affects(OSV_ECO_PYPI, "E\ni1.0\nl1.5\n", "1.5.post1", NULL));
    assert_false(affects(OSV_ECO_PYPI, "E\ni1.0\nl1.5\n", "0.9", NULL));
    assert_false(affects(OSV_ECO_NPM, "S\ni0\nm2.0.0\n", "2.0.0", NULL));
    assert_true(affects(OSV_ECO_NPM, "S\ni0\nm2.0.0\n", "1.9.0", ""));
    /* PEP 440 ordering in ranges: pre-releases, post releases, epochs, "1.0" == "1.0.0". */
    const char *pr = "E\ni0\nf2.0.0rc1\n";
    assert_true(affects(OSV_ECO_PYPI, pr, "2.0.0b3", "2.0.0rc1"));
    assert_true(affects(OSV_ECO_PYPI, pr, "2.0.dev1", "2.0.0rc1"));
    assert_false(affects(OSV_ECO_PYPI, pr, "2.0rc1", NULL));
    assert_false(affects(OSV_ECO_PYPI, pr, "1!0.1", NULL));
    assert_true(affects(OSV_ECO_PYPI, "E\ni1.0\nf1.0.post1\n", "1.0.0", "1.0.post1"));
    /* Explicit versions, compared in the ecosystem's scheme. */
    assert_true(affects(OSV_ECO_PYPI, "v2.25\nv2.26.0\n", "2.25.0", ""));
    assert_false(affects(OSV_ECO_PYPI, "v2.25\n", "2.25.1", NULL));
    assert_true(affects(OSV_ECO_NPM, "v1.0.0\n", "1.0.0", ""));
    /* Garbage events are ignored rather than matched. */
    assert_false(affects(OSV_ECO_NPM, "S\nizzz\nf1.0.0\n", "0.5.0", NULL));
    assert_false(affects(OSV_ECO_NPM, "", "1.0.0", NULL));
    assert_false(affects(OSV_ECO_NPM, "\n\n\nS\n\n", "1.0.0", NULL));
}

/* ---- index ---- */

static char *tmpdir_new(void)
{
    char *t = xmalloc(512);
    assert_non_null(test_mkdtemp(t, 512, "osv-test"));
    return t;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static void rm_rf(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct osv_entry mk(const char *name, const char *id, const char *ranges, uint32_t seq)
{
    struct osv_entry e = {xstrdup(name),
                          xstrdup(id),
                          xstrdup("CVE-X"),
                          xstrdup("sum"),
                          ranges ? xstrdup(ranges) : NULL,
                          OSV_SEV_HIGH,
                          75,
                          seq};
    return e;
}

static void test_index_roundtrip(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char *path = xasprintf("%s/npm.idx", dir);
    struct osv_entry e[6] = {
        mk("zeta", "GHSA-1", "S\ni0\n", 1),  mk("alpha", "GHSA-2", "S\ni0\n", 1),
        mk("alpha", "GHSA-3", "S\ni0\n", 0), mk("alpha", "GHSA-3", "S\ni1.0.0\n", 2),
        mk("beta", "GHSA-4", NULL, 3),       mk("beta", "GHSA-4", "S\ni0\n", 0),
    };
    struct osv_index_info info;
    assert_int_equal(osv_index_write(path, e, 6, 1234, &info), VG_OK);
    assert_int_equal(info.entries, 3); /* GHSA-3 seq 0 replaced, GHSA-4 withdrawn */
    assert_int_equal(info.advisories, 3);
    struct osv_index *idx = NULL;
    assert_int_equal(osv_index_load(path, &idx), VG_OK);
    assert_int_equal(osv_index_size(idx), 3);
    size_t first = 99;
    assert_int_equal(osv_index_lookup(idx, "alpha", &first), 2);
    assert_int_equal(first, 0);
    struct osv_ref r;
    osv_index_get(idx, 1, &r);
    assert_string_equal(r.id, "GHSA-3");
    assert_string_equal(r.ranges, "S\ni1.0.0\n");
    assert_string_equal(r.aliases, "CVE-X");
    assert_int_equal(r.score10, 75);
    assert_int_equal(osv_index_lookup(idx, "zeta", &first), 1);
    assert_int_equal(first, 2);
    assert_int_equal(osv_index_lookup(idx, "beta", &first), 0);
    assert_int_equal(osv_index_lookup(idx, "zzz", &first), 0);
    assert_int_equal(osv_index_lookup(idx, "", &first), 0);
    osv_index_free(idx);
    assert_int_equal(osv_index_stat(path, &info), VG_OK);
    assert_int_equal(info.import_time, 1234);

    /* Corruption is detected, never trusted. */
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    for (long off = 0; off < size; off += 7) {
        fseek(f, off, SEEK_SET);
        int c = fgetc(f);
        fseek(f, off, SEEK_SET);
        fputc(c ^ 0x5a, f);
        fflush(f);
        enum vg_err err = osv_index_load(path, &idx);
        if (err == VG_OK) {
            size_t fi;
            osv_index_lookup(idx, "alpha", &fi);
            osv_index_free(idx);
        }
        fseek(f, off, SEEK_SET);
        fputc(c, f);
        fflush(f);
    }
    assert_int_equal(ftruncate(fileno(f), size - 1), 0);
    fclose(f);
    assert_int_equal(osv_index_load(path, &idx), VG_ERR_INVALID);
    char *missing = xasprintf("%s/none.idx", dir);
    assert_int_equal(osv_index_load(missing, &idx), VG_ERR_NOT_FOUND);
    free(missing);

    /* An empty index is valid. */
    assert_int_equal(osv_index_write(path, NULL, 0, 5, &info), VG_OK);
    assert_int_equal(osv_index_load(path, &idx), VG_OK);
    assert_int_equal(osv_index_size(idx), 0);
    assert_int_equal(osv_index_lookup(idx, "alpha", &first), 0);
    osv_index_free(idx);
    rm_rf(dir);
    free(path);
    free(dir);
}

/* ---- import ---- */

static const char PY_OSV[] =
    "{\"id\":\"PYSEC-1\",\"modified\":\"x\",\"summary\":\"bad\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Requests\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.31.0\"}]"
    "}]}]}";

static enum vg_err import_one(const char *data_dir, const char *path, char *err, size_t n)
{
    struct osv_import *imp = osv_import_new();
    enum vg_err e = osv_import_path(imp, path, err, n);
    if (e == VG_OK)
        e = osv_import_commit(imp, data_dir, err, n);
    osv_import_free(imp);
    return e;
}

static void test_import(void **state)
{
    (void)state;
    char *dir = tmpdir_new();
    char *data = xasprintf("%s/var", dir);
    char *zip = xasprintf("%s/npm-all.zip", dir);
    const char *members[] = {
        "GHSA-35jh-r3h4-6jhm.json", LODASH_OSV, "PYSEC-1.json", PY_OSV, "README.txt",
        "not json, ignored",        NULL};
    write_zip(zip, members);
    char err[512] = "";
    assert_int_equal(import_one(data, zip, err, sizeof(err)), VG_OK);
    struct osv_index_info info;
    char *npm = osv_index_path(data, OSV_ECO_NPM), *pypi = osv_index_path(data, OSV_ECO_PYPI);
    assert_int_equal(osv_index_stat(npm, &info), VG_OK);
    assert_int_equal(info.advisories, 1);
    assert_int_equal(osv_index_stat(pypi, &info), VG_OK);
    assert_int_equal(info.entries, 1);

    /* Re-import is idempotent; a directory import merges a new advisory. */
    assert_int_equal(import_one(data, zip, err, sizeof(err)), VG_OK);
    char *sub = xasprintf("%s/more", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    char *j = xasprintf("%s/more/GHSA-new.json", dir);
    write_file(j, "{\"id\":\"GHSA-new\",\"modified\":\"x\",\"affected\":[{\"package\":"
                  "{\"ecosystem\":\"npm\",\"name\":\"minimist\"},\"versions\":[\"1.2.5\"]}]}");
    char *other = xasprintf("%s/more/notes.md", dir);
    write_file(other, "ignored: not .json");
    assert_int_equal(import_one(data, sub, err, sizeof(err)), VG_OK);
    assert_int_equal(osv_index_stat(npm, &info), VG_OK);
    assert_int_equal(info.advisories, 2);
    assert_int_equal(info.entries, 2);
    struct osv_index *idx = NULL;
    assert_int_equal(osv_index_load(npm, &idx), VG_OK);
    size_t first;
    assert_int_equal(osv_index_lookup(idx, "lodash", &first), 1);
    osv_index_free(idx);

    /* Bad input: errors with a message naming it, and the index is left intact. */
    struct stat before, after;
    assert_int_equal(stat(npm, &before), 0);
    char *bad = xasprintf("%s/bad.json", dir);
    write_file(bad, "{\"id\": \"GHSA-x\", ");
    err[0] = '\0';
    assert_int_equal(import_one(data, bad, err, sizeof(err)), VG_ERR_INVALID);
    assert_non_null(strstr(err, "bad.json"));
    assert_non_null(strstr(err, "malformed JSON"));
    char *badzip = xasprintf("%s/bad.zip", dir);
    write_file(badzip, "PK\003\004 this is not really a zip at all");
    assert_int_equal(import_one(data, badzip, err, sizeof(err)), VG_ERR_INVALID);
    assert_non_null(strstr(err, "bad.zip"));
    char *zip2 = xasprintf("%s/mixed.zip", dir);
    const char *mixed[] = {"a.json", PY_OSV, "b.json", "{not json", NULL};
    write_zip(zip2, mixed);
    assert_int_equal(import_one(data, zip2, err, sizeof(err)), VG_ERR_INVALID);
    assert_non_null(strstr(err, "b.json"));
    assert_int_equal(import_one(data, "/nonexistent/file.zip", err, sizeof(err)), VG_ERR_NOT_FOUND);
    assert_int_equal(stat(npm, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
    assert_int_equal(osv_index_stat(npm, &info), VG_OK);
    assert_int_equal(info.advisories, 2);

    free(bad);
    free(badzip);
    free(zip2);
    free(other);
    free(j);
    free(sub);
    free(npm);
    free(pypi);
    rm_rf(dir);
    free(zip);
    free(data);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cvss),   cmocka_unit_test(test_parse_osv),
        cmocka_unit_test(test_match),  cmocka_unit_test(test_index_roundtrip),
        cmocka_unit_test(test_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
