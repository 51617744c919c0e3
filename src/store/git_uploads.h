/*
 * git_uploads.h - the git_uploads table (API.md "Git uploads"): a temporary push remote
 * of one repository. The credential never reaches the store: only its SHA-256 (token_hash).
 * Status: waiting -> received (a push landed, its scan queued) -> scanning -> complete |
 * failed; a waiting upload becomes expired (cleanup) or revoked (DELETE). Times are epoch
 * seconds, 0 for SQL NULL. Functions return VG_OK, VG_ERR_NOT_FOUND where stated, or the
 * store's errors. Thread-safe.
 */
#ifndef VG_STORE_GIT_UPLOADS_H
#define VG_STORE_GIT_UPLOADS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/events.h"
#include "store/store.h"
#include "util/rand.h"

#define STORE_GIT_TOKEN_HASH_HEX 65

struct store_git_upload {
    char id[UUID_STR_LEN];
    char user_id[UUID_STR_LEN];
    char repository_id[UUID_STR_LEN];
    char status[16]; /* "expired" for a waiting upload past expires_at */
    char scan_id[UUID_STR_LEN]; /* "" until a push */
    char token_hash[STORE_GIT_TOKEN_HASH_HEX];
    int64_t expires_at, pushed_at, created_at, repo_deleted_at;
};

/* Insert a waiting upload and record git_upload.created (actor as given). */
enum vg_err store_git_uploads_insert(struct store *st, const struct store_git_upload *u,
                                     struct store_actor actor);
/* The upload id (of user_id when not NULL); VG_ERR_NOT_FOUND when missing or not theirs. */
enum vg_err store_git_uploads_get(struct store *st, const char *id, const char *user_id,
                                  int64_t now, struct store_git_upload *out);
/* The upload whose scan is scan_id; VG_ERR_NOT_FOUND when none. */
enum vg_err store_git_uploads_by_scan(struct store *st, const char *scan_id,
                                      struct store_git_upload *out);
/* Revoke a waiting upload of user_id (VG_OK also when it was no longer waiting);
 * VG_ERR_NOT_FOUND when missing or not theirs. */
enum vg_err store_git_uploads_revoke(struct store *st, const char *id, const char *user_id,
                                     int64_t now);
/* A push landed: the waiting, unexpired upload becomes received with scan_id (one
 * conditional UPDATE, so of two racing pushes one wins) and git_upload.pushed is recorded.
 * VG_ERR_CONFLICT when the upload no longer waits. */
enum vg_err store_git_uploads_mark_received(struct store *st, const char *id,
                                            const char *scan_id, int64_t now);
/* Set the status of the upload of scan_id (scanning, complete, failed). */
enum vg_err store_git_uploads_set_status(struct store *st, const char *scan_id,
                                         const char *status, int64_t now);
/* Waiting uploads past their expiry become expired, each with git_upload.expired; *n gets
 * how many. */
enum vg_err store_git_uploads_expire(struct store *st, int64_t now, int64_t *n);
/* Up to max ids of uploads whose bare repository should go (expired, revoked, failed,
 * and not yet deleted; complete ones: store_cleanup_git_repos_due, the audit window); and
 * marking one deleted. */
enum vg_err store_git_uploads_stale_repos(struct store *st, char (*ids)[UUID_STR_LEN], size_t max,
                                          size_t *n);
enum vg_err store_git_uploads_repo_deleted(struct store *st, const char *id, int64_t now);

#endif
