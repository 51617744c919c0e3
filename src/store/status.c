/*
 * status.c - the string tables of the scan and job states (see status.h).
 */
#include "store/status.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

static const char *const scan_status_names[SCAN_STATUS__COUNT] = {
    [SCAN_STATUS_QUEUED] = "queued",     [SCAN_STATUS_EXTRACTING] = "extracting",
    [SCAN_STATUS_SCANNING] = "scanning", [SCAN_STATUS_COMPLETE] = "complete",
    [SCAN_STATUS_FAILED] = "failed",
};

static const char *const job_status_names[JOB_STATUS__COUNT] = {
    [JOB_STATUS_QUEUED] = "queued",
    [JOB_STATUS_RUNNING] = "running",
    [JOB_STATUS_DONE] = "done",
    [JOB_STATUS_FAILED] = "failed",
};

/* Index of s in names[0..n), or -1. */
static int status_find(const char *const *names, int n, const char *s)
{
    for (int i = 0; s != NULL && i < n; i++) {
        if (strcmp(names[i], s) == 0)
            return i;
    }
    return -1;
}

const char *scan_status_name(enum scan_status s)
{
    assert((unsigned)s < SCAN_STATUS__COUNT);
    return (unsigned)s < SCAN_STATUS__COUNT ? scan_status_names[s] : "unknown";
}

bool scan_status_parse(const char *s, enum scan_status *out)
{
    int i = status_find(scan_status_names, SCAN_STATUS__COUNT, s);
    if (i < 0)
        return false;
    *out = (enum scan_status)i;
    return true;
}

bool scan_status_settled(enum scan_status s)
{
    return s == SCAN_STATUS_COMPLETE || s == SCAN_STATUS_FAILED;
}

const char *job_status_name(enum job_status s)
{
    assert((unsigned)s < JOB_STATUS__COUNT);
    return (unsigned)s < JOB_STATUS__COUNT ? job_status_names[s] : "unknown";
}

bool job_status_parse(const char *s, enum job_status *out)
{
    int i = status_find(job_status_names, JOB_STATUS__COUNT, s);
    if (i < 0)
        return false;
    *out = (enum job_status)i;
    return true;
}
