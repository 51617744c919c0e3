/*
 * test_blob.c - the local blob backend: write/commit/read, streamed reads, listing by
 * prefix, deletion that counts freed bytes once, the sweep of stale temporary files (dry
 * run and real), signatures; SigV4 presigning against AWS's published example.
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
#include "blob/sigv4.h"
#include "util/xalloc.h"

static char root[512];
static struct blob_store *bs;

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || test_mkdtemp(root, sizeof root, "blob-test") == NULL)
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

static void test_sigv4_presign_matches_aws_example(void **state)
{
    (void)state;
    /* "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", the
     * documentation's example keys and signature. */
    struct sigv4_presign p = {"GET", "https", "examplebucket.s3.amazonaws.com", "/test.txt",
                              "us-east-1", "s3", "AKIAIOSFODNN7EXAMPLE",
                              "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 1369353600, 86400};
    char *url = sigv4_presign_url(&p);
    assert_string_equal(
        url, "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
             "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
             "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
             "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    free(url);
    char *enc = sigv4_uri_encode("a b/c~=+", 1);
    assert_string_equal(enc, "a%20b/c~%3D%2B");
    free(enc);
}

struct collect {
    char keys[8][64];
    int n;
};

static int collect_key(void *ctx, const char *key, uint64_t size, int64_t mtime)
{
    struct collect *c = ctx;
    (void)size, (void)mtime;
    if (c->n < 8)
        snprintf(c->keys[c->n++], sizeof c->keys[0], "%s", key);
    return 0;
}

static int cmp_keys(const void *a, const void *b) { return strcmp(a, b); }

static int sink_count(void *ctx, const void *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

static void test_list_get_head_and_read(void **state)
{
    (void)state;
    put("raw-uploads/u1/a.zip", "PK\x03\x04 one");
    put("raw-uploads/u2/b.zip", "PK\x05\x06");
    put("reports/r.md", "# report");
    struct collect c = {0};
    assert_int_equal(blob_list(bs, "raw-uploads/", collect_key, &c), VG_OK);
    qsort(c.keys, (size_t)c.n, sizeof c.keys[0], cmp_keys);
    assert_int_equal(c.n, 2); /* not reports/, not the writers' .tmp */
    assert_string_equal(c.keys[0], "raw-uploads/u1/a.zip");
    assert_string_equal(c.keys[1], "raw-uploads/u2/b.zip");
    size_t got = 0;
    assert_int_equal(blob_get(bs, "raw-uploads/u1/a.zip", sink_count, &got), VG_OK);
    assert_int_equal(got, 8);
    assert_int_equal(blob_get(bs, "raw-uploads/none.zip", sink_count, &got), VG_ERR_NOT_FOUND);
    unsigned char head[8];
    size_t n = 0;
    assert_int_equal(blob_head(bs, "raw-uploads/u2/b.zip", NULL, head, &n), VG_OK);
    assert_int_equal(n, 4);
    assert_memory_equal(head, "PK\x05\x06", 4);
    int fd = -1;
    assert_int_equal(blob_open_read(bs, "reports/r.md", &fd), VG_OK);
    char buf[16] = "";
    assert_int_equal(read(fd, buf, sizeof buf), 8);
    close(fd);
    char *url = NULL;
    assert_false(blob_presigns(bs));
    assert_int_equal(blob_presign(bs, "GET", "reports/r.md", 60, &url), VG_ERR_INVALID);
    assert_string_equal(blob_backend_name(bs), "local");
    assert_int_equal(blob_ping(bs), VG_OK);
    for (const char *const *k = (const char *const[]){"raw-uploads/u1/a.zip",
                                                        "raw-uploads/u2/b.zip", "reports/r.md",
                                                        NULL};
         *k != NULL; k++)
        assert_int_equal(blob_delete(bs, *k), VG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delete_counts_once),
        cmocka_unit_test(test_sweep_tmp),
        cmocka_unit_test(test_signatures),
        cmocka_unit_test(test_sigv4_presign_matches_aws_example),
        cmocka_unit_test(test_list_get_head_and_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
