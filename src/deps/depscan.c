/*
 * depscan.c - the engine's manifest hook for dependency scanning (see depscan.h).
 */
#include "deps/depscan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct depscan {
    const struct deps_db *db;
    const struct scan_options *opt;
    pthread_mutex_t mu;
    char **paths;
    size_t n_paths, alloc;
    uint64_t dependencies;
    size_t errors;
};

struct depscan_call {
    struct depscan *d;
    struct scan_result *out;
};

struct depscan *depscan_new(const struct deps_db *db)
{
    struct depscan *d = xcalloc(1, sizeof(*d));
    d->db = db;
    pthread_mutex_init(&d->mu, NULL);
    return d;
}

static enum scan_confidence depscan_confidence(const char *s)
{
    return strcmp(s, "high") == 0 ? CONF_HIGH : strcmp(s, "medium") == 0 ? CONF_MEDIUM : CONF_LOW;
}

static enum vg_err depscan_finding(const struct deps_finding *f, void *vctx)
{
    struct depscan_call *c = vctx;
    enum scan_severity sev = SEV_MEDIUM;
    if (!scan_severity_parse(f->severity, &sev))
        sev = SEV_MEDIUM;
    char fp[SCAN_FINGERPRINT_HEX + 1];
    scan_fingerprint(c->d->opt, f->rule_id, NULL, f->fingerprint_input,
                     strlen(f->fingerprint_input), fp);
    struct scan_finding_spec spec = {
        .rule_id = f->rule_id,
        .title = f->title,
        .category = f->category,
        .description = f->description,
        .recommendation = f->recommendation,
        .severity = sev,
        .confidence = depscan_confidence(f->confidence),
        .file_path = f->file_path,
        .masked_evidence = f->masked_evidence,
        .line_start = f->line_start,
        .line_end = f->line_end,
        .fingerprint = fp,
    };
    scan_result_add(c->out, &spec);
    return VG_OK;
}

static void depscan_manifest(void *ctx, const char *path, const char *data, size_t len,
                             struct scan_result *out)
{
    struct depscan *d = ctx;
    struct depscan_call call = {d, out};
    size_t count = 0;
    enum vg_err e = deps_scan_file(d->db, path, data, len, depscan_finding, &call, &count);
    pthread_mutex_lock(&d->mu);
    if (d->n_paths == d->alloc) {
        d->alloc = d->alloc ? d->alloc * 2 : 16;
        d->paths = xrealloc(d->paths, d->alloc * sizeof(*d->paths));
    }
    d->paths[d->n_paths++] = xstrdup(path);
    d->dependencies += count;
    if (e != VG_OK)
        d->errors++;
    pthread_mutex_unlock(&d->mu);
}

void depscan_attach(struct depscan *d, struct scan_options *opt)
{
    d->opt = opt;
    opt->manifest = depscan_manifest;
    opt->manifest_ctx = d;
    opt->manifest_rule_ids = deps_rule_ids;
}

void depscan_finish(struct depscan *d, struct scan_result *res)
{
    const char *const *paths = (const char *const *)d->paths;
    size_t kept = 0;
    for (size_t i = 0; i < res->n_findings; i++) {
        struct scan_finding *f = &res->findings[i];
        bool drop = strcmp(f->category, "dependency") == 0 &&
                    deps_is_superseded(f->file_path, paths, d->n_paths);
        if (drop) {
            scan_finding_release(f);
            continue;
        }
        res->findings[kept++] = *f;
    }
    res->n_findings = kept;
}

uint64_t depscan_dependency_count(const struct depscan *d) { return d->dependencies; }
size_t depscan_manifest_count(const struct depscan *d) { return d->n_paths; }
size_t depscan_error_count(const struct depscan *d) { return d->errors; }

void depscan_free(struct depscan *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n_paths; i++)
        free(d->paths[i]);
    free(d->paths);
    pthread_mutex_destroy(&d->mu);
    free(d);
}
