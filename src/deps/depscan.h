/*
 * depscan.h - dependency scanning attached to one engine scan: plugs deps_scan_file()
 * (deps.h) into the engine's manifest hook, turns its findings into engine findings with
 * keyed fingerprints, counts dependencies, and after the scan drops the findings of
 * package.json / requirements files that a lockfile beside them supersedes.
 *
 *     struct depscan *d = depscan_new(db);        // db may be NULL or empty
 *     depscan_attach(d, &opt);                     // sets opt.manifest / manifest_ctx
 *     scan_path(eng, path, &opt, &res);
 *     depscan_finish(d, &res);                     // drops superseded findings
 *     ... depscan_dependency_count(d), depscan_manifest_count(d) ...
 *     depscan_free(d);
 *
 * Thread-safe for the engine's concurrent manifest calls (a mutex guards the counters
 * and the list of manifest paths; findings go to each worker's own result).
 */
#ifndef VG_DEPS_DEPSCAN_H
#define VG_DEPS_DEPSCAN_H

#include <stdint.h>

#include "deps/deps.h"
#include "scan/engine.h"

struct depscan;

/* db is borrowed and must outlive the depscan; NULL behaves as an empty database. */
struct depscan *depscan_new(const struct deps_db *db);
/* Hook into opt (borrowed: its fingerprint key is used for the findings). */
void depscan_attach(struct depscan *d, struct scan_options *opt);
/* After the scan: remove findings of superseded manifests from res. */
void depscan_finish(struct depscan *d, struct scan_result *res);
/* Distinct (package, version) dependencies over every manifest seen. */
uint64_t depscan_dependency_count(const struct depscan *d);
/* Manifests and lockfiles seen, and how many could not be parsed. */
size_t depscan_manifest_count(const struct depscan *d);
size_t depscan_error_count(const struct depscan *d);
/* Accepts NULL. */
void depscan_free(struct depscan *d);

#endif
