/*
 * pr.h - the audit's pull request for GitHub sources, through the GitHub App
 * (source/github.h gives the installation token and the JSON calls):
 *
 *   GET  repos/{repo}                         the default branch
 *   GET  repos/{repo}/contents/{path}?ref=B   the files the fixers edit (base64)
 *   GET  repos/{repo}/git/ref/heads/{B}       the branch's head commit
 *   GET  repos/{repo}/git/commits/{sha}       its tree
 *   POST repos/{repo}/git/blobs               one blob per changed file (base64)
 *   POST repos/{repo}/git/trees               base_tree + the changed files
 *   POST repos/{repo}/git/commits             one commit, parent = the head
 *   POST repos/{repo}/git/refs                refs/heads/vibeguard/audit-{id8}
 *   POST repos/{repo}/pulls                   head = that branch, base = B, body = summary
 * A rerun finds the branch already there (422) and answers the open pull request of it.
 */
#ifndef VG_AUDIT_PR_H
#define VG_AUDIT_PR_H

#include "app/config.h"
#include "audit/files.h"
#include "util/err.h"

#define AUDIT_PR_MAX_FILES 200

struct audit_github {
    const struct config *cfg;
    const char *repo;   /* owner/name */
    const char *token;  /* installation token (borrowed) */
    char branch[256];   /* the default branch, filled by audit_github_read */
};

/* The default branch into gh->branch, then the files at paths (those that exist; paths
 * with characters outside [A-Za-z0-9._/-] are skipped) into out. */
enum vg_err audit_github_read(struct audit_github *gh, const char *const *paths, size_t n,
                              struct audit_files *out);

/* Open the pull request of changed on gh->branch; *pr_url receives its html_url (caller
 * frees). */
enum vg_err audit_github_pr(struct audit_github *gh, const char *audit_id,
                            const struct audit_files *changed, const char *title,
                            const char *body, char **pr_url);

#endif
