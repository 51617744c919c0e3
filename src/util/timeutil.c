/*
 * timeutil.c - clocks and ISO 8601 formatting.
 */
#include "util/timeutil.h"

#include <time.h>

int64_t time_now(void) { return (int64_t)time(NULL); }

double time_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void time_iso8601(char out[ISO8601_LEN], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, ISO8601_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
