/*
 * log.h - structured logging: one JSON object per line on stderr.
 *
 * log_msg(LOG_INFO, "event", "key", "value", ..., NULL) writes
 * {"ts":"...","level":"info","event":"event","key":"value"}. Values are strings; the
 * writer escapes them. Thread-safe (one write(2) per line). Never log secrets: callers
 * pass masked values only.
 */
#ifndef VG_UTIL_LOG_H
#define VG_UTIL_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below this level are dropped. Default LOG_INFO. */
void log_set_level(enum log_level lvl);
/* Key/value string pairs terminated by NULL. A NULL value is written as null. */
void log_msg(enum log_level lvl, const char *event, ...) __attribute__((sentinel));

#endif
