/*
 * osv_parse.c - one OSV JSON document to struct osv_entry values: id, aliases, summary,
 * severity (CVSS v3 vector, else database_specific.severity) and, per affected package of
 * npm or PyPI, its SEMVER/ECOSYSTEM ranges and explicit versions encoded as in osv.h.
 * GIT ranges are dropped (they name commits, not releases). Everything else in the record
 * is ignored, which is what keeps the index small.
 */
#include "deps/osv.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "deps/pep440.h"
#include "util/xalloc.h"

void osv_entry_release(struct osv_entry *e)
{
    if (e == NULL)
        return;
    free(e->name);
    free(e->id);
    free(e->aliases);
    free(e->summary);
    free(e->ranges);
    memset(e, 0, sizeof(*e));
}

/* What every affected entry of one advisory shares. */
struct osv_common {
    const char *id;
    char *aliases;
    char *summary;
    uint8_t severity, score10;
    bool withdrawn;
};

static const char *jstr(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static bool version_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > OSV_MAX_VERSION_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)v[i] <= ' ' || v[i] == 0x7f)
            return false;
    }
    return true;
}

/* Copy at most OSV_MAX_SUMMARY bytes of the first line, not cutting a UTF-8 sequence. */
static char *summary_of(const json_t *root)
{
    const char *s = jstr(root, "summary");
    if (s == NULL || *s == '\0')
        s = jstr(root, "details");
    if (s == NULL)
        return xstrdup("");
    while (*s == ' ' || *s == '\n' || *s == '#')
        s++;
    size_t n = strcspn(s, "\r\n");
    if (n > OSV_MAX_SUMMARY) {
        n = OSV_MAX_SUMMARY;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return xstrndup(s, n);
}

static char *aliases_of(const json_t *root)
{
    struct buf b = BUF_INIT;
    buf_init(&b, 4096);
    const json_t *arr = json_object_get(root, "aliases");
    size_t i, kept = 0;
    const json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *a = json_string_value(v);
        if (a == NULL || !version_ok(a) || kept == OSV_MAX_ALIASES)
            continue;
        if ((kept > 0 && buf_append_str(&b, ", ") != VG_OK) || buf_append_str(&b, a) != VG_OK)
            break;
        kept++;
    }
    char *out = buf_detach(&b, NULL);
    return out;
}

/* Best CVSS v3 score of a severity array; false when none is computable. */
static bool best_cvss(const json_t *arr, unsigned *score10)
{
    size_t i;
    const json_t *v;
    bool have = false;
    json_array_foreach(arr, i, v)
    {
        unsigned s;
        if (osv_cvss3_score10(jstr(v, "score"), &s) && (!have || s > *score10)) {
            *score10 = s;
            have = true;
        }
    }
    return have;
}

static const struct {
    const char *word;
    enum osv_severity sev;
} db_sev_words[] = {
    {"critical", OSV_SEV_CRITICAL}, {"high", OSV_SEV_HIGH}, {"moderate", OSV_SEV_MEDIUM},
    {"medium", OSV_SEV_MEDIUM},     {"low", OSV_SEV_LOW},
};

/* Severity of an object holding "severity" and/or "database_specific". */
static bool severity_of(const json_t *obj, uint8_t *sev, uint8_t *score10)
{
    unsigned s = 0;
    if (best_cvss(json_object_get(obj, "severity"), &s)) {
        *score10 = (uint8_t)s;
        *sev = (uint8_t)osv_severity_from_score10(s);
        return true;
    }
    const char *word = jstr(json_object_get(obj, "database_specific"), "severity");
    for (size_t k = 0; word != NULL && k < sizeof(db_sev_words) / sizeof(db_sev_words[0]); k++) {
        if (strcasecmp(word, db_sev_words[k].word) == 0) {
            *sev = (uint8_t)db_sev_words[k].sev;
            *score10 = 0;
            return true;
        }
    }
    return false;
}

static const struct {
    const char *key;
    char tag;
} event_keys[] = {{"introduced", 'i'}, {"fixed", 'f'}, {"last_affected", 'l'}, {"limit", 'm'}};

static bool add_token(struct buf *b, char tag, const char *v)
{
    return buf_append_char(b, tag) == VG_OK && buf_append_str(b, v) == VG_OK &&
           buf_append_char(b, '\n') == VG_OK;
}

/* Encode the ranges and versions of one affected entry; NULL when nothing usable. */
static char *encode_ranges(const json_t *affected)
{
    struct buf b = BUF_INIT;
    buf_init(&b, OSV_MAX_RANGE_BYTES);
    size_t i, j;
    const json_t *r, *ev;
    bool ok = true;
    json_array_foreach(json_object_get(affected, "ranges"), i, r)
    {
        const char *type = jstr(r, "type");
        char tag = type == NULL                     ? 0
                   : strcmp(type, "SEMVER") == 0    ? 'S'
                   : strcmp(type, "ECOSYSTEM") == 0 ? 'E'
                                                    : 0;
        if (tag == 0)
            continue;
        ok = ok && buf_append_char(&b, tag) == VG_OK && buf_append_char(&b, '\n') == VG_OK;
        json_array_foreach(json_object_get(r, "events"), j, ev)
        {
            for (size_t k = 0; k < sizeof(event_keys) / sizeof(event_keys[0]); k++) {
                const char *v = jstr(ev, event_keys[k].key);
                if (v != NULL && version_ok(v))
                    ok = ok && add_token(&b, event_keys[k].tag, v);
            }
        }
    }
    /*
     * Explicit versions only add to what the ranges say, so when a very long list does
     * not fit, the versions that fit are kept and the rest dropped (the ranges stay whole).
     */
    json_array_foreach(json_object_get(affected, "versions"), i, ev)
    {
        const char *v = json_string_value(ev);
        size_t mark = b.len;
        if (ok && v != NULL && version_ok(v) && !add_token(&b, 'v', v)) {
            b.len = mark;
            if (b.ptr != NULL)
                b.ptr[mark] = '\0';
            break;
        }
    }
    if (!ok || b.len == 0) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

static bool eco_of(const char *s, enum osv_ecosystem *eco)
{
    for (int e = 0; s != NULL && e < OSV_ECO__COUNT; e++) {
        if (strcmp(s, osv_ecosystem_name((enum osv_ecosystem)e)) == 0) {
            *eco = (enum osv_ecosystem)e;
            return true;
        }
    }
    return false;
}

static char *package_name(enum osv_ecosystem eco, const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > OSV_MAX_NAME_LEN)
        return NULL;
    if (eco == OSV_ECO_PYPI) {
        char norm[OSV_MAX_NAME_LEN + 1];
        return pep503_normalize(name, n, norm, sizeof(norm)) ? xstrdup(norm) : NULL;
    }
    return xstrdup(name);
}

static void emit_affected(const json_t *aff, const struct osv_common *c, osv_entry_cb cb, void *ctx,
                          bool *seen, size_t *skipped)
{
    const json_t *pkg = json_object_get(aff, "package");
    enum osv_ecosystem eco;
    const char *name = jstr(pkg, "name");
    if (!eco_of(jstr(pkg, "ecosystem"), &eco) || name == NULL) {
        (*skipped)++;
        return;
    }
    struct osv_entry e = {NULL, NULL, NULL, NULL, NULL, c->severity, c->score10, 0};
    if (c->withdrawn) {
        if (seen[eco])
            return;
        e.id = xstrdup(c->id);
        seen[eco] = true;
        cb(eco, &e, ctx);
        return;
    }
    e.name = package_name(eco, name);
    e.ranges = encode_ranges(aff);
    if (e.name == NULL || e.ranges == NULL) {
        osv_entry_release(&e);
        return;
    }
    severity_of(aff, &e.severity, &e.score10); /* a per-package severity wins */
    e.id = xstrdup(c->id);
    e.aliases = xstrdup(c->aliases);
    e.summary = xstrdup(c->summary);
    seen[eco] = true;
    cb(eco, &e, ctx);
}

static enum vg_err parse_record(const json_t *root, osv_entry_cb cb, void *ctx, size_t *skipped,
                                char *err, size_t errlen)
{
    struct osv_common c = {jstr(root, "id"), NULL, NULL, OSV_SEV_UNKNOWN, 0, false};
    if (!json_is_object(root) || c.id == NULL || !version_ok(c.id) ||
        (jstr(root, "modified") == NULL && !json_is_array(json_object_get(root, "affected")))) {
        snprintf(err, errlen, "not an OSV record (needs \"id\" and \"modified\")");
        return VG_ERR_INVALID;
    }
    c.withdrawn = jstr(root, "withdrawn") != NULL;
    c.aliases = aliases_of(root);
    c.summary = summary_of(root);
    severity_of(root, &c.severity, &c.score10);
    bool seen[OSV_ECO__COUNT] = {false};
    size_t i;
    const json_t *aff;
    json_array_foreach(json_object_get(root, "affected"), i, aff)
        emit_affected(aff, &c, cb, ctx, seen, skipped);
    free(c.aliases);
    free(c.summary);
    return VG_OK;
}

enum vg_err osv_parse_json(const char *json, size_t len, osv_entry_cb cb, void *ctx,
                           size_t *skipped, char *err, size_t errlen)
{
    size_t skip_local = 0;
    if (skipped == NULL)
        skipped = &skip_local;
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        snprintf(err, errlen, "malformed JSON at line %d: %s", jerr.line, jerr.text);
        return VG_ERR_INVALID;
    }
    enum vg_err e = VG_OK;
    if (json_is_array(root)) {
        size_t i;
        const json_t *rec;
        json_array_foreach(root, i, rec)
        {
            e = parse_record(rec, cb, ctx, skipped, err, errlen);
            if (e != VG_OK)
                break;
        }
    } else {
        e = parse_record(root, cb, ctx, skipped, err, errlen);
    }
    json_decref(root);
    return e;
}
