/*
 * archive_files.h - libarchive for the audit (src/audit/): read a few named files back out
 * of an uploaded archive, and write a ZIP. The engine's own readers stream every entry
 * into the matchers; these serve the report and the fix bundle.
 *
 * Reading treats the archive as hostile, like the engine: only regular, unencrypted
 * entries with relative paths without ".." are considered (names normalised: "./a//b" ->
 * "a/b"), each file is read up to max_file bytes (larger ones are skipped) and nothing is
 * ever written to disk.
 */
#ifndef VG_SCAN_ARCHIVE_FILES_H
#define VG_SCAN_ARCHIVE_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Called for each wanted file (borrowed for the call). Return false to stop reading. */
typedef bool (*scan_file_fn)(void *ctx, const char *path, const char *data, size_t len);

/* Read the archive (ZIP, tar, tar.gz) on fd and hand every regular entry whose normalised
 * name wanted(name) accepts to put. VG_ERR_INVALID when the archive cannot be read. */
enum vg_err scan_archive_read_files(int fd, bool (*wanted)(void *ctx, const char *path),
                                    scan_file_fn put, void *ctx, size_t max_file);

/* Write a ZIP of n entries (names[i], data[i], lens[i]) into out. */
enum vg_err scan_zip_write(const char *const *names, const char *const *data,
                           const size_t *lens, size_t n, struct buf *out);

/* "a/./b" -> "a/b", strips a leading "./"; false for absolute, empty or ".." paths. In
 * place. */
bool scan_path_normalize(char *path);

#endif
