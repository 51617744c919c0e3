/*
 * scan_job.h - running one scan job: fetch the source (uploaded ZIP from blob storage,
 * or a GitHub tarball), run the engine over it as a stream, and write findings, statistics
 * and scores in one transaction that also finishes the job under its lease. Running the
 * same job twice (a worker died) replaces, never duplicates, the findings.
 */
#ifndef VG_JOBS_SCAN_JOB_H
#define VG_JOBS_SCAN_JOB_H

#include "jobs/queue.h"

struct app;

/* Called by a worker. Returns VG_OK when the job was settled (complete or failed
 * scan), an error when it should be left to the lease (database trouble). */
enum vg_err scan_job_run(struct app *app, const struct job *job, const char *worker_id);

#endif
