/*
 * source.c - the table of sources (source.h) and the shared error helper.
 */
#include "source/source.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef enum vg_err (*source_scan_fn)(const struct source_spec *, const struct scan_engine *,
                                      const struct scan_options *, struct scan_result *,
                                      struct source_outcome *);

static const source_scan_fn source_table[SOURCE_KIND_MAX] = {
    [SOURCE_ZIP] = source_zip_scan,
    [SOURCE_GITHUB] = source_github_scan,
    [SOURCE_GIT] = source_git_scan,
    [SOURCE_STDIN] = source_stdin_scan,
};

enum vg_err source_fail(struct source_outcome *out, enum vg_err e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->error, sizeof out->error, fmt, ap);
    va_end(ap);
    return e;
}

enum vg_err source_scan(const struct source_spec *spec, const struct scan_engine *eng,
                        const struct scan_options *opt, struct scan_result *res,
                        struct source_outcome *out)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)spec->kind >= SOURCE_KIND_MAX)
        return source_fail(out, VG_ERR_INTERNAL, "unknown source");
    return source_table[spec->kind](spec, eng, opt, res, out);
}
