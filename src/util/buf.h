/*
 * buf.h - the one owning byte buffer (struct buf) and the one non-owning slice
 * (struct strv).
 *
 * A buf is always NUL-terminated once anything was appended (buf_cstr gives "" for an
 * empty one), grows geometrically, and never grows past its cap: an append that would
 * exceed the cap leaves the buffer unchanged and returns VG_ERR_TOO_LARGE. A cap of 0
 * means BUF_CAP_DEFAULT. Not thread-safe; one owner at a time.
 */
#ifndef VG_UTIL_BUF_H
#define VG_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define BUF_CAP_DEFAULT ((size_t)64 * 1024 * 1024)

struct buf {
    char *ptr;
    size_t len;
    size_t alloc;
    size_t cap;
};

#define BUF_INIT {NULL, 0, 0, 0}

struct strv {
    const char *ptr;
    size_t len;
};

#define STRV_LIT(s) ((struct strv){(s), sizeof(s) - 1})

void buf_init(struct buf *b, size_t cap);
/* Free the storage; the buf is BUF_INIT again. Accepts NULL. */
void buf_release(struct buf *b);
/* Wipe the content (sodium_memzero) and release: for buffers that held secrets. */
void buf_release_secret(struct buf *b);
void buf_reset(struct buf *b);
__attribute__((warn_unused_result)) enum vg_err buf_append(struct buf *b, const void *p,
                                                           size_t n);
__attribute__((warn_unused_result)) enum vg_err buf_append_str(struct buf *b, const char *s);
__attribute__((warn_unused_result)) enum vg_err buf_append_char(struct buf *b, char c);
__attribute__((warn_unused_result, format(printf, 2, 3))) enum vg_err
buf_printf(struct buf *b, const char *fmt, ...);
__attribute__((warn_unused_result, format(printf, 2, 0))) enum vg_err
buf_vprintf(struct buf *b, const char *fmt,
                                                            va_list ap);
/* Ensure room for n more bytes (plus the NUL) without changing len. */
__attribute__((warn_unused_result)) enum vg_err buf_reserve(struct buf *b, size_t n);
/* Content as a C string; never NULL. Borrowed. */
const char *buf_cstr(const struct buf *b);
/* Hand the storage to the caller (free() it); the buf is empty afterwards. Never NULL. */
char *buf_detach(struct buf *b, size_t *len);

struct strv strv_from(const char *s);
bool strv_eq(struct strv a, const char *s);
bool strv_has_prefix(struct strv a, const char *prefix);

#endif
