/*
 * findings.c - findings across scans and their lifecycle (see findings.h). The lifecycle is
 * a handful of set-based statements, so a scan of 10,000 findings applies in a few round
 * trips on either database.
 */
#include "store/findings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/repositories.h"
#include "store/row.h"
#include "store/tx.h"
#include "store/usage.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

const char *const store_severities[] = {"critical", "high", "medium", "low", "info", NULL};
const char *const store_finding_statuses[] = {"open", "fixed", "ignored", "false_positive",
                                              NULL};

/* The scan findings that stand for their fingerprints in scan $1 (alias f): the first of
 * each, found in one grouped pass over the scan's findings. */
#define REP_FINDING                                                                            \
    "f.scan_id = $1 AND f.id IN (SELECT MIN(g.id) FROM findings g WHERE g.scan_id = $1 "       \
    "GROUP BY g.fingerprint)"
#define SEEN_IN_SCAN                                                                           \
    "EXISTS (SELECT 1 FROM findings f WHERE f.scan_id = $1 AND f.fingerprint = "               \
    "repository_findings.fingerprint)"

struct settled_scan {
    char repository_id[UUID_STR_LEN];
    char project_id[UUID_STR_LEN];
    char user_id[UUID_STR_LEN];
    int64_t seq;
    bool has_repo;
};

static enum vg_err settled_load(struct store_conn *c, const char *scan_id,
                                struct settled_scan *s, json_t **data, bool ok)
{
    struct store_param p[] = {SP_TEXT(scan_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "SELECT repository_id, project_id, user_id, repo_seq, "
                                "launch_readiness_score, error_message, findings_summary "
                                "FROM scans WHERE id = $1",
                                p, 1, &r);
    if (e != VG_OK)
        return e;
    memset(s, 0, sizeof(*s));
    if (store_result_rows(r) == 1 && !store_row_null(r, 0, "repository_id")) {
        s->has_repo = true;
        store_row_copy(r, 0, "repository_id", s->repository_id, sizeof(s->repository_id));
        store_row_copy(r, 0, "project_id", s->project_id, sizeof(s->project_id));
        store_row_copy(r, 0, "user_id", s->user_id, sizeof(s->user_id));
        s->seq = store_row_int(r, 0, "repo_seq", 0);
        if (ok) {
            const char *score = store_row_text(r, 0, "launch_readiness_score");
            const char *sum = store_row_text(r, 0, "findings_summary");
            json_t *sj = sum ? json_loads(sum, 0, NULL) : NULL;
            *data = json_pack("{s:o,s:O}", "launch_readiness_score",
                              score ? json_real(strtod(score, NULL)) : json_null(),
                              "total_findings",
                              sj ? json_object_get(sj, "total_findings") : json_null());
            json_decref(sj);
        } else {
            const char *msg = store_row_text(r, 0, "error_message");
            *data = json_pack("{s:s?}", "error_message", msg);
        }
    }
    store_result_free(r);
    return VG_OK;
}

/* The lifecycle statements, in order; $1 scan, $2 repository, $3 now (s), $4 now (us),
 * $5 user, $6 project. Each statement uses every parameter up to its highest (PostgreSQL
 * must infer each one's type), hence the "$1 <> ''" of the counter statements. */
static const char *const lifecycle_sql[] = {
    /* finding.reopened: fixed and seen again */
    "INSERT INTO repository_events (id, repository_id, scan_id, kind, fingerprint, finding_id, "
    "actor_type, detail, created_at, created_us) SELECT CAST(gen_random_uuid() AS TEXT), $2, $1, "
    "'finding.reopened', fingerprint, id, 'system', "
    "'{\"from_status\":\"fixed\",\"to_status\":\"open\"}', $3, $4 FROM repository_findings "
    "WHERE repository_id = $2 AND status = 'fixed' AND " SEEN_IN_SCAN,
    /* finding.fixed: open or triaged and not seen */
    "INSERT INTO repository_events (id, repository_id, scan_id, kind, fingerprint, finding_id, "
    "actor_type, detail, created_at, created_us) SELECT CAST(gen_random_uuid() AS TEXT), $2, $1, "
    "'finding.fixed', fingerprint, id, 'system', '{\"from_status\":\"' || status || "
    "'\",\"to_status\":\"fixed\"}', $3, $4 FROM repository_findings WHERE repository_id = $2 "
    "AND status IN ('open', 'ignored', 'false_positive') AND NOT " SEEN_IN_SCAN,
    "UPDATE repository_findings SET status = 'fixed', status_reason = NULL, fixed_at = $3, "
    "updated_at = $3 WHERE repository_id = $2 AND status IN ('open', 'ignored', "
    "'false_positive') AND NOT " SEEN_IN_SCAN,
    /* seen: reopen the fixed ones, refresh every detail from this scan */
    "UPDATE repository_findings SET status = CASE WHEN repository_findings.status = 'fixed' "
    "THEN 'open' ELSE repository_findings.status END, fixed_at = NULL, last_seen_scan_id = $1, "
    "last_seen_at = $3, updated_at = $3, rule_id = f.rule_id, severity = f.severity, "
    "severity_rank = " STORE_SEVERITY_RANK("f.severity") ", category = f.category, title = f.title, "
    "description = f.description, recommendation = f.recommendation, file_path = f.file_path, "
    "line_start = f.line_start, line_end = f.line_end, masked_evidence = f.masked_evidence, "
    "confidence = f.confidence, introduced_sha = f.introduced_sha, introduced_author = "
    "f.introduced_author, introduced_at = f.introduced_at, in_head = f.in_head FROM findings f "
    "WHERE repository_findings.repository_id = $2 AND "
    "f.fingerprint = repository_findings.fingerprint AND " REP_FINDING,
    /* new fingerprints: every representative finding; the ones the repository has conflict */
    "INSERT INTO repository_findings (id, user_id, project_id, repository_id, fingerprint, "
    "rule_id, severity, severity_rank, category, title, description, recommendation, "
    "file_path, line_start, line_end, masked_evidence, confidence, status, first_seen_scan_id, "
    "first_seen_at, last_seen_scan_id, last_seen_at, updated_at, introduced_sha, "
    "introduced_author, introduced_at, in_head) SELECT f.id, $5, $6, $2, "
    "f.fingerprint, f.rule_id, f.severity, " STORE_SEVERITY_RANK("f.severity") ", f.category, f.title, "
    "f.description, f.recommendation, f.file_path, f.line_start, f.line_end, "
    "f.masked_evidence, f.confidence, 'open', $1, $3, $1, $3, $3, f.introduced_sha, "
    "f.introduced_author, f.introduced_at, f.in_head FROM findings f WHERE " REP_FINDING
    " ON CONFLICT (repository_id, fingerprint) DO NOTHING",
    /* finding.new: the rows this scan created (applied once, so first seen here = new) */
    "INSERT INTO repository_events (id, repository_id, scan_id, kind, fingerprint, finding_id, "
    "actor_type, detail, created_at, created_us) SELECT CAST(gen_random_uuid() AS TEXT), $2, $1, "
    "'finding.new', fingerprint, id, 'system', '{\"to_status\":\"open\"}', $3, $4 FROM "
    "repository_findings WHERE repository_id = $2 AND first_seen_scan_id = $1",
    /* the repository's counters, recounted in this transaction */
    "DELETE FROM repository_finding_counts WHERE repository_id = $2 AND $1 <> ''",
    "INSERT INTO repository_finding_counts (repository_id, project_id, user_id, status, "
    "severity, category, n) SELECT repository_id, project_id, user_id, status, severity, "
    "category, COUNT(*) FROM repository_findings WHERE repository_id = $2 AND $1 <> '' "
    "GROUP BY repository_id, project_id, user_id, status, severity, category",
    ("UPDATE scans SET open_findings = (SELECT COALESCE(SUM(n), 0) FROM "
     "repository_finding_counts WHERE repository_id = $2 AND status = 'open') WHERE id = $1"),
};

static enum vg_err lifecycle_apply(struct store_conn *c, const char *scan_id,
                                   const struct settled_scan *s, int64_t now_us)
{
    /* Only the newest scan of the repository applies, and only once. */
    struct store_param pc[] = {SP_TEXT(s->repository_id), SP_INT(s->seq), SP_TEXT(scan_id)};
    struct store_result *r = NULL;
    enum vg_err e = store_query(c,
                                "UPDATE repositories SET lifecycle_seq = $2, "
                                "latest_complete_scan_id = $3 WHERE id = $1 AND "
                                "lifecycle_seq < $2",
                                pc, 3, &r);
    if (e != VG_OK)
        return e;
    bool apply = store_result_affected(r) == 1;
    store_result_free(r);
    if (!apply)
        return VG_OK;
    /* The scan's findings were written in this transaction: PostgreSQL's statistics do not
     * know them, and a nested loop planned for "a few rows" over 10,000 is quadratic. Hash
     * and merge joins are linear whatever the estimate. */
    if (store_conn_kind(c) == STORE_POSTGRES)
        e = store_query(c, "SET LOCAL enable_nestloop = off", NULL, 0, NULL);
    if (e != VG_OK)
        return e;
    struct store_param p[] = {SP_TEXT(scan_id),    SP_TEXT(s->repository_id),
                              SP_INT(now_us / 1000000), SP_INT(now_us),
                              SP_TEXT(s->user_id), SP_TEXT(s->project_id)};
    static const size_t nparams[] = {4, 4, 3, 3, 6, 4, 2, 2, 2};
    for (size_t i = 0; e == VG_OK && i < sizeof(lifecycle_sql) / sizeof(lifecycle_sql[0]); i++)
        e = store_query(c, lifecycle_sql[i], p, nparams[i], NULL);
    return e;
}

enum vg_err store_scan_settled(struct store_conn *c, const char *scan_id, bool ok)
{
    struct settled_scan s;
    json_t *data = NULL;
    enum vg_err e = settled_load(c, scan_id, &s, &data, ok);
    if (e != VG_OK || !s.has_repo) {
        json_decref(data);
        if (e == VG_OK && ok)
            e = store_usage_scan(c, scan_id);
        return e;
    }
    e = store_event_add(NULL, c, s.repository_id, ok ? "scan.completed" : "scan.failed",
                        scan_id, NULL, STORE_ACTOR_SYSTEM, data);
    json_decref(data);
    if (e == VG_OK && ok)
        e = store_usage_scan(c, scan_id);
    if (e == VG_OK && ok)
        e = lifecycle_apply(c, scan_id, &s, store_now_epoch_us());
    return e;
}

enum vg_err store_open_counts_fill(struct store *st, bool by_project, const char *user_id,
                                   void *items, size_t n, size_t item_size, size_t id_offset,
                                   size_t counts_offset)
{
    if (n == 0)
        return VG_OK;
    char *base = items;
    const char **ids = xcalloc(n, sizeof(*ids));
    for (size_t i = 0; i < n; i++) {
        ids[i] = base + i * item_size + id_offset;
        memset(base + i * item_size + counts_offset, 0, sizeof(struct store_severity_counts));
    }
    const char *col = by_project ? "project_id" : "repository_id";
    struct store_sql q;
    store_sql_init(&q, by_project ? "SELECT project_id AS id, severity, SUM(n) AS n FROM "
                                    "repository_finding_counts"
                                  : "SELECT repository_id AS id, severity, SUM(n) AS n FROM "
                                    "repository_finding_counts");
    store_sql_where1(&q, "status = 'open' AND user_id = ?", SP_TEXT(user_id));
    store_sql_where_in(&q, col, ids, n);
    store_sql_append(&q, by_project ? " GROUP BY project_id, severity"
                                    : " GROUP BY repository_id, severity",
                     NULL, 0);
    struct store_result *r = NULL;
    enum vg_err e = store_sql_run(st, &q, &r);
    store_sql_release(&q);
    for (size_t row = 0; e == VG_OK && row < store_result_rows(r); row++) {
        const char *id = store_row_text(r, row, "id");
        const char *sev = store_row_text(r, row, "severity");
        size_t k = 0;
        while (store_severities[k] != NULL && strcmp(store_severities[k], sev) != 0)
            k++;
        for (size_t i = 0; k < STORE_SEVERITIES && i < n; i++) {
            if (strcmp(ids[i], id) == 0) {
                struct store_severity_counts *c =
                    (void *)(base + i * item_size + counts_offset);
                c->n[k] = store_row_int(r, row, "n", 0);
            }
        }
    }
    store_result_free(r);
    free(ids);
    return e;
}

void store_repo_finding_from_row(const struct store_result *r, size_t i, void *item)
{
    struct store_repo_finding *rf = item;
    memset(rf, 0, sizeof(*rf));
    store_scan_finding_from_row(r, i, &rf->f);
    store_row_copy(r, i, "repository_id", rf->repository_id, sizeof(rf->repository_id));
    store_row_copy(r, i, "status", rf->status, sizeof(rf->status));
    rf->status_reason = store_row_dup(r, i, "status_reason");
    store_row_copy(r, i, "first_seen_scan_id", rf->first_seen_scan_id,
                   sizeof(rf->first_seen_scan_id));
    store_row_copy(r, i, "last_seen_scan_id", rf->last_seen_scan_id,
                   sizeof(rf->last_seen_scan_id));
    rf->first_seen_at = store_row_int(r, i, "first_seen_at", 0);
    rf->last_seen_at = store_row_int(r, i, "last_seen_at", 0);
    rf->fixed_at = store_row_int(r, i, "fixed_at", 0);
}

void store_repo_finding_release(struct store_repo_finding *f)
{
    if (f == NULL)
        return;
    store_scan_finding_release(&f->f);
    STORE_ROW_FREE_STRS(&f->status_reason);
}

void store_repo_finding_page_release(struct store_repo_finding_page *p)
{
    STORE_PAGE_RELEASE(p, store_repo_finding_release);
}

void store_repo_finding_detail_release(struct store_repo_finding_detail *d)
{
    if (d == NULL)
        return;
    store_repo_finding_release(&d->finding);
    store_event_list_release(&d->history);
}

enum vg_err store_repo_findings_page(struct store *st, const struct store_findings_filter *f,
                                     struct store_repo_finding_page *out)
{
    static const struct store_order_col order[] = {
        {"severity_rank", "severity_rank", STORE_P_INT, false},
        {"id", "id", STORE_P_TEXT, false}};
    memset(out, 0, sizeof(*out));
    enum vg_err e = store_repository_owned(st, f->user_id, f->repository_id);
    if (e != VG_OK)
        return e;
    int nranks = 0;
    struct store_sql q;
    store_sql_init(&q, "SELECT " STORE_REPO_FINDING_COLS ", severity_rank FROM "
                       "repository_findings");
    store_sql_where(&q, "repository_id = ? AND user_id = ?",
                    (struct store_param[]){SP_TEXT(f->repository_id), SP_TEXT(f->user_id)}, 2);
    store_sql_where_in(&q, "status", f->status, f->nstatus);
    store_sql_where_in(&q, "severity", f->severity, f->nseverity);
    /* The same filter on severity_rank, so the keyset index (repository, status, rank, id)
     * serves it: the page is read in order, not sorted. */
    char ranks[64] = "";
    size_t rn = 0;
    for (size_t i = 0; i < f->nseverity; i++)
        for (int k = 0; store_severities[k] != NULL; k++)
            if (strcmp(f->severity[i], store_severities[k]) == 0 && rn + 4 < sizeof(ranks)) {
                rn += (size_t)snprintf(ranks + rn, sizeof(ranks) - rn, "%s%d", rn ? ", " : "", k);
                nranks++;
            }
    if (rn > 0) {
        char cond[96];
        snprintf(cond, sizeof(cond), "severity_rank IN (%s)", ranks);
        store_sql_where(&q, cond, NULL, 0);
    }
    store_sql_where_in(&q, "category", f->category, f->ncategory);
    store_sql_where_in(&q, "rule_id", f->rule_id, f->nrule_id);
    /* A prefix compare that needs no LIKE escaping. */
    if (f->path_prefix)
        store_sql_where(&q, "SUBSTR(file_path, 1, LENGTH(?)) = ?",
                        (struct store_param[]){SP_TEXT(f->path_prefix), SP_TEXT(f->path_prefix)},
                        2);
    /* One severity: the rank is constant, so the keyset is the id alone (an index seek
     * for every page, not a scan from the first row of the rank). */
    bool one_rank = nranks == 1;
    void *items = NULL;
    e = store_page_items(st, &q, one_rank ? order + 1 : order, one_rank ? 1 : 2,
                                     &f->page, sizeof(struct store_repo_finding),
                                     store_repo_finding_from_row, &items, &out->n,
                                     &out->next_cursor);
    store_sql_release(&q);
    out->items = items;
    return e;
}

enum vg_err store_repo_finding_get(struct store *st, const char *user_id,
                                   const char *repository_id, const char *finding_id,
                                   struct store_repo_finding_detail *out)
{
    memset(out, 0, sizeof(*out));
    struct store_param p[] = {SP_TEXT(finding_id), SP_TEXT(repository_id), SP_TEXT(user_id)};
    void *items = NULL;
    size_t n = 0;
    enum vg_err e = store_query_items(st,
                                      "SELECT " STORE_REPO_FINDING_COLS " FROM "
                                      "repository_findings WHERE id = $1 AND repository_id = "
                                      "$2 AND user_id = $3",
                                      p, 3, sizeof(struct store_repo_finding),
                                      store_repo_finding_from_row, &items, &n);
    struct store_repo_finding *rf = items;
    if (e == VG_OK && n != 1)
        e = VG_ERR_NOT_FOUND;
    if (e == VG_OK) {
        out->finding = rf[0];
        n = 0;
        e = store_finding_history(st, finding_id, &out->history);
    }
    for (size_t i = 0; i < n; i++)
        store_repo_finding_release(&rf[i]);
    free(items);
    if (e != VG_OK)
        store_repo_finding_detail_release(out);
    return e;
}
struct triage_args {
    const char *user_id, *repository_id, *finding_id, *status, *reason;
    struct store_actor actor;
};

static enum vg_err triage_tx(struct store_conn *c, void *arg)
{
    const struct triage_args *a = arg;
    struct store_param p[] = {SP_TEXT(a->finding_id), SP_TEXT(a->repository_id),
                              SP_TEXT(a->user_id)};
    struct store_result *r = NULL;
    char from[32] = "";
    char severity[32] = "", category[64] = "", project[UUID_STR_LEN] = "";
    enum vg_err e = store_query(c,
                                "SELECT status, severity, category, project_id FROM "
                                "repository_findings WHERE id = $1 AND repository_id = $2 AND "
                                "user_id = $3 FOR UPDATE",
                                p, 3, &r);
    if (e == VG_OK && store_result_rows(r) != 1)
        e = VG_ERR_NOT_FOUND;
    if (e == VG_OK) {
        store_row_copy(r, 0, "status", from, sizeof(from));
        store_row_copy(r, 0, "severity", severity, sizeof(severity));
        store_row_copy(r, 0, "category", category, sizeof(category));
        store_row_copy(r, 0, "project_id", project, sizeof(project));
    }
    store_result_free(r);
    if (e == VG_OK && strcmp(from, "fixed") == 0)
        e = VG_ERR_CONFLICT;
    if (e == VG_OK) {
        struct store_param pu[] = {SP_TEXT(a->status), SP_TEXT_OR_NULL(a->reason),
                                   SP_INT(time_now()), SP_TEXT(a->finding_id)};
        e = store_query(c,
                        "UPDATE repository_findings SET status = $1, status_reason = $2, "
                        "updated_at = $3 WHERE id = $4",
                        pu, 4, NULL);
    }
    if (e == VG_OK && strcmp(from, a->status) != 0) {
        /* The counters move the finding from its old status to the new one. */
        struct store_param pd[] = {SP_TEXT(a->repository_id), SP_TEXT(from), SP_TEXT(severity),
                                   SP_TEXT(category)};
        struct store_param pi[] = {SP_TEXT(a->repository_id), SP_TEXT(a->status),
                                   SP_TEXT(severity),         SP_TEXT(category),
                                   SP_TEXT(project),          SP_TEXT(a->user_id)};
        e = store_query(c,
                        "UPDATE repository_finding_counts SET n = n - 1 WHERE repository_id = "
                        "$1 AND status = $2 AND severity = $3 AND category = $4 AND n > 0",
                        pd, 4, NULL);
        if (e == VG_OK)
            e = store_query(c,
                            "INSERT INTO repository_finding_counts (repository_id, status, "
                            "severity, category, project_id, user_id, n) VALUES ($1, $2, $3, "
                            "$4, $5, $6, 1) ON CONFLICT (repository_id, status, severity, "
                            "category) DO UPDATE SET n = repository_finding_counts.n + 1",
                            pi, 6, NULL);
    }
    if (e == VG_OK) {
        json_t *data = json_pack("{s:s,s:s,s:s?}", "from_status", from, "to_status", a->status,
                                 "reason", a->reason);
        e = store_event_add(NULL, c, a->repository_id, "finding.triaged", NULL, a->finding_id,
                            a->actor, data);
        json_decref(data);
    }
    return e;
}

enum vg_err store_repo_finding_triage(struct store *st, const char *user_id,
                                      const char *repository_id, const char *finding_id,
                                      const char *status, const char *reason,
                                      struct store_actor actor,
                                      struct store_repo_finding_detail *out)
{
    memset(out, 0, sizeof(*out));
    struct triage_args a = {user_id, repository_id, finding_id, status, reason, actor};
    enum vg_err e = store_tx(st, triage_tx, &a);
    if (e != VG_OK)
        return e;
    return store_repo_finding_get(st, user_id, repository_id, finding_id, out);
}
