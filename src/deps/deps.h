/*
 * deps.h - dependency-vulnerability scanning (finding category "dependency").
 *
 * The engine calls deps_scan_file() for every file whose base name deps_is_manifest()
 * accepts: package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml,
 * package.json (npm); requirements*.txt, poetry.lock, Pipfile.lock (PyPI). Each
 * dependency found is looked up in an advisory database imported from OSV data with
 * `vega advisories import` (see osv.h, docs/dependencies.md), and every vulnerable
 * (package, version, advisory) triple becomes one callback.
 *
 * Lockfile versus package.json: deps_scan_file sees one file at a time, so it reports
 * what each file says. A package.json (or requirements*.txt) gives only ranges, and the
 * lockfile next to it is authoritative; the engine drops the findings of a manifest for
 * which deps_is_superseded() is true, given the paths of every manifest in the same
 * source (call it after the scan, or before it when the file list is known up front).
 *
 * Thread-safety: a struct deps_db is immutable once opened; any number of threads may
 * call deps_scan_file on one db concurrently.
 */
#ifndef VG_DEPS_DEPS_H
#define VG_DEPS_DEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct deps_db;

/* The rule ids of dependency findings, one per ecosystem, NULL-terminated. */
extern const char *const deps_rule_ids[];

/* Printed once by a scan that found manifests while no advisory data is loaded. */
#define DEPS_EMPTY_NOTE                                                                            \
    "no advisory data loaded: dependencies were not checked for known vulnerabilities "            \
    "(run `vega advisories import npm-all.zip PyPI-all.zip`)"

/*
 * Open the advisory indexes under <data_dir>/advisories/. A missing directory or missing
 * index files give an empty db (deps_db_is_empty), not an error. VG_ERR_INVALID when an
 * index file is corrupt, VG_ERR_IO when it cannot be read. *out is owned by the caller.
 */
enum vg_err deps_db_open(const char *data_dir, struct deps_db **out);
/* Accepts NULL. */
void deps_db_free(struct deps_db *db);
/* True when no advisory at all is loaded (also for a NULL db). */
bool deps_db_is_empty(const struct deps_db *db);
/* Advisory entries loaded for an OSV ecosystem name ("npm", "PyPI"); 0 when unknown. */
size_t deps_db_entries(const struct deps_db *db, const char *ecosystem);

/* True when the base name of path is a manifest or lockfile we parse. */
bool deps_is_manifest(const char *path);
/* True for the lockfiles (exact versions): package-lock, shrinkwrap, yarn, pnpm, poetry,
 * Pipfile.lock. */
bool deps_is_lockfile(const char *path);

/*
 * True when findings from `path` (a package.json or requirements*.txt) must be dropped
 * because `paths` (n paths of the same source, e.g. every manifest the scan met) holds a
 * lockfile of the same ecosystem in the same directory. Lockfiles are never superseded.
 */
bool deps_is_superseded(const char *path, const char *const *paths, size_t n);

/* One vulnerable (package, version, advisory). Every pointer is borrowed for the call. */
struct deps_finding {
    const char *rule_id;        /* "dependency-npm-vulnerable" | "dependency-pypi-vulnerable" */
    const char *category;       /* "dependency" */
    const char *severity;       /* "critical" | "high" | "medium" | "low" */
    const char *confidence;     /* "high" lockfile or pin; "medium" exact package.json
                                   version; "low" lower bound of a range */
    const char *title;          /* "lodash 4.17.15 has a known vulnerability (GHSA-...)" */
    const char *description;    /* advisory summary, aliases, link */
    const char *recommendation; /* "Upgrade lodash to 4.17.21 or later." */
    const char *file_path;
    unsigned line_start, line_end;
    const char *masked_evidence;   /* "lodash@4.17.15", "requests==2.25.0" */
    const char *fingerprint_input; /* "dependency|npm|lodash|4.17.15|GHSA-..." */
    /* The same facts, structured. */
    const char *ecosystem, *package, *version, *advisory_id, *aliases;
    const char *fixed_version; /* "" when no fix is known */
    unsigned cvss_score10;     /* CVSS v3 base score x10; 0 when none */
};

/* Return VG_OK to continue; anything else stops the scan and is returned. */
typedef enum vg_err (*deps_finding_cb)(const struct deps_finding *f, void *ctx);

/*
 * Parse data (len bytes of the file at path; need not be NUL-terminated), count its
 * distinct (package, version) dependencies into *dependency_count (may be NULL), and call
 * cb once per vulnerable (package, version, advisory). With an empty or NULL db, nothing
 * is matched but the count is still given. Returns VG_OK (also for a path that is not a
 * manifest: count 0), VG_ERR_INVALID for a malformed file (bad JSON/YAML, nesting deeper
 * than 64), VG_ERR_TOO_LARGE for a file over 64 MiB or with more than 200000 packages,
 * or cb's error. Never crashes on hostile input. Thread-safe.
 */
enum vg_err deps_scan_file(const struct deps_db *db, const char *path, const char *data, size_t len,
                           deps_finding_cb cb, void *ctx, size_t *dependency_count);

#endif
