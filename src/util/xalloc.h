/*
 * xalloc.h - allocation wrappers for small internal allocations. They abort the process
 * on failure (out of memory is not a recoverable request error). Anything whose size a
 * client or a scanned file controls goes through struct buf with a cap instead.
 */
#ifndef VG_UTIL_XALLOC_H
#define VG_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Duplicate a NUL-terminated string; NULL gives NULL. Caller frees. */
char *xstrdup(const char *s);
/* Duplicate n bytes and NUL-terminate. Caller frees. */
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
