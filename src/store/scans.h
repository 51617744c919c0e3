/*
 * scans.h - the scans table and the findings of one scan: typed rows, every statement
 * in scans.c. This module is the only writer of `scans` (the API creates and starts a
 * scan, the upload lands in it, the worker moves its status and stores the outcome).
 *
 * Times are epoch seconds, 0 standing for SQL NULL. Ownership: functions that take a
 * user_id only see that user's scans (another user's scan is VG_ERR_NOT_FOUND, like a
 * missing one); user_id NULL is for the worker and the signed upload URL, which carry
 * their own authority. Errors: VG_OK, VG_ERR_NOT_FOUND / VG_ERR_CONFLICT where stated,
 * otherwise the store's (VG_ERR_DB, VG_ERR_UNAVAILABLE). Thread-safe.
 */
#ifndef VG_STORE_SCANS_H
#define VG_STORE_SCANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/page.h"
#include "store/status.h"
#include "store/store.h"
#include "util/rand.h"

struct store_scan {
    char id[UUID_STR_LEN];
    char user_id[UUID_STR_LEN];
    char project_id[UUID_STR_LEN];
    char repository_id[UUID_STR_LEN]; /* "" when none */
    char api_key_id[UUID_STR_LEN];    /* "" when made by a dashboard user */
    enum scan_status status;
    char source_type[16];        /* zip | github | git */
    char *github_repo_full_name; /* owned, may be NULL */
    char *upload_storage_path;   /* owned, may be NULL (github) */
    char *upload_version;        /* owned, may be NULL: the object's version at start (S3) */
    int64_t upload_expires_at, upload_received_at, upload_bytes;
    int64_t total_files, included_files, ignored_files, risky_skipped_files;
    int64_t total_bytes, included_bytes, total_lines, dependency_count;
    char *languages; /* owned JSON text, may be NULL */
    bool has_complexity_score, has_launch_readiness_score;
    double complexity_score, launch_readiness_score;
    char *complexity_label;  /* owned, may be NULL */
    char *findings_summary;  /* owned JSON text, may be NULL */
    char *error_message;     /* owned, may be NULL; written for users */
    int64_t created_at, started_at, completed_at;
    bool history; /* github: clone and scan the history, not only the tip */
};

/* A new scan (status queued, counters 0). Strings borrowed; NULL for SQL NULL. */
struct store_scan_new {
    const char *id;
    const char *user_id;
    const char *project_id;
    const char *repository_id;
    const char *api_key_id;
    const char *source_type;
    const char *github_repo_full_name;
    const char *upload_storage_path;
    int64_t upload_expires_at; /* 0: none */
    int64_t created_at;
};

/* What the engine counted so far / in the end. */
struct store_scan_counts {
    int64_t total_files, included_files, ignored_files, risky_skipped_files;
    int64_t total_bytes, included_bytes;
};

/* The stored outcome of a complete scan. Strings borrowed. */
struct store_scan_outcome {
    struct store_scan_counts counts;
    int64_t total_lines, dependency_count;
    const char *languages;        /* JSON text */
    const char *complexity_score; /* decimal text, "12.5" */
    const char *complexity_label;
    const char *launch_readiness_score; /* decimal text */
    const char *findings_summary;       /* JSON text */
    int64_t completed_at;
};

/* One finding of a scan, as stored (strings owned; recommendation and masked_evidence
 * may be NULL). */
struct store_scan_finding {
    char *id, *fingerprint, *rule_id, *severity, *category, *title, *description;
    char *recommendation, *file_path, *masked_evidence, *confidence;
    int64_t line_start, line_end;
    /* History scans: the introducing commit (NULL sha: not from a history) and in_head. */
    char *introduced_sha, *introduced_author;
    int64_t introduced_at;
    bool in_head;
};

/* A finding to store (strings borrowed; id NULL: one is drawn). */
struct store_scan_finding_new {
    const char *id, *fingerprint, *rule_id, *severity, *category, *title, *description;
    const char *recommendation, *file_path, *masked_evidence, *confidence;
    int64_t line_start, line_end;
    /* History scans: the introducing commit (NULL sha: not from a history) and in_head. */
    const char *introduced_sha, *introduced_author;
    int64_t introduced_at;
    bool in_head;
};

struct store_scan_findings {
    struct store_scan_finding *items; /* owned */
    size_t n;
};

/* A page of scans / of one scan's findings (items and next_cursor owned; next_cursor
 * NULL on the last page). */
struct store_scan_page {
    struct store_scan *items;
    size_t n;
    char *next_cursor;
};
struct store_scan_finding_page {
    struct store_scan_finding *items;
    size_t n;
    char *next_cursor;
};

/* A severity name's rank (critical 0 .. info 4) as SQL over the text column col. */
#define STORE_SEVERITY_RANK(col)                                                              \
    "CASE " col " WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' "  \
    "THEN 3 ELSE 4 END"

/* Free what the struct holds (not the struct). Accept NULL. */
void store_scan_release(struct store_scan *s);
void store_scan_findings_release(struct store_scan_findings *f);
void store_scan_finding_release(struct store_scan_finding *f);
void store_scan_page_release(struct store_scan_page *p);
void store_scan_finding_page_release(struct store_scan_finding_page *p);
/* A finding row into *item (a struct store_scan_finding) by column name: id, fingerprint,
 * rule_id, severity, category, title, description, recommendation, file_path, line_start,
 * line_end, masked_evidence, confidence, introduced_sha, introduced_author, introduced_at,
 * in_head. A store_row_fn, shared with the findings across scans (findings.c). */
void store_scan_finding_from_row(const struct store_result *r, size_t i, void *item);

enum vg_err store_scans_insert(struct store *st, const struct store_scan_new *in);
/* Ask for the history of a github scan (before it is queued). */
enum vg_err store_scans_set_history(struct store *st, const char *id);
/* The scan id (of user_id when not NULL). VG_ERR_NOT_FOUND when missing or not theirs. */
enum vg_err store_scans_get(struct store *st, const char *id, const char *user_id,
                            struct store_scan *out);
/*
 * Mark a queued scan started (started_at keeps its first value) when its source is ready
 * (a zip scan: its upload landed). VG_ERR_CONFLICT when it is no longer queued or its
 * upload has not landed.
 */
enum vg_err store_scans_mark_started(struct store *st, const char *id, int64_t now);
/* Record a landed upload (version: the object's version from blob_stat_version; NULL or ""
 * when the storage has none) inside the caller's transaction, only while the scan waits
 * for it (queued, never started). VG_ERR_CONFLICT otherwise. */
enum vg_err store_scans_upload_landed(struct store_conn *c, const char *id, int64_t now,
                                      int64_t bytes, const char *version);
/* Move an unsettled scan to status (extracting, scanning); a settled scan keeps its own. */
enum vg_err store_scans_set_status(struct store *st, const char *id, enum scan_status status);
/* Publish counts while the scan is `scanning`. */
enum vg_err store_scans_progress(struct store *st, const char *id,
                                 const struct store_scan_counts *c);
/* Settle the scan as complete / failed, inside the caller's transaction. */
enum vg_err store_scans_complete(struct store_conn *c, const char *id,
                                 const struct store_scan_outcome *o);
enum vg_err store_scans_fail(struct store_conn *c, const char *id, const char *message,
                             int64_t now);

/* Replace the scan's findings by f[0..n) (a job that runs twice stores them once),
 * inside the caller's transaction. */
enum vg_err store_scans_findings_replace(struct store_conn *c, const char *scan_id,
                                         const struct store_scan_finding_new *f, size_t n,
                                         int64_t now);
/* Every finding of the scan, worst first, then by path, line and rule. */
enum vg_err store_scans_findings_all(struct store *st, const char *scan_id,
                                     struct store_scan_findings *out);
/* One page of the user's scan's findings, worst first (then by id). VG_ERR_NOT_FOUND when
 * the scan is not the user's; VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_scans_findings_page(struct store *st, const char *user_id, const char *scan_id,
                                      const struct store_page_req *pg,
                                      struct store_scan_finding_page *out);

struct store_scans_filter {
    const char *user_id;
    const char *project_id;    /* NULL: any */
    const char *repository_id; /* NULL: any */
    const char *const *status; /* NULL: any */
    size_t nstatus;
    struct store_page_req page;
};
/* The user's scans, newest first. VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_scans_page(struct store *st, const struct store_scans_filter *f,
                             struct store_scan_page *out);

#endif
