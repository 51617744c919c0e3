/*
 * textbuf.h - appending report text to a capped buffer without checking each call: past
 * the cap the text is cut short (the reports stay far below it), which is the only way
 * these appends fail.
 */
#ifndef VG_AUDIT_TEXTBUF_H
#define VG_AUDIT_TEXTBUF_H

#include <stdarg.h>

#include "util/buf.h"

__attribute__((format(printf, 2, 3))) static inline void bprintf(struct buf *b, const char *fmt,
                                                                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (buf_vprintf(b, fmt, ap) != VG_OK)
        b->cap = b->len; /* full: later appends fail fast */
    va_end(ap);
}

static inline void bputs(struct buf *b, const char *s)
{
    if (buf_append_str(b, s) != VG_OK)
        b->cap = b->len;
}

static inline void bputc(struct buf *b, char c)
{
    if (buf_append_char(b, c) != VG_OK)
        b->cap = b->len;
}

#endif
