/*
 * test_pack.c - scan_pack_zip (the ZIP `vega ci` uploads): the engine's default ignores,
 * links and big files skipped, and the archive read back by the engine itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan/engine.h"
#include "scan/pack.h"
#include "testlib.h"

#define TOKEN "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" /* the test rule's own example */

static char root[64];

static void put(const char *rel, const char *text)
{
    char path[256], dir[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    if (test_mkdtemp(root, sizeof root, "pack") == NULL)
        return -1;
    put("a.txt", "hello\n");
    put("sub/b.env", "GITHUB_TOKEN=" TOKEN "\n");
    put("node_modules/x/c.js", "GITHUB_TOKEN=" TOKEN "\n");
    put(".git/config", "GITHUB_TOKEN=" TOKEN "\n");
    char big[300];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    put("big.txt", big);
    char link[128];
    snprintf(link, sizeof link, "%s/link.env", root);
    return symlink("sub/b.env", link);
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return WEXITSTATUS(system(cmd)) == 0 ? 0 : -1;
}

static int tmp_fd(void)
{
    char path[256];
    int fd = test_mkstemp(path, sizeof path, "pack-zip");
    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

static void test_pack_tree(void **state)
{
    (void)state;
    int fd = tmp_fd();
    struct scan_pack_options opt = {true, 200};
    struct scan_pack_stats st;
    struct buf err = BUF_INIT;
    assert_int_equal(scan_pack_zip(root, fd, &opt, &st, &err), VG_OK);
    assert_int_equal(st.files, 2);
    assert_int_equal(st.ignored_dirs, 2);
    assert_int_equal(st.ignored_files, 1);
    assert_int_equal(st.skipped, 1);
    /* The engine reads it back: only sub/b.env carries the token. */
    const char *dirs[] = {"tests/scan/rules"};
    struct scan_engine_config ec = {false, dirs, 1, NULL};
    struct scan_engine *eng = NULL;
    assert_int_equal(scan_engine_load(&ec, &eng, NULL), VG_OK);
    struct scan_options so;
    scan_options_init(&so);
    so.threads = 1;
    struct scan_result res = SCAN_RESULT_INIT;
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(scan_archive_fd(eng, fd, &so, &res), VG_OK);
    assert_int_equal(res.stats.total_files, 2);
    assert_int_equal(res.n_findings, 1);
    assert_string_equal(res.findings[0].file_path, "sub/b.env");
    scan_result_release(&res);
    scan_engine_free(eng);
    close(fd);
    /* Without the default ignores and the size limit, everything regular goes in. */
    fd = tmp_fd();
    opt = (struct scan_pack_options){false, 0};
    assert_int_equal(scan_pack_zip(root, fd, &opt, &st, &err), VG_OK);
    assert_int_equal(st.files, 5);
    assert_int_equal(st.ignored_dirs, 0);
    close(fd);
    buf_release(&err);
}

static void test_pack_file_and_errors(void **state)
{
    (void)state;
    int fd = tmp_fd();
    struct scan_pack_options opt = {true, 0};
    struct scan_pack_stats st;
    struct buf err = BUF_INIT;
    char file[128];
    snprintf(file, sizeof file, "%s/sub/b.env", root);
    assert_int_equal(scan_pack_zip(file, fd, &opt, &st, &err), VG_OK);
    assert_int_equal(st.files, 1);
    close(fd);
    fd = tmp_fd();
    assert_int_equal(scan_pack_zip("/nonexistent/vega", fd, &opt, &st, &err), VG_ERR_IO);
    assert_non_null(strstr(buf_cstr(&err), "/nonexistent/vega"));
    close(fd);
    buf_release(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_tree),
        cmocka_unit_test(test_pack_file_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
