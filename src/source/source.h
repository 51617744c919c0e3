/*
 * source.h - the inputs of a scan behind one small interface: an uploaded ZIP (an open
 * file), a GitHub repository (tarball of the tip, or a clone with its history), a git
 * repository on disk (its history, or its index for pre-commit hooks) and standard input.
 * Both the server's scan job and `vega scan` call source_scan; each source produces files
 * for the engine (scan/engine.h, scan/stream.h) and nothing else: no SQL, no HTTP serving.
 * libgit2 is used only in this folder.
 */
#ifndef VG_SOURCE_SOURCE_H
#define VG_SOURCE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scan/engine.h"
#include "util/err.h"

struct config;

#define SOURCE_ERROR_MAX 256
/* Deepest tree nesting read from a git repository (deeper trees are counted as risky). */
#define SOURCE_GIT_MAX_DEPTH 256

enum source_kind {
    SOURCE_ZIP,     /* fd: an archive (ZIP, tar, tar.gz) */
    SOURCE_GITHUB,  /* github_repo through the GitHub App of cfg; history: clone */
    SOURCE_GIT,     /* repo_path: history of the refs (or the index with staged) */
    SOURCE_STDIN,   /* fd: any text, read to its end in slices */
    SOURCE_KIND_MAX /* not a source */
};

struct source_spec {
    enum source_kind kind;
    int fd;                   /* SOURCE_ZIP, SOURCE_STDIN (borrowed, not closed) */
    const char *repo_path;    /* SOURCE_GIT: a work tree, a .git dir or a bare repository */
    const char *github_repo;  /* SOURCE_GITHUB: "owner/name" */
    const struct config *cfg; /* SOURCE_GITHUB: app credentials, API URL, data dir */
    bool history;             /* SOURCE_GITHUB: clone and scan the history */
    /* SOURCE_GIT: which commits. Default: HEAD and its history. */
    const char *branch; /* one branch (or any revision) instead of HEAD */
    const char *since;  /* skip this revision and its history */
    bool all_refs;      /* every ref (branches, tags, remotes) */
    bool staged;        /* the index instead of the history */
    const char *name;   /* SOURCE_STDIN: the path findings name ("-" when NULL) */
};

struct source_outcome {
    uint64_t commits; /* history: commits walked */
    uint64_t blobs;   /* history: unique blobs scanned (each once, however many commits) */
    char error[SOURCE_ERROR_MAX]; /* a message for the user when the source failed */
};

/*
 * Scan one source into res (appended, as scan_path does). Returns VG_OK when the source
 * was read to its end; VG_ERR_TOO_LARGE when an engine limit stopped it (what was read is
 * in res); otherwise an error with out->error set to a sentence for the user (no paths of
 * the server, no library internals): VG_ERR_NOT_FOUND (no such repository or revision),
 * VG_ERR_INVALID (not a repository, unreadable objects), VG_ERR_IO, or the GitHub errors of
 * source/github.h. Thread-safe: concurrent scans of different sources are fine.
 */
enum vg_err source_scan(const struct source_spec *spec, const struct scan_engine *eng,
                        const struct scan_options *opt, struct scan_result *res,
                        struct source_outcome *out);

/* ---- one function per source (source_scan dispatches through a table) ---- */
enum vg_err source_zip_scan(const struct source_spec *spec, const struct scan_engine *eng,
                            const struct scan_options *opt, struct scan_result *res,
                            struct source_outcome *out);
enum vg_err source_github_scan(const struct source_spec *spec, const struct scan_engine *eng,
                               const struct scan_options *opt, struct scan_result *res,
                               struct source_outcome *out);
enum vg_err source_git_scan(const struct source_spec *spec, const struct scan_engine *eng,
                            const struct scan_options *opt, struct scan_result *res,
                            struct source_outcome *out);
enum vg_err source_stdin_scan(const struct source_spec *spec, const struct scan_engine *eng,
                              const struct scan_options *opt, struct scan_result *res,
                              struct source_outcome *out);

/* The hooks directory of the repository at or above path (core.hooksPath when set, else
 * .git/hooks), as a new string; NULL with a message in err (err_len bytes) when path is not
 * in a git repository. */
char *source_git_hooks_dir(const char *path, char *err, size_t err_len);

/* libgit2's global set-up, once per process (every libgit2 caller here calls it first). */
void source_git_lib_init(void);
/* DATA_DIR/git/{upload_id}.git: the bare repository of a git upload. Caller frees. */
char *source_git_upload_path(const char *data_dir, const char *upload_id);
/* Create an empty bare repository at path (a git upload's remote). VG_ERR_IO on failure. */
enum vg_err source_git_init_bare(const char *path);
/* The number of refs of the bare repository at path, -1 when it cannot be opened. */
long source_git_ref_count(const char *path);

/* Write a message into out->error and return e (for the sources). */
__attribute__((format(printf, 3, 4))) enum vg_err source_fail(struct source_outcome *out,
                                                              enum vg_err e, const char *fmt, ...);

#endif
