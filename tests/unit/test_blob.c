/*
 * test_blob.c - the local blob backend: write/commit/read, deletion that counts freed
 * bytes once, the sweep of stale temporary files (dry run and real), signatures.
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
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "testlib.h"

#include "blob/blob.h"
#include "util/xalloc.h"

static char root[] = "/tmp/vega-blob-test-XXXXXX";
static struct blob_store *bs;

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || mkdtemp(root) == NULL)
        return -1;
    return blob_open_local(root, &bs) == VG_OK ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    blob_close(bs);
    return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void put(const char *key, const char *text)
{
    struct blob_writer *w = NULL;
    assert_int_equal(blob_writer_open(bs, key, &w), VG_OK);
    assert_int_equal(blob_writer_write(w, text, strlen(text), 0), VG_OK);
    assert_int_equal(blob_writer_sync(w), VG_OK);
    assert_int_equal(blob_writer_commit(w), VG_OK);
}

static void test_delete_counts_once(void **state)
{
    (void)state;
    put("raw-uploads/u/s.zip", "PK\x03\x04 eleven");
    uint64_t size = 0, freed = 1;
    assert_int_equal(blob_stat(bs, "raw-uploads/u/s.zip", &size), VG_OK);
    assert_int_equal(size, 11);
    assert_int_equal(blob_delete_counted(bs, "raw-uploads/u/s.zip", &freed), VG_OK);
    assert_int_equal(freed, 11);
    /* A second deleter (another process) frees nothing. */
    assert_int_equal(blob_delete_counted(bs, "raw-uploads/u/s.zip", &freed), VG_OK);
    assert_int_equal(freed, 0);
    assert_int_equal(blob_stat(bs, "raw-uploads/u/s.zip", &size), VG_ERR_NOT_FOUND);
    assert_int_equal(blob_delete_counted(bs, "../escape", &freed), VG_ERR_INVALID);
}

static char *tmp_file(const char *name, size_t len, time_t age)
{
    char *path = xasprintf("%s/.tmp/%s", root, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < len; i++)
        fputc('x', f);
    assert_int_equal(fclose(f), 0);
    struct timeval tv[2] = {{time(NULL) - age, 0}, {time(NULL) - age, 0}};
    assert_int_equal(utimes(path, tv), 0);
    return path;
}

static void test_sweep_tmp(void **state)
{
    (void)state;
    char *stale = tmp_file("a.part", 100, 7200);
    char *fresh = tmp_file("b.part", 50, 0);
    char *other = tmp_file("notes.txt", 10, 7200); /* not a writer's file */
    /* A writer in progress keeps its file: it is fresh. */
    struct blob_writer *w = NULL;
    assert_int_equal(blob_writer_open(bs, "k", &w), VG_OK);
    int64_t files = -1;
    uint64_t bytes = 1;
    int64_t cutoff = (int64_t)time(NULL) - 3600;
    assert_int_equal(blob_sweep_tmp(bs, cutoff, true, &files, &bytes), VG_OK);
    assert_int_equal(files, 1);
    assert_int_equal(bytes, 100);
    assert_int_equal(access(stale, F_OK), 0); /* dry run: still there */
    assert_int_equal(blob_sweep_tmp(bs, cutoff, false, &files, &bytes), VG_OK);
    assert_int_equal(files, 1);
    assert_int_equal(bytes, 100);
    assert_int_not_equal(access(stale, F_OK), 0);
    assert_int_equal(access(fresh, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
    assert_int_equal(blob_sweep_tmp(bs, cutoff, false, &files, &bytes), VG_OK);
    assert_int_equal(files, 0);
    blob_writer_abort(w);
    free(stale);
    free(fresh);
    free(other);
}

static void test_signatures(void **state)
{
    (void)state;
    unsigned char key[32] = {1, 2, 3};
    char sig[BLOB_SIG_HEX + 1];
    blob_sign(key, "PUT", "/v1/uploads/x", 100, sig);
    assert_true(blob_verify(key, "PUT", "/v1/uploads/x", 100, sig));
    assert_false(blob_verify(key, "PUT", "/v1/uploads/x", 101, sig));
    assert_false(blob_verify(key, "PUT", "/v1/uploads/y", 100, sig));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delete_counts_once),
        cmocka_unit_test(test_sweep_tmp),
        cmocka_unit_test(test_signatures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
