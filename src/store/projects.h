/*
 * projects.h - a user's projects: CRUD with counts and scores, the rollup view, and
 * deletion with everything under it. Every call is scoped to user_id: another user's
 * project answers VG_ERR_NOT_FOUND like a missing one.
 */
#ifndef VG_STORE_PROJECTS_H
#define VG_STORE_PROJECTS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/json_rows.h"

struct blob_store;

/* The project JSON of API.md (with counts and score); VG_ERR_NOT_FOUND when not the user's. */
enum vg_err store_project_get(struct store *st, const char *user_id, const char *id,
                              json_t **out);
enum vg_err store_project_create(struct store *st, const char *user_id, const char *name,
                                 const char *description, json_t **out);
/* name / description NULL: unchanged; clear_description sets description to NULL. */
enum vg_err store_project_update(struct store *st, const char *user_id, const char *id,
                                 const char *name, const char *description,
                                 bool clear_description, json_t **out);
/* Delete the project with its repositories, scans and findings; the scans' upload blobs
 * are queued in blob_deletions and removed from blobs (when not NULL) after the commit. */
enum vg_err store_project_delete(struct store *st, struct blob_store *blobs,
                                 const char *user_id, const char *id);
/* Newest first; q (may be NULL) matches names containing it, case-insensitively. */
enum vg_err store_projects_page(struct store *st, const char *user_id, const char *q,
                                const struct store_page_req *page, json_t **out);
enum vg_err store_project_rollup(struct store *st, const char *user_id, const char *id,
                                 json_t **out);
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
