/*
 * git_job.h - running the scan of a push to a git upload (see git_job.c).
 */
#ifndef VG_JOBS_GIT_JOB_H
#define VG_JOBS_GIT_JOB_H

#include "jobs/queue.h"

struct app;

/* A job of kind JOB_KIND_GIT_UPLOAD; returns as scan_job_run. */
enum vg_err git_job_run(struct app *app, const struct job *job, const char *worker_id);

#endif
