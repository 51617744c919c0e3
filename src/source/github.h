/*
 * github.h - scan a GitHub repository through a GitHub App installation: sign an RS256
 * app JWT, look up the app's installation on the repository, exchange the JWT for an
 * installation token scoped to that repository, and stream the repository's tarball
 * (libcurl) straight into the engine. Nothing is written to disk and the tarball is never
 * held whole in memory.
 *
 * The three GitHub calls (API base URL from cfg->github_api_url, so tests use a local
 * server; see tests/fakes/github_server.py and docs/github.md):
 *   GET  {api}/repos/{owner}/{repo}/installation            Bearer app JWT -> {"id": N}
 *   POST {api}/app/installations/{N}/access_tokens           Bearer app JWT -> {"token": ..}
 *   GET  {api}/repos/{owner}/{repo}/tarball                  Bearer token -> 302 -> .tar.gz
 *
 * Secrets: the private key, the JWT and the installation token are wiped when done and
 * never appear in logs or in error messages.
 */
#ifndef VG_SOURCE_GITHUB_H
#define VG_SOURCE_GITHUB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/config.h"
#include "scan/engine.h"
#include "util/buf.h"
#include "util/err.h"

#include <jansson.h>

/* Timeouts and caps: a stuck or hostile GitHub never hangs a worker. */
#define GITHUB_CONNECT_TIMEOUT_S 10L
#define GITHUB_API_TIMEOUT_S 30L        /* whole JSON API call */
#define GITHUB_LOW_SPEED_BYTES 1024L    /* tarball: abort below this many bytes/s ... */
#define GITHUB_LOW_SPEED_TIME_S 30L     /* ... sustained this long */
#define GITHUB_DOWNLOAD_TIMEOUT_S 3600L /* tarball: download and scan, a backstop */
#define GITHUB_MAX_REDIRECTS 5L
#define GITHUB_JSON_MAX ((size_t)1024 * 1024)    /* API response bodies */
#define GITHUB_PEM_MAX ((size_t)64 * 1024)       /* the private key file */
#define GITHUB_STREAM_CHUNK ((size_t)256 * 1024) /* tarball bytes buffered at most (+1 write) */
#define GITHUB_TOKEN_MAX 1024
#define GITHUB_JWT_BACKDATE_S 60  /* iat = now - 60 (clock drift) */
#define GITHUB_JWT_LIFETIME_S 540 /* exp = now + 540 (GitHub allows 10 minutes) */
#define GITHUB_API_VERSION "2022-11-28"

/*
 * Scan the default branch of `repo_full_name` ("owner/name") with `eng`, as a stream, with
 * opt (borrowed; copied with strip_components = 1, since GitHub puts every entry under
 * "owner-repo-sha/"). Results are appended to res as scan_archive_stream does.
 *
 * Returns VG_OK when the scan ran to completion. On failure returns a vg_err and writes a
 * message the user can act on into user_error (NUL-terminated, truncated to
 * user_error_len; may be NULL when user_error_len is 0):
 *   VG_ERR_VALIDATION   the name is not a valid "owner/name"
 *   VG_ERR_UNAVAILABLE  the app is not configured here, GitHub is unreachable or answers
 *                       5xx, the download stalled or timed out
 *   VG_ERR_NOT_FOUND    the app is not installed on the repository
 *   VG_ERR_UNAUTHORIZED GitHub refused the app credentials (401)
 *   VG_ERR_FORBIDDEN    GitHub refused access to the repository (403, 422)
 *   VG_ERR_TOO_LARGE    the archive exceeds cfg->max_upload_bytes, or an engine limit hit
 *   VG_ERR_IO / VG_ERR_INVALID  the archive could not be read (from the engine)
 * Thread-safe: any number of workers may call it concurrently.
 */
enum vg_err github_scan_repo(const struct config *cfg, const char *repo_full_name,
                             const struct scan_engine *eng, const struct scan_options *opt,
                             struct scan_result *res, char *user_error, size_t user_error_len);

/*
 * An installation token scoped to repo (the app JWT, the installation lookup, the token
 * exchange), appended to token (wipe it with buf_release_secret). Errors as for
 * github_scan_repo. Used to write to the repository (the audit's pull request).
 */
enum vg_err github_repo_token(const struct config *cfg, const char *repo, struct buf *token,
                              char *user_error, size_t user_error_len);

/*
 * One JSON call to {api}/path with the token: GET, or POST of post_json when not NULL. On
 * VG_OK *status is the HTTP status and *body the answer (NULL when not JSON; caller
 * decrefs); VG_ERR_UNAVAILABLE when GitHub could not be reached.
 */
enum vg_err github_api_call(const struct config *cfg, const char *path, const char *token,
                            const char *post_json, long *status, json_t **body);

/* ---- exposed for tests (tests/unit/test_github.c) ---- */

/*
 * Whether s is "owner/name" by GitHub's rules: owner 1-39 of [A-Za-z0-9-], not starting
 * with '-'; name 1-100 of [A-Za-z0-9._-], not "." or "..". Such names need no URL escaping.
 */
bool github_repo_name_valid(const char *s);

/* base + "/" + path with exactly one '/' between them. Caller frees. */
char *github_url(const char *base, const char *path);

/*
 * Build the app JWT: header {"alg":"RS256","typ":"JWT"}, claims iat = now - 60,
 * exp = now + 540, iss = app_id (a JSON number when all digits), base64url without
 * padding, RS256 (SHA-256, PKCS#1 v1.5) over the PEM private key (RSA; PKCS#1 or PKCS#8).
 * Appends to out (use buf_release_secret); out is unchanged on failure. VG_ERR_INVALID
 * when the key cannot be read or is not RSA, VG_ERR_VALIDATION for an empty or odd app id.
 */
enum vg_err github_app_jwt(const char *app_id, const char *pem, size_t pem_len, time_t now,
                           struct buf *out);

#endif
