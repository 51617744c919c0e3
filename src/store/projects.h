/*
 * projects.h - a user's projects: CRUD with counts and scores, the rollup view, and
 * deletion with everything under it. Every call is scoped to user_id: another user's
 * project answers VG_ERR_NOT_FOUND like a missing one.
 */
#ifndef VG_STORE_PROJECTS_H
#define VG_STORE_PROJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/findings.h"
#include "store/page.h"

struct blob_store;

/* A project with its counts and score. Times in epoch seconds. */
struct store_project {
    char id[UUID_STR_LEN];
    char *name;        /* owned */
    char *description; /* owned, may be NULL */
    int64_t created_at, updated_at;
    int64_t repository_count;
    int64_t latest_scan_at; /* 0: no scan yet */
    bool has_score;         /* launch_readiness_score: the lowest of its repositories' */
    double launch_readiness_score;
    struct store_severity_counts open; /* open findings by severity */
};

struct store_project_page {
    struct store_project *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

/* A repository in the rollup, with its latest complete scan. */
struct store_rollup_repository {
    char id[UUID_STR_LEN];
    char *name;                        /* owned */
    char latest_scan_id[UUID_STR_LEN]; /* "" when no complete scan */
    bool has_score;
    double launch_readiness_score;
    struct store_severity_counts open;
};

/* One complete scan in the rollup's trend. */
struct store_trend_point {
    char scan_id[UUID_STR_LEN];
    char repository_id[UUID_STR_LEN];
    int64_t completed_at; /* 0: NULL */
    bool has_score;
    double launch_readiness_score;
    bool has_open_findings;
    int64_t open_findings;
};

/* An open-findings count of one category. */
struct store_category_count {
    char *category; /* owned */
    int64_t n;
};

/* GET /v1/projects/{id}/rollup. */
struct store_project_rollup {
    struct store_project project;
    struct store_category_count *categories; /* open findings by category, by name */
    size_t ncategories;
    int64_t ignored, false_positive; /* triaged findings */
    int64_t fixed_last_30_days;
    struct store_rollup_repository *repositories; /* oldest first */
    size_t nrepositories;
    struct store_trend_point *trend; /* the latest complete scans, oldest first */
    size_t ntrend;
    struct store_repo_finding *top_risks; /* worst open findings first */
    size_t ntop_risks;
};

/* Free what the struct holds (not the struct). Accept NULL. */
void store_project_release(struct store_project *p);
void store_project_page_release(struct store_project_page *p);
void store_project_rollup_release(struct store_project_rollup *r);

/* The user's project; VG_ERR_NOT_FOUND when missing or not the user's. */
enum vg_err store_project_get(struct store *st, const char *user_id, const char *id,
                              struct store_project *out);
enum vg_err store_project_create(struct store *st, const char *user_id, const char *name,
                                 const char *description, struct store_project *out);
/* name / description NULL: unchanged; clear_description sets description to NULL. */
enum vg_err store_project_update(struct store *st, const char *user_id, const char *id,
                                 const char *name, const char *description,
                                 bool clear_description, struct store_project *out);
/* Delete the project with its repositories, scans and findings; the scans' upload blobs
 * are queued in blob_deletions and removed from blobs (when not NULL) after the commit. */
enum vg_err store_project_delete(struct store *st, struct blob_store *blobs,
                                 const char *user_id, const char *id);
/* Newest first; q (may be NULL) matches names containing it, case-insensitively.
 * VG_ERR_BAD_REQUEST for a malformed cursor. */
enum vg_err store_projects_page(struct store *st, const char *user_id, const char *q,
                                const struct store_page_req *page,
                                struct store_project_page *out);
enum vg_err store_project_rollup(struct store *st, const char *user_id, const char *id,
                                 struct store_project_rollup *out);
/* The id of the user's project named name (the oldest one), created when missing. */
enum vg_err store_project_ensure(struct store *st, const char *user_id, const char *name,
                                 char id[UUID_STR_LEN]);

/* Delete a project or a repository of the user, with everything under it, in one
 * transaction; its scans' upload blobs are queued in blob_deletions and removed after the
 * commit (blobs NULL: left queued). VG_ERR_NOT_FOUND when not the user's. */
enum store_delete_kind { STORE_DELETE_PROJECT, STORE_DELETE_REPOSITORY };
enum vg_err store_delete_with_scans(struct store *st, struct blob_store *blobs,
                                    enum store_delete_kind kind, const char *user_id,
                                    const char *id);

/* Remove the blobs queued in blob_deletions (up to 1,000; the rest on the next call). */
void store_blob_deletions_run(struct store *st, struct blob_store *blobs);

#endif
