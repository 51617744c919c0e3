/*
 * report.c - JSON and SARIF reports with jansson, and baselines read back from them.
 * Findings never carry a secret in clear: only masked_evidence and the fingerprint.
 */
#include "scan/report.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/version.h"
#include "util/xalloc.h"

#define REPORT_SCHEMA_VERSION 1
#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define BASELINE_MAX ((size_t)1 << 20)

static json_t *stats_json(const struct scan_stats *s)
{
    json_t *langs = json_object();
    for (size_t i = 0; i < s->n_langs; i++) {
        json_object_set_new(langs, s->langs[i].name,
                            json_pack("{s:I,s:I,s:I}", "files", (json_int_t)s->langs[i].files,
                                      "bytes", (json_int_t)s->langs[i].bytes, "lines",
                                      (json_int_t)s->langs[i].lines));
    }
    json_t *o = json_pack(
        "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "total_files",
        (json_int_t)s->total_files, "total_bytes", (json_int_t)s->total_bytes, "included_files",
        (json_int_t)s->included_files, "included_bytes", (json_int_t)s->included_bytes,
        "ignored_files", (json_int_t)s->ignored_files, "ignored_bytes",
        (json_int_t)s->ignored_bytes, "ignored_dirs", (json_int_t)s->ignored_dirs,
        "risky_skipped_files", (json_int_t)s->risky_files, "risky_bytes",
        (json_int_t)s->risky_bytes, "duplicate_files", (json_int_t)s->duplicate_files, "lines",
        (json_int_t)s->lines, "manifests", (json_int_t)s->manifests, "errors",
        (json_int_t)s->errors, "suppressed", (json_int_t)s->suppressed);
    json_object_set_new(o, "languages", langs);
    json_object_set_new(o, "parsed_files", json_integer((json_int_t)s->parsed_files));
    json_object_set_new(o, "parsed_bytes", json_integer((json_int_t)s->parsed_bytes));
    /* CPU-side seconds per stage, summed over threads (engine.h, enum scan_stage). */
    json_t *stages = json_object();
    for (size_t i = 0; i < SCAN_STAGE_N; i++)
        json_object_set_new(stages, scan_stage_name((enum scan_stage)i),
                            json_real((double)s->stage_ns[i] / 1e9));
    json_object_set_new(o, "stage_seconds", stages);
    json_object_set_new(o, "limit_reached",
                        s->limit_reached ? json_string(s->limit_reached) : json_null());
    return o;
}

/* A JSON string; text that is not valid UTF-8 (an error naming a Latin-1 path, a
 * finding added by another module) has its non-ASCII bytes replaced, never dropped. */
static json_t *jstr(const char *s)
{
    json_t *v = json_string(s != NULL ? s : "");
    if (v != NULL)
        return v;
    char *copy = xstrdup(s);
    for (char *p = copy; *p != '\0'; p++) {
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    }
    v = json_string(copy);
    free(copy);
    return v;
}

static json_t *finding_json(const struct scan_finding *f)
{
    json_t *j = json_pack("{s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:i,s:i,s:o,s:s,s:s}", "rule_id",
                     jstr(f->rule_id), "severity", scan_severity_name(f->severity), "category",
                     jstr(f->category), "title", jstr(f->title), "description",
                     jstr(f->description), "recommendation", jstr(f->recommendation), "file_path",
                     jstr(f->file_path), "line_start", (int)f->line_start, "line_end",
                     (int)f->line_end, "masked_evidence", jstr(f->masked_evidence), "confidence",
                     scan_confidence_name(f->confidence), "fingerprint", f->fingerprint);
    if (j != NULL && f->origin != NULL) { /* history scans (stream.h) */
        json_object_set_new(j, "introduced_commit",
                            json_pack("{s:s,s:o,s:I}", "sha", f->origin->sha, "author_name",
                                      jstr(f->origin->author_name), "committed_at",
                                      (json_int_t)f->origin->committed_at));
        json_object_set_new(j, "in_head", json_boolean(f->origin->in_head));
    }
    return j;
}

static enum vg_err dump(json_t *root, struct buf *out)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (text == NULL)
        return VG_ERR_INTERNAL;
    enum vg_err e = buf_append_str(out, text);
    if (e == VG_OK)
        e = buf_append_char(out, '\n');
    free(text);
    return e;
}

enum vg_err report_json(const struct scan_result *res, struct buf *out)
{
    json_t *findings = json_array();
    size_t by_sev[5] = {0};
    for (size_t i = 0; i < res->n_findings; i++) {
        json_array_append_new(findings, finding_json(&res->findings[i]));
        by_sev[res->findings[i].severity]++;
    }
    json_t *sev = json_object();
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        json_object_set_new(sev, scan_severity_name((enum scan_severity)s),
                            json_integer((json_int_t)by_sev[s]));
    json_t *root = json_pack("{s:i,s:{s:s,s:s},s:{s:I,s:o},s:o,s:o,s:o}", "schema_version",
                             REPORT_SCHEMA_VERSION, "tool", "name", "vega", "version", VEGA_VERSION,
                             "summary", "findings", (json_int_t)res->n_findings, "by_severity", sev,
                             "stats", stats_json(&res->stats), "error",
                             res->error ? jstr(res->error) : json_null(), "findings", findings);
    return dump(root, out);
}

static const char *sarif_level(enum scan_severity s)
{
    return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

static const char *security_severity(enum scan_severity s)
{
    static const char *const v[] = {"0.0", "2.0", "5.0", "8.0", "9.5"};
    return v[s];
}

/* A rule's friendly name: its id in PascalCase ("stripe-live-secret-key" ->
 * "StripeLiveSecretKey"); SARIF wants it to differ from the id, and validators want every
 * capital followed by a small letter or digit, so a one-letter word joins the next word
 * ("vue-v-html" -> "VueVhtml") or, last, the previous one. */
static char *pascal_name(const char *id)
{
    char *out = xmalloc(strlen(id) + 1);
    size_t o = 0;
    bool up = true;
    for (const char *p = id; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
            up = true;
            continue;
        }
        /* A word of one letter: joins the next word (its capital stays), or the previous. */
        bool single = up && c > '9' && (p[1] == '\0' || !isalnum((unsigned char)p[1]));
        bool last = p[1] == '\0' || strspn(p + 1, "-_. ") == strlen(p + 1);
        if (single && last && o > 0)
            out[o++] = (char)tolower(c);
        else
            out[o++] = up ? (char)toupper(c) : (char)tolower(c);
        up = false;
        if (single && !last) {
            while (p[1] != '\0' && !isalnum((unsigned char)p[1]))
                p++;
        }
    }
    out[o] = '\0';
    return out;
}

static json_t *sarif_rule(const struct scan_engine *eng, const struct scan_finding *f)
{
    struct scan_rule_info info;
    json_t *refs = json_array();
    const char *help_uri = NULL;
    enum scan_confidence conf = f->confidence;
    for (size_t i = 0; i < scan_engine_rule_count(eng); i++) {
        if (scan_engine_rule_info(eng, i, &info) && strcmp(info.id, f->rule_id) == 0) {
            for (size_t k = 0; k < info.n_references; k++)
                json_array_append_new(refs, json_string(info.references[k]));
            help_uri = info.n_references > 0 ? info.references[0] : NULL;
            conf = info.confidence;
            break;
        }
    }
    json_t *r = json_pack(
        "{s:s,s:{s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:[s,s],s:s,s:s,s:o}}", "id", f->rule_id,
        "shortDescription", "text", f->title, "fullDescription", "text",
        f->description, "help", "text", f->recommendation, "defaultConfiguration", "level",
        sarif_level(f->severity), "properties", "tags", "security", f->category, "precision",
        conf == CONF_HIGH     ? "high"
        : conf == CONF_MEDIUM ? "medium"
                              : "low",
        "security-severity", security_severity(f->severity), "references", refs);
    char *name = pascal_name(f->rule_id);
    if (name[0] != '\0' && strcmp(name, f->rule_id) != 0)
        json_object_set_new(r, "name", jstr(name));
    free(name);
    if (help_uri != NULL)
        json_object_set_new(r, "helpUri", json_string(help_uri));
    return r;
}

/* A relative URI reference for a path: unreserved characters and '/' stay, the rest is
 * percent-encoded (spaces, '?', '#', '%', non-ASCII). */
static char *uri_of(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = xmalloc(strlen(path) * 3 + 1);
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/!$&'()*+,;=@", *p) != NULL) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
    return out;
}

static json_t *sarif_result(const struct scan_finding *f, size_t rule_index)
{
    /* "Title: evidence", or the title as a sentence when there is no evidence. */
    size_t tl = strlen(f->title);
    char *msg = f->masked_evidence != NULL && f->masked_evidence[0] != '\0'
                    ? xasprintf("%s: %s", f->title, f->masked_evidence)
                    : xasprintf("%s%s", f->title, tl > 0 && f->title[tl - 1] == '.' ? "" : ".");
    char *uri = uri_of(f->file_path);
    json_t *r = json_pack(
        "{s:s,s:I,s:s,s:{s:s},s:[{s:{s:{s:s,s:s},s:{s:i,s:i}}}],s:{s:s}}", "ruleId", f->rule_id,
        "ruleIndex", (json_int_t)rule_index, "level", sarif_level(f->severity), "message", "text",
        msg, "locations", "physicalLocation", "artifactLocation", "uri", uri, "uriBaseId",
        "%SRCROOT%", "region", "startLine", (int)(f->line_start ? f->line_start : 1), "endLine",
        (int)(f->line_end ? f->line_end : 1), "partialFingerprints", "vegaFingerprint/v1",
        f->fingerprint);
    free(msg);
    free(uri);
    return r;
}

enum vg_err report_sarif(const struct scan_result *res, const struct scan_engine *eng,
                         struct buf *out)
{
    json_t *rules = json_array(), *results = json_array();
    json_t *index = json_object(); /* rule id -> index in rules[] */
    for (size_t i = 0; i < res->n_findings; i++) {
        const struct scan_finding *f = &res->findings[i];
        json_t *ix = json_object_get(index, f->rule_id);
        if (ix == NULL) {
            ix = json_integer((json_int_t)json_array_size(rules));
            json_object_set_new(index, f->rule_id, ix);
            json_array_append_new(rules, sarif_rule(eng, f));
        }
        json_array_append_new(results, sarif_result(f, (size_t)json_integer_value(ix)));
    }
    json_decref(index);
    json_t *root = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:o}},s:o}]}", "$schema",
                             SARIF_SCHEMA, "version", "2.1.0", "runs", "tool", "driver", "name",
                             "vega", "version", VEGA_VERSION, "informationUri", VEGA_HOME_URL,
                             "rules", rules, "results", results);
    return dump(root, out);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(json_t *arr, const char *key, const char *sub, char ***fps, size_t *n)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        json_t *fp = json_object_get(v, key);
        if (sub != NULL)
            fp = json_object_get(fp, sub);
        if (json_is_string(fp) && *n < BASELINE_MAX) {
            *fps = xrealloc(*fps, (*n + 1) * sizeof **fps);
            (*fps)[(*n)++] = xstrdup(json_string_value(fp));
        }
    }
}

enum vg_err report_baseline_load(const char *path, char ***fps, size_t *n)
{
    json_error_t jerr;
    *fps = NULL;
    *n = 0;
    json_t *root = json_load_file(path, 0, &jerr);
    if (root == NULL)
        return jerr.line < 0 || jerr.line == -1 ? VG_ERR_IO : VG_ERR_INVALID;
    json_t *findings = json_object_get(root, "findings");
    json_t *runs = json_object_get(root, "runs");
    enum vg_err e = VG_OK;
    if (json_is_array(findings)) {
        collect(findings, "fingerprint", NULL, fps, n);
    } else if (json_is_array(runs)) {
        size_t i;
        json_t *run;
        json_array_foreach(runs, i, run)
        {
            collect(json_object_get(run, "results"), "partialFingerprints", "vegaFingerprint/v1",
                    fps, n);
        }
    } else {
        e = VG_ERR_INVALID;
    }
    json_decref(root);
    if (*n > 1)
        qsort(*fps, *n, sizeof **fps, cmp_str);
    return e;
}

void report_baseline_free(char **fps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fps[i]);
    free(fps);
}
