/*
 * findings.h - findings across the scans of a repository (repository_findings) and their
 * lifecycle, the findings of one scan, and open-finding counts.
 *
 * Lifecycle (API.md), applied by store_scan_settled once per complete scan, in the order
 * the scans of the repository were created (scans.repo_seq), inside the transaction that
 * completes the scan:
 *   - a fingerprint never seen in the repository -> open        (finding.new)
 *   - an open one the scan does not see           -> fixed       (finding.fixed)
 *   - a fixed one seen again                      -> open        (finding.reopened)
 *   - ignored / false_positive stay while seen, and become fixed when gone.
 * A scan whose repo_seq is not above the repository's lifecycle_seq (an older scan that
 * finished after a newer one, or a second run of the same job) changes nothing; a failed
 * scan changes nothing. One row per (repository, fingerprint); when a scan shows a
 * fingerprint at several places, the row follows the first of them (lowest finding id).
 */
#ifndef VG_STORE_FINDINGS_H
#define VG_STORE_FINDINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/events.h"
#include "store/json_rows.h"

#define STORE_SEVERITIES 5
extern const char *const store_severities[];          /* critical .. info */
extern const char *const store_finding_statuses[];     /* open fixed ignored false_positive */

/*
 * Called inside the transaction on c that settles scan_id as complete (ok) or failed:
 * records scan.completed / scan.failed, and for a complete scan the usage rows (once) and
 * the lifecycle (when it is the repository's newest applied scan).
 */
enum vg_err store_scan_settled(struct store_conn *c, const char *scan_id, bool ok);

/*
 * Set "open_findings_by_severity" (all five keys) on every object of the JSON array items,
 * whose "id" is a value of repository_findings' column col ("project_id" or
 * "repository_id"), counting the user's open findings.
 */
enum vg_err store_add_open_counts(struct store *st, const char *col, const char *user_id,
                                  json_t *items);

struct store_findings_filter {
    const char *user_id;
    const char *repository_id;
    const char *const *status; /* NULL-terminated lists; NULL: any */
    size_t nstatus;
    const char *const *severity;
    size_t nseverity;
    const char *const *category;
    size_t ncategory;
    const char *const *rule_id;
    size_t nrule_id;
    const char *path_prefix; /* NULL: any */
    struct store_page_req page;
};
/* Worst first (severity, then id). */
enum vg_err store_repo_findings_page(struct store *st, const struct store_findings_filter *f,
                                     json_t **out);
/* One repository finding with its history; VG_ERR_NOT_FOUND when not the user's. */
enum vg_err store_repo_finding_get(struct store *st, const char *user_id,
                                   const char *repository_id, const char *finding_id,
                                   json_t **out);
/* Set status (open / ignored / false_positive) and reason; records finding.triaged.
 * VG_ERR_CONFLICT when the finding is fixed. */
enum vg_err store_repo_finding_triage(struct store *st, const char *user_id,
                                      const char *repository_id, const char *finding_id,
                                      const char *status, const char *reason,
                                      struct store_actor actor, json_t **out);
/* One scan's findings, worst first, paged; VG_ERR_NOT_FOUND when the scan is not the
 * user's. */
enum vg_err store_scan_findings_page(struct store *st, const char *user_id, const char *scan_id,
                                     const struct store_page_req *page, json_t **out);

#endif
