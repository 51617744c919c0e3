/*
 * scan_job.h - running one scan job: fetch the source (uploaded ZIP from blob storage,
 * or a GitHub tarball), run the engine over it as a stream, and write findings, statistics
 * and scores in one transaction that also finishes the job under its lease. Running the
 * same job twice (a worker died) replaces, never duplicates, the findings.
 */
#ifndef VG_JOBS_SCAN_JOB_H
#define VG_JOBS_SCAN_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "jobs/queue.h"
#include "scan/engine.h"

struct app;

/* Where a scan's code is: source_type zip (storage_path, the upload's blob key), github
 * (repo, "owner/name"; history: clone and walk every commit) or git (the git upload of
 * scan_id). Borrowed. */
struct scan_job_source {
    const char *source_type;
    const char *storage_path;
    const char *repo;
    const char *scan_id;
    bool history;
    const char *storage_version; /* zip: the upload's version at start (NULL: any) */
};

/*
 * Run the engine, with the dependency check, over a scan's source into res (the scan job
 * and the audit job share it). progress and warn may be NULL. *dependencies receives the
 * distinct dependencies seen; *failure a message for the user (caller frees) or NULL when
 * the scan completed. Returns VG_ERR_UNAVAILABLE (with a message in *failure too) when the
 * blob storage did not answer: the source may be read later; VG_OK otherwise.
 */
enum vg_err scan_job_read_source(struct app *app, const struct scan_job_source *src,
                                 scan_progress_fn progress, scan_warn_fn warn, void *ctx,
                                 struct scan_result *res, uint64_t *dependencies,
                                 char **failure);

/* Called by a worker. Returns VG_OK when the job was settled (complete or failed
 * scan), an error when it should be left to the lease (database trouble). */
enum vg_err scan_job_run(struct app *app, const struct job *job, const char *worker_id);

#endif
