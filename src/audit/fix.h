/*
 * fix.h - the fix bundle: fixers per rule family edit an in-memory copy of the files the
 * findings point at, then one unified diff covers every change.
 *
 * Families (docs/audits.md):
 *   hard-coded secret  the literal becomes an environment read in the file's language
 *                      (process.env.X, os.environ["X"], os.Getenv("X"), ENV["X"], getenv,
 *                      "${X:?}"), X= goes to .env.example and .env to .gitignore
 *   .gitignore         .env is ignored
 *   Supabase table     enable row level security, plus an owner policy when the table has
 *                      an owner column (user_id, owner_id, ...)
 *   Firebase rules     `if true` / a time-bomb condition -> `request.auth != null`, scoped
 *                      to the user when the match path names one; RTDB ".read": true ->
 *                      "auth != null"
 *   Dockerfile         a non-root USER before CMD/ENTRYPOINT
 *   cookies            httpOnly, secure and sameSite on session/token cookies
 *   dependency         the manifest's version becomes the advisory's fixed version
 * A finding is counted as fixed only when its fixer changed its file.
 */
#ifndef VG_AUDIT_FIX_H
#define VG_AUDIT_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/files.h"
#include "scan/engine.h"
#include "util/buf.h"

struct audit_fix_result {
    bool *fixed;         /* owned; per finding */
    char **what;         /* owned; per finding: what the fix changed (NULL: not fixed) */
    size_t fix_count;
    struct audit_files changed; /* the new versions of changed and created files */
    struct buf diff;            /* one unified diff, every file */
};

/* The paths the fixers may need read from the source (findings' files, .gitignore,
 * .env.example, manifests), deduplicated. Caller frees the array and the strings. */
char **audit_fix_wanted(const struct scan_finding *f, size_t n, size_t *count);

/* Fix what can be fixed. orig: the source files read back (borrowed). */
void audit_fix_run(const struct scan_finding *f, size_t n, const struct audit_files *orig,
                   struct audit_fix_result *out);
void audit_fix_release(struct audit_fix_result *r, size_t n);

#endif
