/*
 * Tests for `vega advisories import|status` (cli/advisories.c), driven in process:
 * import a ZIP and a directory, re-import (idempotent), and bad input (not a zip,
 * malformed JSON, missing file) which must exit 2 with a message naming the input and
 * leave the previous index untouched.
 */
#include <fcntl.h>
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

#include <cmocka.h>

#include "testlib.h"

#include "cli/cli.h"
#include "deps/osv.h"
#include "util/xalloc.h"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[8192];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* Run `vega advisories ARGS...` with stdout and stderr captured into *out. */
static int run(char **out, int argc, ...)
{
    static char name[] = "advisories";
    char *argv[16] = {name};
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++)
        argv[i + 1] = va_arg(ap, char *);
    va_end(ap);
    char path[256];
    int fd = test_mkstemp(path, sizeof path, "cli-out");
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    int rc = cmd_advisories(argc + 1, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    close(fd);
    *out = read_all(path);
    unlink(path);
    return rc;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static const char ADV[] =
    "{\"id\":\"GHSA-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
    "{\"ecosystem\":\"npm\",\"name\":\"lodash\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
    "[{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}]}]}]}";

static void test_cli(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "adv-cli"));
    char *data = xasprintf("%s/var", dir);
    char *json = xasprintf("%s/GHSA-1.json", dir);
    char *zip = xasprintf("%s/npm.zip", dir);
    write_file(json, ADV);
    char *out;
    /* `zip` is not always installed; the library tests build ZIPs with libarchive. */
    assert_int_equal(run(&out, 4, "import", "--data-dir", data, json), 0);
    assert_non_null(strstr(out, "npm   1 advisory, 1 package entry"));
    assert_int_equal(run(&out, 5, "import", json, "--data-dir", data, json), 0);
    assert_int_equal(run(&out, 3, "status", "--data-dir", data), 0);
    assert_non_null(strstr(out, "npm   1 advisory,"));
    assert_non_null(strstr(out, "PyPI  not loaded"));
    char *idx = osv_index_path(data, OSV_ECO_NPM);
    struct stat before, after;
    assert_int_equal(stat(idx, &before), 0);

    char *notzip = xasprintf("%s/notzip.zip", dir);
    write_file(notzip, "PK\003\004garbage garbage garbage");
    assert_int_equal(run(&out, 5, "import", "--data-dir", data, json, notzip), 2);
    assert_non_null(strstr(out, "notzip.zip"));
    assert_non_null(strstr(out, "previous index is unchanged"));
    char *bad = xasprintf("%s/bad.json", dir);
    write_file(bad, "{\"id\": \"GHSA-2\", \"affected\": [");
    assert_int_equal(run(&out, 4, "import", "--data-dir", data, bad), 2);
    assert_non_null(strstr(out, "bad.json: malformed JSON"));
    char *text = xasprintf("%s/notes.txt", dir);
    write_file(text, "hello");
    assert_int_equal(run(&out, 4, "import", "--data-dir", data, text), 2);
    assert_non_null(strstr(out, "notes.txt"));
    assert_int_equal(run(&out, 4, "import", "--data-dir", data, "/nonexistent.zip"), 2);
    assert_non_null(strstr(out, "/nonexistent.zip"));
    assert_int_equal(stat(idx, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
    assert_int_equal(before.st_mtime, after.st_mtime);

    /* Usage errors. */
    assert_int_equal(run(&out, 0), 2);
    assert_int_equal(run(&out, 1, "import"), 2);
    assert_int_equal(run(&out, 1, "frobnicate"), 2);
    assert_int_equal(run(&out, 2, "status", "--bogus"), 2);
    assert_int_equal(run(&out, 1, "--help"), 0);
    assert_non_null(strstr(out, "usage: vega advisories"));

    /* VEGA_DATA_DIR is the default data dir. */
    setenv("VEGA_DATA_DIR", data, 1);
    assert_int_equal(run(&out, 1, "status"), 0);
    assert_non_null(strstr(out, "npm   1 advisory,"));
    unsetenv("VEGA_DATA_DIR");

    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(idx);
    free(text);
    free(bad);
    free(notzip);
    free(zip);
    free(json);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cli)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
