/*
 * buf.c - capped growable buffer. See buf.h for the contract.
 */
#include "util/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void buf_init(struct buf *b, size_t cap)
{
    b->ptr = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap ? cap : BUF_CAP_DEFAULT;
}

void buf_release(struct buf *b)
{
    if (b == NULL)
        return;
    free(b->ptr);
    size_t cap = b->cap;
    buf_init(b, cap);
}

void buf_release_secret(struct buf *b)
{
    if (b == NULL)
        return;
    if (b->ptr != NULL)
        sodium_memzero(b->ptr, b->alloc);
    buf_release(b);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->ptr != NULL)
        b->ptr[0] = '\0';
}

enum vg_err buf_reserve(struct buf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : BUF_CAP_DEFAULT;
    if (n > cap || b->len > cap - n)
        return VG_ERR_TOO_LARGE;
    size_t need = b->len + n + 1;
    if (need <= b->alloc)
        return VG_OK;
    size_t want = b->alloc ? b->alloc : 64;
    while (want < need)
        want = want > SIZE_MAX / 2 ? need : want * 2;
    if (want > cap + 1)
        want = cap + 1;
    b->ptr = xrealloc(b->ptr, want);
    b->alloc = want;
    return VG_OK;
}

enum vg_err buf_append(struct buf *b, const void *p, size_t n)
{
    enum vg_err e = buf_reserve(b, n);
    if (e != VG_OK)
        return e;
    if (n > 0)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return VG_OK;
}

enum vg_err buf_append_str(struct buf *b, const char *s) { return buf_append(b, s, strlen(s)); }

enum vg_err buf_append_char(struct buf *b, char c) { return buf_append(b, &c, 1); }

enum vg_err buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return VG_ERR_INTERNAL;
    enum vg_err e = buf_reserve(b, (size_t)n);
    if (e != VG_OK)
        return e;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return VG_OK;
}

enum vg_err buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum vg_err e = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return e;
}

const char *buf_cstr(const struct buf *b) { return b->ptr ? b->ptr : ""; }

char *buf_detach(struct buf *b, size_t *len)
{
    char *p = b->ptr ? b->ptr : xstrdup("");
    if (len != NULL)
        *len = b->len;
    b->ptr = NULL;
    b->len = 0;
    b->alloc = 0;
    return p;
}

struct strv strv_from(const char *s)
{
    struct strv v = {s, s ? strlen(s) : 0};
    return v;
}

bool strv_eq(struct strv a, const char *s)
{
    size_t n = strlen(s);
    return a.len == n && memcmp(a.ptr, s, n) == 0;
}

bool strv_has_prefix(struct strv a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.len >= n && memcmp(a.ptr, prefix, n) == 0;
}
