/*
 * json.h - small helpers over jansson and for writing JSON strings by hand.
 */
#ifndef VG_UTIL_JSON_H
#define VG_UTIL_JSON_H

#include "util/buf.h"

/* Append s as a quoted JSON string with escapes. Invalid UTF-8 bytes become U+FFFD. */
__attribute__((warn_unused_result)) enum vg_err json_escape_append(struct buf *b,
                                                                   const char *s);

/* Replace every byte that is not part of valid UTF-8 in s with '?', in place. */
void utf8_sanitize(char *s);

#endif
