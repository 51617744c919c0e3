/*
 * audit.c - `vega audit mark-paid AUDIT_ID`: settle an audit awaiting payment on a server
 * without a payment provider (the manual provider, src/pay/manual.c), against the same
 * configuration as `vega serve`. The audit is queued for the workers, a usage row and the
 * audit.purchased event are written once; running it again changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/setup.h"
#include "jobs/queue.h"
#include "store/audits.h"
#include "util/timeutil.h"

static const char audit_usage[] =
    "usage: vega audit mark-paid AUDIT_ID [options]\n\n"
    "Mark an audit awaiting payment as paid (manual payments) and queue it.\n";

static int audit_mark_paid(struct app *app, const char *id)
{
    if (!uuid_valid(id)) {
        fprintf(stderr, "vega audit mark-paid: '%s' is not an audit id\n", id);
        return 2;
    }
    (void)store_audits_expire(app->store, time_now(), NULL);
    struct store_audit a;
    enum vg_err e = store_audits_get(app->store, id, NULL, &a);
    if (e == VG_ERR_NOT_FOUND) {
        fprintf(stderr, "vega audit mark-paid: no audit %s\n", id);
        return 1;
    }
    if (e != VG_OK) {
        fprintf(stderr, "vega audit mark-paid: database error\n");
        return 2;
    }
    int rc = 0;
    bool changed = false;
    if (strcmp(a.status, AUDIT_STATUS_CANCELED) == 0) {
        fprintf(stderr, "vega audit mark-paid: audit %s was canceled (%s)\n", id,
                a.error_message ? a.error_message : "");
        rc = 1;
    } else if (store_audits_paid(app->store, id, "manual", time_now(), STORE_ACTOR_SYSTEM,
                                 &changed) != VG_OK ||
               jobs_enqueue(app->store, JOB_KIND_AUDIT, id) != VG_OK) {
        fprintf(stderr, "vega audit mark-paid: database error\n");
        rc = 2;
    } else {
        printf(changed ? "paid: %s (queued)\n" : "already paid: %s\n", id);
    }
    store_audit_release(&a);
    return rc;
}

int cmd_audit(int argc, char **argv)
{
    struct app app;
    int rc = cli_setup(&app, &argc, argv, audit_usage, cli_store_options);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    rc = 2;
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "mark-paid") != 0 || argc != 3) {
        fprintf(stderr, "%s", audit_usage);
        goto out;
    }
    if (app_open_store(&app, 1) != 0)
        goto out;
    rc = audit_mark_paid(&app, argv[2]);
out:
    app_close(&app);
    return rc;
}
