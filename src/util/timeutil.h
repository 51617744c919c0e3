/*
 * timeutil.h - wall-clock time as epoch seconds, and ISO 8601 UTC text.
 */
#ifndef VG_UTIL_TIMEUTIL_H
#define VG_UTIL_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

#define ISO8601_LEN 21 /* "2026-06-12T10:15:00Z" and the NUL */

int64_t time_now(void);
/* Monotonic milliseconds, for durations. */
double time_mono_ms(void);
/* The CLOCK_REALTIME instant ms milliseconds from now, for pthread_cond_timedwait. */
struct timespec time_deadline_after_ms(uint64_t ms);
/* Format epoch seconds as "YYYY-MM-DDTHH:MM:SSZ". */
void time_iso8601(char out[ISO8601_LEN], int64_t t);

#endif
