/*
 * repositories.h - a project's repositories and the scan history filed under them.
 * Every call is scoped to user_id (another user's repository is VG_ERR_NOT_FOUND).
 */
#ifndef VG_STORE_REPOSITORIES_H
#define VG_STORE_REPOSITORIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/events.h"
#include "store/findings.h"
#include "store/page.h"

struct blob_store;

struct store_repository_new {
    const char *project_id;
    const char *name;
    const char *source_type; /* zip | git | github */
    const char *github_repo_full_name;
    const char *default_branch;
};

/* A repository with its latest scan (by creation) and open findings. Times in epoch
 * seconds. */
struct store_repository {
    char id[UUID_STR_LEN];
    char project_id[UUID_STR_LEN];
    char *name;                  /* owned */
    char source_type[16];        /* zip | git | github */
    char *github_repo_full_name; /* owned, may be NULL */
    char *default_branch;        /* owned, may be NULL */
    int64_t created_at, updated_at;
    struct {
        char id[UUID_STR_LEN]; /* "" when the repository has no scan */
        char status[16];
        int64_t completed_at; /* 0: NULL */
        bool has_score;
        double launch_readiness_score;
    } latest_scan;
    struct store_severity_counts open;
};

struct store_repository_page {
    struct store_repository *items; /* owned */
    size_t n;
    char *next_cursor; /* owned; NULL on the last page */
};

/* Free what the struct holds (not the struct). Accept NULL. */
void store_repository_release(struct store_repository *r);
void store_repository_page_release(struct store_repository_page *p);

/* VG_ERR_NOT_FOUND: the project is not the user's; VG_ERR_CONFLICT: the name is taken in
 * the project for that source type. Records repository.created. */
enum vg_err store_repository_create(struct store *st, const char *user_id,
                                    const struct store_repository_new *n,
                                    struct store_actor actor, struct store_repository *out);
enum vg_err store_repository_get(struct store *st, const char *user_id, const char *id,
                                 struct store_repository *out);
/* Fields left NULL stay; clear_branch sets default_branch to NULL. Records
 * repository.updated with the changed field names. */
enum vg_err store_repository_update(struct store *st, const char *user_id, const char *id,
                                    const char *name, const char *default_branch,
                                    bool clear_branch, const char *github_repo_full_name,
                                    struct store_actor actor, struct store_repository *out);
enum vg_err store_repository_delete(struct store *st, struct blob_store *blobs,
                                    const char *user_id, const char *id);
/* Newest first; project_id NULL: every project. VG_ERR_BAD_REQUEST for a bad cursor. */
enum vg_err store_repositories_page(struct store *st, const char *user_id,
                                    const char *project_id, const struct store_page_req *page,
                                    struct store_repository_page *out);
/* VG_OK when the repository is the user's, VG_ERR_NOT_FOUND otherwise. */
enum vg_err store_repository_owned(struct store *st, const char *user_id, const char *id);
/* The user's repository's source type and project (for scans of a repository). */
enum vg_err store_repository_source(struct store *st, const char *user_id, const char *id,
                                    char source_type[16], char project_id[UUID_STR_LEN],
                                    char **github_repo_full_name);

/*
 * The developer API's repository for a scan: in project_id, the github repository of that
 * full name (github) or the repository named name (zip), created on first use (recording
 * repository.created).
 */
enum vg_err store_repository_ensure(struct store *st, const char *user_id,
                                    const char *project_id, const char *source_type,
                                    const char *name, const char *github_repo_full_name,
                                    struct store_actor actor, char id[UUID_STR_LEN]);
/* File a freshly created scan under repository_id: its creation number (repo_seq) and
 * the scan.created event. */
enum vg_err store_repository_attach_scan(struct store *st, const char *repository_id,
                                         const char *scan_id, struct store_actor actor);
/* Record scan.started for a scan filed under a repository, once (no-op otherwise). */
enum vg_err store_scan_started_event(struct store *st, const char *scan_id,
                                     struct store_actor actor);

#endif
