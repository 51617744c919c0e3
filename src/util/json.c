/*
 * json.c - JSON string escaping for hand-built lines (logs, streamed output).
 */
#include "util/json.h"

#include <stdint.h>
#include <string.h>

static size_t json_utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

enum vg_err json_escape_append(struct buf *b, const char *s)
{
    enum vg_err e = buf_append_char(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (e == VG_OK && *p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            e = buf_append(b, esc, 2);
            p++;
        } else if (c < 0x20) {
            e = buf_printf(b, "\\u%04x", c);
            p++;
        } else if (c < 0x80) {
            e = buf_append_char(b, (char)c);
            p++;
        } else {
            size_t n = json_utf8_len(p);
            if (n == 0) {
                e = buf_append_str(b, "\\ufffd");
                p++;
            } else {
                e = buf_append(b, p, n);
                p += n;
            }
        }
    }
    if (e == VG_OK)
        e = buf_append_char(b, '"');
    return e;
}

void utf8_sanitize(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = json_utf8_len(p);
        if (n == 0) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}
