/*
 * testlib.h - small fixtures shared by the unit tests: a private temporary directory or
 * file under $TMPDIR, write a text file, write a ZIP of (name, content) pairs, load a scan
 * engine in a suite's setup. Include after
 * <cmocka.h>. Failures fail the calling test.
 */
#ifndef VG_TESTS_TESTLIB_H
#define VG_TESTS_TESTLIB_H

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan/engine.h"

/* The compiled-database cache the suites share ($VEGA_TEST_ENGINE_CACHE: `make test-unit`
 * points it at the one `make test-cache` fills), so the embedded pack compiles once per
 * build rather than once per test binary (~30 s of CPU each, minutes under ASan). NULL, no
 * cache, when unset: the tests then compile, as a user's first scan does. */
static inline const char *test_engine_cache(void)
{
    const char *d = getenv("VEGA_TEST_ENGINE_CACHE");
    return d != NULL && d[0] != '\0' ? d : NULL;
}

/* A suite's setup: libsodium initialised and the engine loaded from cfg into *out; the
 * load error on stderr when it fails. 0, or -1 (cmocka then skips the suite's tests). */
static inline int test_engine_load(const struct scan_engine_config *cfg, struct scan_engine **out)
{
    if (sodium_init() < 0)
        return -1;
    struct buf err = BUF_INIT;
    enum vg_err e = scan_engine_load(cfg, out, &err);
    if (e != VG_OK)
        fprintf(stderr, "%s\n", buf_cstr(&err));
    buf_release(&err);
    return e == VG_OK ? 0 : -1;
}

/* mkdtemp/mkstemp's template for a name vega-<tag>- and six random characters under
 * $TMPDIR (/tmp without it), in out; false when it does not fit in cap bytes. */
static inline bool test_tmp_template(char *out, size_t cap, const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || *tmp == '\0')
        tmp = "/tmp";
    int n = snprintf(out, cap, "%s/vega-%s-XXXXXX", tmp, tag);
    return n > 0 && (size_t)n < cap;
}

/* A new private directory (test_tmp_template's name), its path in out (cap bytes): out, or
 * NULL when it cannot be made (a setup function returns -1 then). */
static inline char *test_mkdtemp(char *out, size_t cap, const char *tag)
{
    return test_tmp_template(out, cap, tag) ? mkdtemp(out) : NULL;
}

/* A new file (test_tmp_template's name) opened read-write, its path in out: the
 * descriptor, or -1. */
static inline int test_mkstemp(char *out, size_t cap, const char *tag)
{
    return test_tmp_template(out, cap, tag) ? mkstemp(out) : -1;
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* members: name, content, name, content, ..., NULL. */
static inline void write_zip(const char *path, const char *const *members)
{
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; members[i] != NULL; i += 2) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, members[i]);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)strlen(members[i + 1]));
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, members[i + 1], strlen(members[i + 1])),
                         (la_ssize_t)strlen(members[i + 1]));
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

#endif
