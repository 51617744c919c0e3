/*
 * timeutil.h - wall-clock time as epoch seconds, and ISO 8601 UTC text.
 */
#ifndef VG_UTIL_TIMEUTIL_H
#define VG_UTIL_TIMEUTIL_H

#include <stdint.h>

#define ISO8601_LEN 21 /* "2026-06-12T10:15:00Z" and the NUL */

int64_t time_now(void);
/* Monotonic milliseconds, for durations. */
double time_mono_ms(void);
/* Format epoch seconds as "YYYY-MM-DDTHH:MM:SSZ". */
void time_iso8601(char out[ISO8601_LEN], int64_t t);

#endif
