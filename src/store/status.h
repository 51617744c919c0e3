/*
 * status.h - the states of a scan and of a job, as enums with one string table each.
 * The strings are what the database stores and what the API answers; code never spells
 * them out again (SQL takes them as parameters, handlers compare enums).
 *
 * Scan: queued -> extracting -> scanning -> complete | failed (API.md).
 * Job:  queued -> running -> done | failed; a running job whose lease ran out is
 *       claimed again.
 */
#ifndef VG_STORE_STATUS_H
#define VG_STORE_STATUS_H

#include <stdbool.h>

enum scan_status {
    SCAN_STATUS_QUEUED,
    SCAN_STATUS_EXTRACTING,
    SCAN_STATUS_SCANNING,
    SCAN_STATUS_COMPLETE,
    SCAN_STATUS_FAILED,
    SCAN_STATUS__COUNT
};

enum job_status {
    JOB_STATUS_QUEUED,
    JOB_STATUS_RUNNING,
    JOB_STATUS_DONE,
    JOB_STATUS_FAILED,
    JOB_STATUS__COUNT
};

/* The stored / API name ("queued"); static storage. An out-of-range value is a
 * programmer error (assert) and reads as "unknown". */
const char *scan_status_name(enum scan_status s);
/* The status named s; false for NULL or an unknown name (*out untouched). */
bool scan_status_parse(const char *s, enum scan_status *out);
/* Whether the scan reached an end state (complete or failed). */
bool scan_status_settled(enum scan_status s);

const char *job_status_name(enum job_status s);
bool job_status_parse(const char *s, enum job_status *out);

#endif
