/*
 * zip.c - an uploaded archive (ZIP, tar, tar.gz) from an open file: the engine reads it by
 * its central directory (ZIP) or as a stream, never extracting to disk.
 */
#include "source/source.h"

enum vg_err source_zip_scan(const struct source_spec *spec, const struct scan_engine *eng,
                            const struct scan_options *opt, struct scan_result *res,
                            struct source_outcome *out)
{
    enum vg_err e = scan_archive_fd(eng, spec->fd, opt, res);
    if (e != VG_OK && e != VG_ERR_TOO_LARGE)
        return source_fail(out, e, "The archive could not be read.");
    return e;
}
