/*
 * deps.c - the dependency scanner's entry points: the advisory db (one loaded index per
 * ecosystem), manifest recognition, lockfile precedence, and deps_scan_file, which turns
 * a parsed package list and the index into findings. Parsing is in deps_npm.c and
 * deps_py.c, version ranges in osv_match.c.
 */
#include "deps/deps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deps/deps_parse.h"
#include "deps/osv.h"
#include "util/xalloc.h"

struct deps_db {
    struct osv_index *idx[OSV_ECO__COUNT];
};

enum vg_err deps_db_open(const char *data_dir, struct deps_db **out)
{
    struct deps_db *db = xcalloc(1, sizeof(*db));
    for (int k = 0; k < OSV_ECO__COUNT; k++) {
        char *path = osv_index_path(data_dir, (enum osv_ecosystem)k);
        enum vg_err e = osv_index_load(path, &db->idx[k]);
        free(path);
        if (e != VG_OK && e != VG_ERR_NOT_FOUND) {
            deps_db_free(db);
            *out = NULL;
            return e;
        }
    }
    *out = db;
    return VG_OK;
}

void deps_db_free(struct deps_db *db)
{
    if (db == NULL)
        return;
    for (int k = 0; k < OSV_ECO__COUNT; k++)
        osv_index_free(db->idx[k]);
    free(db);
}

size_t deps_db_entries(const struct deps_db *db, const char *ecosystem)
{
    for (int k = 0; db != NULL && k < OSV_ECO__COUNT; k++) {
        if (strcmp(ecosystem, osv_ecosystem_name((enum osv_ecosystem)k)) == 0)
            return db->idx[k] != NULL ? osv_index_size(db->idx[k]) : 0;
    }
    return 0;
}

bool deps_db_is_empty(const struct deps_db *db)
{
    for (int k = 0; db != NULL && k < OSV_ECO__COUNT; k++) {
        if (db->idx[k] != NULL && osv_index_size(db->idx[k]) > 0)
            return false;
    }
    return true;
}

bool deps_is_manifest(const char *path)
{
    return deps_kind_of(path) != DEPS_KIND_NONE;
}

bool deps_is_lockfile(const char *path)
{
    enum deps_kind k = deps_kind_of(path);
    return k != DEPS_KIND_NONE && k != DEPS_KIND_PACKAGE_JSON && k != DEPS_KIND_REQUIREMENTS;
}

static size_t dir_len(const char *path)
{
    const char *s = strrchr(path, '/');
    return s != NULL ? (size_t)(s - path) : 0;
}

bool deps_is_superseded(const char *path, const char *const *paths, size_t n)
{
    enum deps_kind kind = deps_kind_of(path);
    if (kind != DEPS_KIND_PACKAGE_JSON && kind != DEPS_KIND_REQUIREMENTS)
        return false;
    enum osv_ecosystem eco = deps_kind_ecosystem(kind);
    size_t dl = dir_len(path);
    for (size_t i = 0; i < n; i++) {
        const char *o = paths[i];
        if (!deps_is_lockfile(o) || deps_kind_ecosystem(deps_kind_of(o)) != eco)
            continue;
        if (dir_len(o) == dl && strncmp(o, path, dl) == 0)
            return true;
    }
    return false;
}

/* ---- findings ---- */

static const char *const conf_names[] = {
    [DEPS_CONF_LOW] = "low", [DEPS_CONF_MEDIUM] = "medium", [DEPS_CONF_HIGH] = "high"};

const char *const deps_rule_ids[OSV_ECO__COUNT + 1] = {
    [OSV_ECO_NPM] = "dependency-npm-vulnerable", [OSV_ECO_PYPI] = "dependency-pypi-vulnerable",
    [OSV_ECO__COUNT] = NULL};

/*
 * An advisory without any severity: a malicious package (OSV "MAL-" ids) is critical,
 * anything else medium, so it is neither lost in the noise nor inflated.
 */
static const char *severity_of(const struct osv_ref *r)
{
    if (r->severity != OSV_SEV_UNKNOWN)
        return osv_severity_name((enum osv_severity)r->severity);
    return strncmp(r->id, "MAL-", 4) == 0 ? "critical" : "medium";
}

static char *recommendation_of(const struct deps_pkg *p, const struct osv_ref *r,
                               const struct osv_match *m)
{
    if (strncmp(r->id, "MAL-", 4) == 0)
        return xasprintf("Remove %s: this version is known to be malicious. Treat any "
                         "machine that installed it as compromised and rotate its secrets.",
                         p->display);
    if (m->fixed[0] != '\0')
        return xasprintf("Upgrade %s to %s or later.", p->display, m->fixed);
    if (m->last_affected[0] != '\0')
        return xasprintf("Upgrade %s to a version later than %s.", p->display, m->last_affected);
    return xasprintf("No fixed version of %s is known; remove it or replace it with an "
                     "alternative.",
                     p->display);
}

static char *description_of(const struct deps_pkg *p, const struct osv_ref *r)
{
    const char *guess = p->conf == DEPS_CONF_LOW
                            ? " The version is the lowest one the declared range allows; "
                              "check the installed version."
                            : "";
    return xasprintf("%s%s%s%s. Advisory %s: https://osv.dev/vulnerability/%s%s",
                     r->summary[0] != '\0' ? r->summary : "Known vulnerability",
                     r->aliases[0] != '\0' ? " (" : "", r->aliases,
                     r->aliases[0] != '\0' ? ")" : "", r->id, r->id, guess);
}

struct scan_ctx {
    enum osv_ecosystem eco;
    const char *path, *data;
    size_t len;
    deps_finding_cb cb;
    void *ctx;
};

static enum vg_err report(const struct scan_ctx *sc, struct deps_pkg *p, const struct osv_ref *r,
                          const struct osv_match *m)
{
    const char *eco = osv_ecosystem_name(sc->eco);
    char *title = xasprintf("%s %s has a known vulnerability (%s)", p->display, p->version, r->id);
    char *desc = description_of(p, r);
    char *rec = recommendation_of(p, r, m);
    char *ev = xasprintf(sc->eco == OSV_ECO_NPM ? "%s@%s" : "%s==%s", p->display, p->version);
    char *fp = xasprintf("dependency|%s|%s|%s|%s", eco, p->name, p->version, r->id);
    struct deps_finding f = {
        .rule_id = deps_rule_ids[sc->eco],
        .category = "dependency",
        .severity = severity_of(r),
        .confidence = conf_names[p->conf],
        .title = title,
        .description = desc,
        .recommendation = rec,
        .file_path = sc->path,
        .line_start = p->line_start,
        .line_end = p->line_end,
        .masked_evidence = ev,
        .fingerprint_input = fp,
        .ecosystem = eco,
        .package = p->name,
        .version = p->version,
        .advisory_id = r->id,
        .aliases = r->aliases,
        .fixed_version = m->fixed,
        .cvss_score10 = r->score10,
    };
    enum vg_err e = sc->cb(&f, sc->ctx);
    free(title);
    free(desc);
    free(rec);
    free(ev);
    free(fp);
    return e;
}

/* Whether any advisory affects p; with report set, call back for each one. */
static enum vg_err match_pkg(const struct scan_ctx *sc, const struct osv_index *idx,
                             struct deps_pkg *p, bool report_them, bool *hit)
{
    size_t first;
    size_t n = osv_index_lookup(idx, p->name, &first);
    *hit = false;
    for (size_t i = first; i < first + n; i++) {
        struct osv_ref r;
        osv_index_get(idx, i, &r);
        struct osv_match m;
        if (!osv_ranges_affect(sc->eco, r.ranges, p->version, &m))
            continue;
        *hit = true;
        if (!report_them)
            return VG_OK;
        enum vg_err e = report(sc, p, &r, &m);
        if (e != VG_OK)
            return e;
    }
    return VG_OK;
}

/*
 * Two passes: find the vulnerable packages, give them their lines (one pass over the
 * file for all of them, never one per finding), then report.
 */
static enum vg_err match_all(const struct scan_ctx *sc, const struct osv_index *idx,
                             struct deps_list *list)
{
    struct deps_pkg **hits = xcalloc(list->n + 1, sizeof(*hits));
    size_t nhits = 0;
    enum vg_err e = VG_OK;
    for (size_t i = 0; i < list->n; i++) {
        bool hit;
        (void)match_pkg(sc, idx, &list->v[i], false, &hit);
        if (hit)
            hits[nhits++] = &list->v[i];
    }
    deps_resolve_lines(hits, nhits, sc->data, sc->len);
    for (size_t i = 0; i < nhits && e == VG_OK; i++) {
        bool hit;
        e = match_pkg(sc, idx, hits[i], true, &hit);
    }
    free(hits);
    return e;
}

enum vg_err deps_scan_file(const struct deps_db *db, const char *path, const char *data, size_t len,
                           deps_finding_cb cb, void *ctx, size_t *dependency_count)
{
    if (dependency_count != NULL)
        *dependency_count = 0;
    enum deps_kind kind = deps_kind_of(path);
    if (kind == DEPS_KIND_NONE)
        return VG_OK;
    if (len > DEPS_MAX_FILE_BYTES)
        return VG_ERR_TOO_LARGE;
    if (data == NULL)
        data = "";
    struct deps_list list = {NULL, 0, 0};
    enum vg_err e = deps_parse(kind, data, len, &list);
    if (e != VG_OK)
        goto out;
    deps_list_unique(&list);
    if (dependency_count != NULL)
        *dependency_count = list.n;
    struct scan_ctx sc = {deps_kind_ecosystem(kind), path, data, len, cb, ctx};
    const struct osv_index *idx = db != NULL ? db->idx[sc.eco] : NULL;
    if (idx != NULL && cb != NULL)
        e = match_all(&sc, idx, &list);
out:
    deps_list_release(&list);
    return e;
}
