/*
 * job.h - the audit job (kind "audit", jobs/kinds.c): re-read the scan's source, run the
 * engine over it again (every confidence level, dependencies with their fixed versions),
 * fix what the tier buys, write the report (markdown, PDF) and the fix bundle to blob
 * storage, and settle the audit with its event in one transaction with the job.
 *
 * Status: queued -> running (reading and scanning) -> generating_report -> completed |
 * failed. Sources (scan_job_read_source): uploads and git uploads (their code kept for
 * the audit window with --retain-uploads, and while a paid audit runs; deleted once the
 * audit settles: jobs/cleanup.h) and GitHub repositories. A job that runs twice rewrites
 * the same blobs and settles once.
 */
#ifndef VG_AUDIT_JOB_H
#define VG_AUDIT_JOB_H

#include "jobs/queue.h"

struct app;

enum vg_err audit_job_run(struct app *app, const struct job *job, const char *worker_id);

/* Refund a failed, paid audit in full through its provider (once: recorded with the
 * provider's refund id). The job calls it when an audit fails for good; the cleanup pass
 * retries those the provider could not take. Logged, not returned. */
void audit_refund(struct app *app, const char *audit_id);

#endif
