/*
 * log.c - JSON-lines logger on stderr. Builds each line in a local buffer and writes it
 * with a single write(2) so concurrent threads never interleave within a line.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/json.h"

static _Atomic int log_level_min = LOG_INFO;

static const char *const log_level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level lvl) { atomic_store(&log_level_min, (int)lvl); }

void log_msg(enum log_level lvl, const char *event, ...)
{
    if ((int)lvl < atomic_load(&log_level_min))
        return;
    struct buf b = BUF_INIT;
    buf_init(&b, 64 * 1024);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[40];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
    enum vg_err e = buf_printf(&b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"event\":", when,
                               ts.tv_nsec / 1000000L, log_level_names[lvl]);
    if (e == VG_OK)
        e = json_escape_append(&b, event);
    va_list ap;
    va_start(ap, event);
    for (;;) {
        const char *k = va_arg(ap, const char *);
        if (k == NULL || e != VG_OK)
            break;
        const char *v = va_arg(ap, const char *);
        e = buf_append_char(&b, ',');
        if (e == VG_OK)
            e = json_escape_append(&b, k);
        if (e == VG_OK)
            e = buf_append_char(&b, ':');
        if (e == VG_OK)
            e = v ? json_escape_append(&b, v) : buf_append_str(&b, "null");
    }
    va_end(ap);
    if (e == VG_OK)
        e = buf_append_str(&b, "}\n");
    if (e == VG_OK) {
        ssize_t w = write(STDERR_FILENO, b.ptr, b.len);
        (void)w;
    }
    buf_release(&b);
}
