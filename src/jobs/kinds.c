/*
 * kinds.c - the job-kind table (see kinds.h).
 */
#include "jobs/kinds.h"

#include <string.h>

#include "app/app.h"
#include "audit/job.h"
#include "jobs/git_job.h"
#include "jobs/scan_job.h"
#include "store/store.h"
#include "util/log.h"

#define JOB_UNKNOWN_KIND_MESSAGE "unknown job kind"

const struct job_kind job_kinds[] = {
    {JOB_KIND_SCAN, scan_job_run, 3},
    {JOB_KIND_AUDIT, audit_job_run, 3},
    {JOB_KIND_GIT_UPLOAD, git_job_run, 3},
};

const size_t job_kinds_count = sizeof(job_kinds) / sizeof(job_kinds[0]);

const struct job_kind *job_kind_find(const char *kind)
{
    for (size_t i = 0; kind != NULL && i < job_kinds_count; i++) {
        if (strcmp(job_kinds[i].kind, kind) == 0)
            return &job_kinds[i];
    }
    return NULL;
}

enum vg_err job_kind_run(struct app *app, const struct job *job, const char *worker_id)
{
    const struct job_kind *k = job_kind_find(job->kind);
    if (k != NULL)
        return k->run(app, job, worker_id);
    log_msg(LOG_ERROR, "job_kind_unknown", "job", job->id, "kind", job->kind, NULL);
    struct store_conn *c = NULL;
    enum vg_err e = store_acquire(app->store, &c);
    if (e == VG_OK)
        e = jobs_finish(c, job, worker_id, false, JOB_UNKNOWN_KIND_MESSAGE);
    store_release(c);
    return e;
}
