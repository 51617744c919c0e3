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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/events.h"
#include "store/page.h"
#include "store/scans.h"

#define STORE_SEVERITIES 5
extern const char *const store_severities[];          /* critical .. info */
extern const char *const store_finding_statuses[];     /* open fixed ignored false_positive */

/* Open findings per severity, indexed like store_severities (critical .. info). */
struct store_severity_counts {
    int64_t n[STORE_SEVERITIES];
};

/*
 * Called inside the transaction on c that settles scan_id as complete (ok) or failed:
 * records scan.completed / scan.failed, and for a complete scan the usage rows (once) and
 * the lifecycle (when it is the repository's newest applied scan).
 */
enum vg_err store_scan_settled(struct store_conn *c, const char *scan_id, bool ok);

/*
 * Fill the open-finding counts of n items (item_size bytes each, a projects' or
 * repositories' array): each item holds its id (char[UUID_STR_LEN]) at id_offset and a
 * struct store_severity_counts at counts_offset, set here from the user's open findings
 * grouped by project (by_project) or by repository.
 */
enum vg_err store_open_counts_fill(struct store *st, bool by_project, const char *user_id,
                                   void *items, size_t n, size_t item_size, size_t id_offset,
                                   size_t counts_offset);

/* A finding across the scans of a repository. The details (f) follow the latest scan that
 * saw it; f.id is the id of the scan finding that first showed it (stable). */
struct store_repo_finding {
    struct store_scan_finding f;
    char repository_id[UUID_STR_LEN];
    char status[16];     /* open | fixed | ignored | false_positive */
    char *status_reason; /* owned, may be NULL */
    char first_seen_scan_id[UUID_STR_LEN];
    char last_seen_scan_id[UUID_STR_LEN];
    int64_t first_seen_at, last_seen_at;
    int64_t fixed_at; /* 0: not fixed */
};

struct store_repo_finding_page {
    struct store_repo_finding *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

/* One finding with its history (events about it, oldest first). */
struct store_repo_finding_detail {
    struct store_repo_finding finding;
    struct store_event_list history;
};

/* Free what the struct holds (not the struct). Accept NULL. */
void store_repo_finding_release(struct store_repo_finding *f);
void store_repo_finding_page_release(struct store_repo_finding_page *p);
void store_repo_finding_detail_release(struct store_repo_finding_detail *d);

/* A repository finding row into *item (struct store_repo_finding) by column name. */
void store_repo_finding_from_row(const struct store_result *r, size_t i, void *item);
/* The columns store_repo_finding_from_row reads (unqualified, of repository_findings). */
#define STORE_REPO_FINDING_COLS                                                                \
    "id, repository_id, fingerprint, rule_id, severity, category, title, description, "       \
    "recommendation, file_path, line_start, line_end, masked_evidence, confidence, status, "  \
    "status_reason, first_seen_scan_id, first_seen_at, last_seen_scan_id, last_seen_at, "     \
    "fixed_at, introduced_sha, introduced_author, introduced_at, in_head"

struct store_findings_filter {
    const char *user_id;
    const char *repository_id;
    const char *const *status; /* lists of n values; n 0: any */
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
/* Worst first (severity, then id). VG_ERR_NOT_FOUND when the repository is not the
 * user's; VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_repo_findings_page(struct store *st, const struct store_findings_filter *f,
                                     struct store_repo_finding_page *out);
/* One repository finding with its history; VG_ERR_NOT_FOUND when not the user's. */
enum vg_err store_repo_finding_get(struct store *st, const char *user_id,
                                   const char *repository_id, const char *finding_id,
                                   struct store_repo_finding_detail *out);
/* Set status (open / ignored / false_positive) and reason; records finding.triaged; *out
 * receives the finding as it now is. VG_ERR_NOT_FOUND when not the user's,
 * VG_ERR_CONFLICT when the finding is fixed. */
enum vg_err store_repo_finding_triage(struct store *st, const char *user_id,
                                      const char *repository_id, const char *finding_id,
                                      const char *status, const char *reason,
                                      struct store_actor actor,
                                      struct store_repo_finding_detail *out);

#endif
