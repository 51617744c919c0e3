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

struct timespec time_deadline_after_ms(uint64_t ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += (time_t)(ms / 1000u);
    t.tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}
