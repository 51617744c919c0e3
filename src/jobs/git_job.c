/*
 * git_job.c - the job of a push to a git upload (kind "git_upload", subject: the scan):
 * the upload moves received -> scanning -> complete | failed around the scan itself
 * (scan_job_run reads the upload's bare repository, every ref and its history), and the
 * repository is deleted once the scan is settled (kept for the audit window of a complete
 * scan with --retain-uploads, docs/audits.md): customer code is kept no longer than needed.
 */
#include "jobs/git_job.h"

#include "app/app.h"
#include "jobs/cleanup.h"
#include "jobs/scan_job.h"
#include "store/git_uploads.h"
#include "store/scans.h"
#include "util/timeutil.h"

enum vg_err git_job_run(struct app *app, const struct job *job, const char *worker_id)
{
    struct store_git_upload u;
    bool have = store_git_uploads_by_scan(app->store, job->subject_id, &u) == VG_OK;
    if (have)
        (void)store_git_uploads_set_status(app->store, job->subject_id, "scanning", time_now());
    enum vg_err e = scan_job_run(app, job, worker_id);
    struct store_scan scan;
    if (e != VG_OK || store_scans_get(app->store, job->subject_id, NULL, &scan) != VG_OK)
        return e; /* left to the lease: it runs again */
    bool settled = scan_status_settled(scan.status);
    bool scan_complete = scan.status == SCAN_STATUS_COMPLETE;
    const char *status = scan_complete ? "complete" : "failed";
    store_scan_release(&scan);
    if (settled && have) { /* the code goes first, unless kept for the audit window */
        if (!cleanup_keeps_code(app, scan_complete))
            cleanup_git_repo(app, u.id);
        (void)store_git_uploads_set_status(app->store, job->subject_id, status, time_now());
    }
    return e;
}
