/*
 * pr.c - the audit's pull request (see pr.h).
 */
#include "audit/pr.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/github.h"
#include "util/log.h"
#include "util/xalloc.h"

#define PR_SHA_MAX 96 /* a git object id (40 or 64 hex) with room to spare */

static bool pr_path_ok(const char *p)
{
    if (*p == '\0' || strlen(p) > 400)
        return false;
    for (; *p; p++) {
        if (!isalnum((unsigned char)*p) && strchr("._/-", *p) == NULL)
            return false;
    }
    return true;
}

/* GET or POST path; VG_OK only for the wanted status; *out the answer (caller decrefs). */
static enum vg_err pr_call(struct audit_github *gh, const char *path, json_t *post, long want,
                           json_t **out, long *got)
{
    char *text = post ? json_dumps(post, JSON_COMPACT) : NULL;
    long status = 0;
    json_t *body = NULL;
    enum vg_err e = github_api_call(gh->cfg, path, gh->token, text, &status, &body);
    free(text);
    if (got != NULL)
        *got = status;
    if (e == VG_OK && status != want) {
        char st[16];
        snprintf(st, sizeof st, "%ld", status);
        log_msg(LOG_WARN, "github_pr_call_refused", "path", path, "status", st, NULL);
        e = status == 404 ? VG_ERR_NOT_FOUND : status >= 500 ? VG_ERR_UNAVAILABLE
                                                             : VG_ERR_FORBIDDEN;
    }
    if (e == VG_OK && out != NULL)
        *out = body;
    else
        json_decref(body);
    return e;
}

enum vg_err audit_github_read(struct audit_github *gh, const char *const *paths, size_t n,
                              struct audit_files *out)
{
    char *path = xasprintf("repos/%s", gh->repo);
    json_t *j = NULL;
    enum vg_err e = pr_call(gh, path, NULL, 200, &j, NULL);
    free(path);
    if (e != VG_OK)
        return e;
    const char *b = json_string_value(json_object_get(j, "default_branch"));
    if (b == NULL || !pr_path_ok(b) || strlen(b) >= sizeof gh->branch) {
        json_decref(j);
        return VG_ERR_UNAVAILABLE;
    }
    snprintf(gh->branch, sizeof gh->branch, "%s", b);
    json_decref(j);
    for (size_t i = 0; i < n && i < AUDIT_PR_MAX_FILES; i++) {
        if (!pr_path_ok(paths[i]))
            continue;
        path = xasprintf("repos/%s/contents/%s?ref=%s", gh->repo, paths[i], gh->branch);
        j = NULL;
        e = pr_call(gh, path, NULL, 200, &j, NULL);
        free(path);
        if (e == VG_ERR_NOT_FOUND)
            continue; /* not there (.env.example, often) */
        if (e != VG_OK)
            return e;
        const char *enc = json_string_value(json_object_get(j, "encoding"));
        const char *b64 = json_string_value(json_object_get(j, "content"));
        if (enc != NULL && strcmp(enc, "base64") == 0 && b64 != NULL) {
            size_t cap = strlen(b64), len = 0;
            unsigned char *bin = xmalloc(cap + 1);
            if (sodium_base642bin(bin, cap, b64, cap, "\n\r ", &len, NULL,
                                  sodium_base64_VARIANT_ORIGINAL) == 0 &&
                len <= AUDIT_FILE_MAX)
                audit_files_put(out, paths[i], (const char *)bin, len);
            free(bin);
        }
        json_decref(j);
    }
    return VG_OK;
}

/* An existing open pull request of head (a rerun of the same audit). */
static enum vg_err pr_existing(struct audit_github *gh, const char *branch, char **pr_url)
{
    char owner[64];
    snprintf(owner, sizeof owner, "%.*s", (int)strcspn(gh->repo, "/"), gh->repo);
    char *path = xasprintf("repos/%s/pulls?head=%s:%s&state=all", gh->repo, owner, branch);
    json_t *j = NULL;
    enum vg_err e = pr_call(gh, path, NULL, 200, &j, NULL);
    free(path);
    const char *url = e == VG_OK ? json_string_value(json_object_get(json_array_get(j, 0),
                                                                     "html_url"))
                                 : NULL;
    if (e == VG_OK && url == NULL)
        e = VG_ERR_NOT_FOUND;
    if (url != NULL)
        *pr_url = xstrdup(url);
    json_decref(j);
    return e;
}

/* One git data call on repos/{repo}/{what} (GET when post is NULL, then want 200; else a
 * POST wanting 201) whose answer names a sha at key, or inside object in (NULL: at the top):
 * copied to sha. Consumes post. VG_ERR_UNAVAILABLE when the answer has no sha. */
static enum vg_err pr_sha(struct audit_github *gh, const char *what, json_t *post,
                          const char *in, char sha[PR_SHA_MAX])
{
    char *path = xasprintf("repos/%s/%s", gh->repo, what);
    json_t *j = NULL;
    enum vg_err e = pr_call(gh, path, post, post ? 201 : 200, &j, NULL);
    free(path);
    json_decref(post);
    const char *v = json_string_value(json_object_get(in ? json_object_get(j, in) : j, "sha"));
    if (e == VG_OK && (v == NULL || strlen(v) >= PR_SHA_MAX))
        e = VG_ERR_UNAVAILABLE;
    snprintf(sha, PR_SHA_MAX, "%s", e == VG_OK ? v : "");
    json_decref(j);
    return e;
}

enum vg_err audit_github_pr(struct audit_github *gh, const char *audit_id,
                            const struct audit_files *changed, const char *title,
                            const char *body, char **pr_url)
{
    *pr_url = NULL;
    char branch[64];
    snprintf(branch, sizeof branch, "vibeguard/audit-%.8s", audit_id);
    char head[PR_SHA_MAX], base_tree[PR_SHA_MAX], tree_sha[PR_SHA_MAX], commit_sha[PR_SHA_MAX];
    char *what = xasprintf("git/ref/heads/%s", gh->branch);
    enum vg_err e = pr_sha(gh, what, NULL, "object", head);
    free(what);
    if (e == VG_OK) {
        what = xasprintf("git/commits/%s", head);
        e = pr_sha(gh, what, NULL, "tree", base_tree);
        free(what);
    }
    json_t *tree = json_array();
    for (size_t i = 0; e == VG_OK && i < changed->n; i++) {
        const struct audit_file *f = &changed->items[i];
        size_t cap = sodium_base64_ENCODED_LEN(f->len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = xmalloc(cap), sha[PR_SHA_MAX];
        sodium_bin2base64(b64, cap, (const unsigned char *)f->data, f->len,
                          sodium_base64_VARIANT_ORIGINAL);
        e = pr_sha(gh, "git/blobs", json_pack("{s:s,s:s}", "content", b64, "encoding", "base64"),
                   NULL, sha);
        free(b64);
        if (e == VG_OK)
            json_array_append_new(tree, json_pack("{s:s,s:s,s:s,s:s}", "path", f->path, "mode",
                                                  "100644", "type", "blob", "sha", sha));
    }
    if (e == VG_OK)
        e = pr_sha(gh, "git/trees", json_pack("{s:s,s:O}", "base_tree", base_tree, "tree", tree),
                   NULL, tree_sha);
    json_decref(tree);
    if (e == VG_OK)
        e = pr_sha(gh, "git/commits",
                   json_pack("{s:s,s:s,s:[s]}", "message", title, "tree", tree_sha, "parents",
                             head),
                   NULL, commit_sha);
    long status = 0;
    if (e == VG_OK) {
        char *ref = xasprintf("refs/heads/%s", branch);
        json_t *req = json_pack("{s:s,s:s}", "ref", ref, "sha", commit_sha);
        free(ref);
        char *path = xasprintf("repos/%s/git/refs", gh->repo);
        e = pr_call(gh, path, req, 201, NULL, &status);
        free(path);
        json_decref(req);
        if (e != VG_OK && status == 422) /* a rerun: the branch and its PR exist */
            return pr_existing(gh, branch, pr_url);
    }
    if (e == VG_OK) {
        json_t *req = json_pack("{s:s,s:s,s:s,s:s}", "title", title, "head", branch, "base",
                                gh->branch, "body", body);
        char *path = xasprintf("repos/%s/pulls", gh->repo);
        json_t *j = NULL;
        e = pr_call(gh, path, req, 201, &j, NULL);
        free(path);
        json_decref(req);
        const char *url = json_string_value(json_object_get(j, "html_url"));
        if (e == VG_OK && url != NULL)
            *pr_url = xstrdup(url);
        else if (e == VG_OK)
            e = VG_ERR_UNAVAILABLE;
        json_decref(j);
    }
    return e;
}
