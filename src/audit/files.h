/*
 * files.h - the few source files an audit reads back from a scan's upload (the files its
 * findings point at, plus .gitignore and .env.example), and the ZIP of the fix bundle.
 *
 * The upload is hostile input, read as a stream and never extracted: entries that are not
 * regular files, or whose names are absolute or hold "..", are skipped; each file is
 * capped at AUDIT_FILE_MAX bytes and the whole set at AUDIT_FILES_TOTAL_MAX.
 * (libarchive stays in scan/: scan/archive_files.h does the reading and writing.)
 */
#ifndef VG_AUDIT_FILES_H
#define VG_AUDIT_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define AUDIT_FILE_MAX ((size_t)2 * 1024 * 1024)
#define AUDIT_FILES_TOTAL_MAX ((size_t)64 * 1024 * 1024)

struct audit_file {
    char *path; /* owned; relative, '/' separators, no leading "./" */
    char *data; /* owned; NUL-terminated (len excludes it) */
    size_t len;
};

struct audit_files {
    struct audit_file *items; /* owned */
    size_t n, alloc;
};

void audit_files_release(struct audit_files *fs);
/* The file at path, or NULL. */
const struct audit_file *audit_files_get(const struct audit_files *fs, const char *path);
/* Add a copy of (path, data, len); replaces an existing entry of that path. */
void audit_files_put(struct audit_files *fs, const char *path, const char *data, size_t len);

/* Read the entries named in want[0..n) (paths as the engine reports them) from the ZIP (or
 * tarball) open on fd into out. Missing names are simply absent. VG_ERR_INVALID when the
 * archive cannot be read. */
enum vg_err audit_files_from_archive(int fd, const char *const *want, size_t n,
                                     struct audit_files *out);

/* Write a ZIP of the entries (name, data) into out (capped by out's cap). */
enum vg_err audit_zip_write(const struct audit_files *entries, struct buf *out);

/* "a/./b" -> "a/b", strips a leading "./"; false for absolute or ".." paths. In place. */
bool audit_path_normalize(char *path);

#endif
