/*
 * stream.c - the streaming engine API (stream.h) over the pipeline: each fed file becomes
 * one pipeline item tagged with its feed number, so its findings can be traced back to the
 * metadata it was fed with (commit, in_head, line offset). It does not read anything
 * itself: sources (src/source/) produce the files.
 */
#include "scan/stream.h"

#include <stdlib.h>
#include <string.h>

#include "scan/pipeline.h"
#include "util/xalloc.h"

#define STREAM_NO_COMMIT UINT32_MAX

struct feed_rec {
    uint32_t commit; /* index into commits, or STREAM_NO_COMMIT */
    unsigned line_offset;
    bool in_head;
    bool continues;
};

struct commit_rec {
    char sha[41];
    char *author;
    int64_t at;
};

struct scan_stream {
    const struct scan_engine *eng;
    const struct scan_options *opt;
    struct scan_result *out;
    struct scan_result local;
    struct pipeline *p;
    struct feed_rec *feeds;
    size_t n_feeds, cap_feeds;
    struct commit_rec *commits;
    size_t n_commits, cap_commits;
    uint64_t fed;
};

struct scan_stream *scan_stream_begin(const struct scan_engine *eng, const struct scan_options *opt,
                                      struct scan_result *res)
{
    struct scan_stream *s = xcalloc(1, sizeof *s);
    s->eng = eng;
    s->opt = opt;
    s->out = res;
    s->local = (struct scan_result)SCAN_RESULT_INIT;
    s->p = pipeline_start(eng, opt, &s->local);
    return s;
}

/* The commit's index; feeds of one commit come together, so the last one is checked. */
static uint32_t stream_commit(struct scan_stream *s, const struct scan_commit *c)
{
    if (c == NULL || c->sha == NULL)
        return STREAM_NO_COMMIT;
    if (s->n_commits > 0 && strcmp(s->commits[s->n_commits - 1].sha, c->sha) == 0)
        return (uint32_t)(s->n_commits - 1);
    if (s->n_commits == s->cap_commits) {
        s->cap_commits = s->cap_commits ? s->cap_commits * 2 : 64;
        s->commits = xrealloc(s->commits, s->cap_commits * sizeof *s->commits);
    }
    struct commit_rec *r = &s->commits[s->n_commits];
    memset(r, 0, sizeof *r);
    strncat(r->sha, c->sha, sizeof r->sha - 1);
    r->author = xstrdup(c->author_name != NULL ? c->author_name : "");
    r->at = c->committed_at;
    return (uint32_t)s->n_commits++;
}

static uint64_t stream_tag(struct scan_stream *s, const struct scan_feed_meta *meta)
{
    if (s->n_feeds == s->cap_feeds) {
        s->cap_feeds = s->cap_feeds ? s->cap_feeds * 2 : 256;
        s->feeds = xrealloc(s->feeds, s->cap_feeds * sizeof *s->feeds);
    }
    struct feed_rec *f = &s->feeds[s->n_feeds++];
    f->commit = stream_commit(s, meta != NULL ? meta->commit : NULL);
    f->line_offset = meta != NULL ? meta->line_offset : 0;
    f->in_head = meta != NULL && meta->in_head;
    f->continues = meta != NULL && meta->continues;
    return (uint64_t)s->n_feeds; /* tags start at 1 */
}

static void stream_ignore(struct scan_stats *st, uint64_t bytes)
{
    st->ignored_files++;
    st->ignored_bytes += bytes;
}

/* A blob of a history that no tip has: read by secret rules only (a deleted secret is
 * still leaked; deleted code is no longer a weakness). */
static bool history_only(const struct scan_feed_meta *meta)
{
    return meta != NULL && meta->commit != NULL && !meta->in_head;
}

/* Count a file of len bytes; true when it is to be scanned (not over a limit, not
 * ignored). */
static bool stream_admit(struct scan_stream *s, const char *path, size_t len)
{
    struct scan_stats *st = pipeline_stats(s->p);
    const struct scan_options *opt = s->opt;
    st->total_files++;
    st->total_bytes += len;
    if (!pipeline_limited(s->p) && opt->max_entries > 0 && st->total_files > opt->max_entries)
        pipeline_limit(s->p, "max_entries");
    if (!pipeline_limited(s->p) &&
        st->total_bytes - st->ignored_bytes - st->risky_bytes > opt->max_total_bytes)
        pipeline_limit(s->p, "max_total_bytes");
    if (pipeline_limited(s->p) || len > opt->max_file_size ||
        (opt->default_ignores && path_in_ignored_dir(path)) ||
        vegaignore_path(pipeline_vegaignore(s->p), path)) {
        stream_ignore(st, len);
        return false;
    }
    return true;
}

void scan_stream_feed(struct scan_stream *s, const char *path, const void *data, size_t len,
                      const struct scan_feed_meta *meta)
{
    if (!stream_admit(s, path, len))
        return;
    struct buf b = BUF_INIT;
    buf_init(&b, len + 1);
    if (buf_append(&b, data, len) != VG_OK) {
        buf_release(&b);
        pipeline_stats(s->p)->errors++;
        return;
    }
    s->fed++;
    pipeline_submit_tagged(s->p, xstrdup(path), &b, stream_tag(s, meta), history_only(meta));
}

void scan_stream_feed_buf(struct scan_stream *s, const char *path, struct buf *take,
                          const struct scan_feed_meta *meta)
{
    if (!stream_admit(s, path, take->len)) {
        buf_release(take);
        return;
    }
    s->fed++;
    pipeline_submit_tagged(s->p, xstrdup(path), take, stream_tag(s, meta), history_only(meta));
    *take = (struct buf)BUF_INIT;
}

bool scan_stream_feed_fill(struct scan_stream *s, const char *path, size_t len,
                           const struct scan_feed_meta *meta, scan_stream_fill_fn fill, void *ctx,
                           uint64_t arg)
{
    if (!stream_admit(s, path, len))
        return false;
    s->fed++;
    pipeline_submit_fill(s->p, xstrdup(path), len, fill, ctx, arg, stream_tag(s, meta),
                         history_only(meta));
    return true;
}

void scan_stream_skip(struct scan_stream *s, uint64_t bytes, bool risky)
{
    struct scan_stats *st = pipeline_stats(s->p);
    st->total_files++;
    st->total_bytes += bytes;
    if (risky) {
        st->risky_files++;
        st->risky_bytes += bytes;
    } else {
        stream_ignore(st, bytes);
    }
}

bool scan_stream_limited(const struct scan_stream *s)
{
    return pipeline_limited(s->p);
}

uint64_t scan_stream_fed(const struct scan_stream *s)
{
    return s->fed;
}

static const struct feed_rec *stream_rec(const struct scan_stream *s, const struct scan_finding *f)
{
    if (f->feed_tag == 0 || f->feed_tag > s->n_feeds)
        return NULL;
    return &s->feeds[f->feed_tag - 1];
}

/* By fingerprint, then commit order (the earliest first). */
static int fold_cmp(const void *x, const void *y, void *ctx)
{
    const struct scan_stream *fold_stream = ctx;
    const struct scan_finding *a = x, *b = y;
    int c = strcmp(a->fingerprint, b->fingerprint);
    if (c != 0)
        return c;
    uint32_t ca = stream_rec(fold_stream, a)->commit, cb = stream_rec(fold_stream, b)->commit;
    return ca < cb ? -1 : ca > cb;
}

static bool has_commit(const struct scan_stream *s, const struct scan_finding *f)
{
    const struct feed_rec *r = stream_rec(s, f);
    return r != NULL && r->commit != STREAM_NO_COMMIT;
}

/* One group [from, to) of the same fingerprint, earliest commit first, becomes one finding
 * at *dst (a copy in the tip when there is one) with its origin. */
static void fold_group(struct scan_stream *s, struct scan_finding *g, size_t n,
                       struct scan_finding *dst)
{
    size_t keep = 0;
    bool in_head = false;
    for (size_t i = 0; i < n; i++) {
        if (stream_rec(s, &g[i])->in_head) {
            if (!in_head)
                keep = i;
            in_head = true;
        }
    }
    const struct commit_rec *c = &s->commits[stream_rec(s, &g[0])->commit];
    struct scan_finding f = g[keep];
    for (size_t i = 0; i < n; i++) {
        if (i != keep)
            scan_finding_release(&g[i]);
    }
    f.origin = xcalloc(1, sizeof *f.origin);
    memcpy(f.origin->sha, c->sha, sizeof f.origin->sha);
    f.origin->author_name = xstrdup(c->author);
    f.origin->committed_at = c->at;
    f.origin->in_head = in_head;
    if (!in_head && strcmp(f.category, "secret") == 0) {
        char *r = f.recommendation[0] != '\0'
                      ? xasprintf("%s %s", f.recommendation, SCAN_HISTORY_ROTATE_NOTE)
                      : xstrdup(SCAN_HISTORY_ROTATE_NOTE);
        free(f.recommendation);
        f.recommendation = r;
    }
    *dst = f;
}

/* By fingerprint, lines, then feed order. */
static int slice_cmp(const void *x, const void *y)
{
    const struct scan_finding *a = x, *b = y;
    int c = strcmp(a->fingerprint, b->fingerprint);
    if (c != 0)
        return c;
    if (a->line_start != b->line_start)
        return a->line_start < b->line_start ? -1 : 1;
    if (a->line_end != b->line_end)
        return a->line_end < b->line_end ? -1 : 1;
    return a->feed_tag < b->feed_tag ? -1 : a->feed_tag > b->feed_tag;
}

static bool same_place(const struct scan_finding *a, const struct scan_finding *b)
{
    return strcmp(a->fingerprint, b->fingerprint) == 0 && a->line_start == b->line_start &&
           a->line_end == b->line_end;
}

/* Drop each finding of a continuing slice that pairs with an unpaired equal finding of the
 * slice before it (equal findings are together, in feed order, after the sort). */
static void stream_fold_slices(struct scan_stream *s, struct scan_result *r)
{
    bool any = false;
    for (size_t i = 0; i < s->n_feeds && !any; i++)
        any = s->feeds[i].continues;
    if (!any || r->n_findings == 0)
        return;
    qsort(r->findings, r->n_findings, sizeof *r->findings, slice_cmp);
    bool *paired = xcalloc(r->n_findings, sizeof *paired);
    bool *dup = xcalloc(r->n_findings, sizeof *dup);
    for (size_t i = 1; i < r->n_findings; i++) {
        const struct scan_finding *f = &r->findings[i];
        const struct feed_rec *rec = stream_rec(s, f);
        if (rec == NULL || !rec->continues)
            continue;
        for (size_t j = i; j-- > 0 && same_place(&r->findings[j], f) && !dup[i];) {
            if (!paired[j] && r->findings[j].feed_tag + 1 == f->feed_tag)
                paired[j] = dup[i] = true;
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        if (dup[i])
            scan_finding_release(&r->findings[i]);
        else
            r->findings[w++] = r->findings[i];
    }
    r->n_findings = w;
    free(paired);
    free(dup);
}

/* Line offsets, slices folded, then one finding per fingerprint for what came from a
 * history. */
static void stream_fold(struct scan_stream *s, struct scan_result *r)
{
    for (size_t i = 0; i < r->n_findings; i++) {
        struct scan_finding *f = &r->findings[i];
        const struct feed_rec *rec = stream_rec(s, f);
        if (rec != NULL) {
            f->line_start += rec->line_offset;
            f->line_end += rec->line_offset;
        }
    }
    stream_fold_slices(s, r);
    size_t n_hist = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        struct scan_finding *f = &r->findings[i];
        if (has_commit(s, f)) { /* history findings to the front */
            struct scan_finding t = r->findings[n_hist];
            r->findings[n_hist++] = *f;
            *f = t;
        }
    }
    if (n_hist == 0)
        return;
    qsort_r(r->findings, n_hist, sizeof *r->findings, fold_cmp, s);
    size_t w = 0;
    for (size_t i = 0; i < n_hist;) {
        size_t j = i + 1;
        while (j < n_hist && strcmp(r->findings[j].fingerprint, r->findings[i].fingerprint) == 0)
            j++;
        struct scan_finding out;
        fold_group(s, &r->findings[i], j - i, &out);
        r->findings[w++] = out;
        i = j;
    }
    memmove(&r->findings[w], &r->findings[n_hist], (r->n_findings - n_hist) * sizeof *r->findings);
    r->n_findings -= n_hist - w;
    for (size_t i = 0; i < r->n_findings; i++)
        r->findings[i].feed_tag = 0;
    qsort(r->findings, r->n_findings, sizeof *r->findings, result_finding_cmp);
}

enum vg_err scan_stream_finish(struct scan_stream *s, enum vg_err status, const char *error)
{
    enum vg_err e = pipeline_finish(s->p, status, error);
    stream_fold(s, &s->local);
    struct scan_result *out = s->out;
    result_append(out, &s->local);
    stats_merge(&out->stats, &s->local.stats);
    if (out->error == NULL) {
        out->error = s->local.error;
        s->local.error = NULL;
    }
    scan_result_release(&s->local);
    for (size_t i = 0; i < s->n_commits; i++)
        free(s->commits[i].author);
    free(s->commits);
    free(s->feeds);
    free(s);
    return e;
}
