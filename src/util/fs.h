/*
 * fs.h - small file-system helpers.
 */
#ifndef VG_UTIL_FS_H
#define VG_UTIL_FS_H

#include <sys/types.h>

/* mkdir -p: create path and its missing parents with `mode`. 0, or -1 with errno set
 * (an existing directory is fine). */
int fs_mkdirs(const char *path, mode_t mode);

/* rm -rf: remove path and everything under it, never following a symbolic link. 0 (also
 * when path does not exist), or -1 with errno set. */
int fs_remove_tree(const char *path);

#endif
