/*
 * diff.h - a unified diff (git's format, so `git apply` takes it) between two versions of
 * a text file: line-based LCS, hunks with three lines of context, "\ No newline at end of
 * file" where a side ends without one. old NULL: a new file.
 */
#ifndef VG_AUDIT_DIFF_H
#define VG_AUDIT_DIFF_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define DIFF_CONTEXT 3
/* Above this many old x new lines (after trimming the common head and tail) the changed
 * middle becomes one hunk instead of a line-by-line diff. */
#define DIFF_MAX_CELLS ((size_t)4 * 1000 * 1000)

enum vg_err audit_diff(const char *path, const char *old, size_t old_len, const char *new_,
                       size_t new_len, struct buf *out);

#endif
