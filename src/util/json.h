/*
 * json.h - small helpers over jansson and for writing JSON strings by hand.
 */
#ifndef VG_UTIL_JSON_H
#define VG_UTIL_JSON_H

#include "util/buf.h"

/* Append s as a quoted JSON string with escapes. Invalid UTF-8 bytes become U+FFFD. */
__attribute__((warn_unused_result)) enum vg_err json_escape_append(struct buf *b,
                                                                   const char *s);

#endif
