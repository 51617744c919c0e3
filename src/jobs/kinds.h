/*
 * kinds.h - the job-kind table: what each kind of job does and how often it may be
 * tried. A worker claims only the kinds listed here (the claim query filters on them),
 * so a row of a kind this build does not know - written by a newer version sharing the
 * database - is left for a worker that knows it instead of being claimed and dropped
 * after every lease. To add a kind: write its run function and add a row to job_kinds[]
 * in kinds.c.
 */
#ifndef VG_JOBS_KINDS_H
#define VG_JOBS_KINDS_H

#include <stddef.h>
#include <stdint.h>

#include "jobs/queue.h"

struct app;

struct job_kind {
    const char *kind;
    /* Run one claimed job. VG_OK when the job was settled (it finished it, done or
     * failed); an error when it should be left to its lease (database trouble). */
    enum vg_err (*run)(struct app *app, const struct job *job, const char *worker_id);
    int64_t max_attempts;
};

extern const struct job_kind job_kinds[];
extern const size_t job_kinds_count;

/* The row for kind, or NULL. */
const struct job_kind *job_kind_find(const char *kind);

/*
 * Run a claimed job through its kind's row. A job whose kind has no row (it cannot
 * happen through jobs_claim, which filters on the table; a caller may claim by hand) is
 * finished as failed with "unknown job kind" under the worker's lease, so it is never
 * claimed again. Returns what the kind's run returned, or jobs_finish's error.
 */
enum vg_err job_kind_run(struct app *app, const struct job *job, const char *worker_id);

#endif
