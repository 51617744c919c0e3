/*
 * pack.h - pack a directory into a ZIP archive for upload (`vega ci`), skipping what the
 * engine would skip anyway: the default ignored directories (checks_ignored_dir: the same
 * list the engine applies), symlinks and special files (never followed), and files larger
 * than a size limit. It lives in scan/ because libarchive stays here and because the ignore
 * list must be the engine's own, not a copy.
 */
#ifndef VG_SCAN_PACK_H
#define VG_SCAN_PACK_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct scan_pack_options {
    bool default_ignores;   /* skip node_modules, .git, vendor, caches, ... */
    uint64_t max_file_size; /* skip bigger files; 0: no limit */
};

struct scan_pack_stats {
    uint64_t files, bytes;  /* packed regular files and their sizes */
    uint64_t ignored_dirs;  /* default-ignored directories not descended into */
    uint64_t ignored_files; /* files over max_file_size */
    uint64_t skipped;       /* symlinks, devices, fifos, sockets */
};

/*
 * Write a ZIP (deflate) of the regular files under `root` to `fd` (borrowed, not closed).
 * Entry names are relative to root with '/' separators, in sorted order. `root` may also be
 * a single regular file, packed under its base name. Returns VG_OK, or VG_ERR_IO with one
 * line in err (may be NULL) naming what could not be read or written: an unreadable file
 * fails the pack, since a scan of part of the tree must not pass as a clean one.
 * Thread-safe (no shared state).
 */
enum vg_err scan_pack_zip(const char *root, int fd, const struct scan_pack_options *opt,
                          struct scan_pack_stats *st, struct buf *err);

#endif
