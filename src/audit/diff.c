/*
 * diff.c - unified diffs (see diff.h).
 */
#include "audit/diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct line {
    const char *p;
    size_t n;  /* without the newline */
    bool nl;   /* ends with '\n' */
};

struct lines {
    struct line *v;
    size_t n;
};

static void lines_split(const char *s, size_t len, struct lines *out)
{
    out->n = 0;
    out->v = xmalloc((len + 1) * sizeof *out->v);
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (s + i)) : len - i;
        out->v[out->n++] = (struct line){s + i, n, nl != NULL};
        i += n + (nl != NULL);
    }
}

static bool line_eq(const struct line *a, const struct line *b)
{
    return a->n == b->n && a->nl == b->nl && memcmp(a->p, b->p, a->n) == 0;
}

/* An edit script: for each position, ' ', '-' or '+' with the line. */
struct op {
    char kind;
    const struct line *l;
    size_t oi, ni; /* 0-based indices before this op */
};

static void ops_lcs(const struct lines *a, const struct lines *b, size_t a0, size_t a1,
                    size_t b0, size_t b1, struct op *ops, size_t *nops)
{
    size_t n = a1 - a0, m = b1 - b0;
    if ((n + 1) * (m + 1) > DIFF_MAX_CELLS) {
        for (size_t i = a0; i < a1; i++)
            ops[(*nops)++] = (struct op){'-', &a->v[i], i, b0};
        for (size_t j = b0; j < b1; j++)
            ops[(*nops)++] = (struct op){'+', &b->v[j], a1, j};
        return;
    }
    /* L[i][j]: LCS length of a[a0+i..a1) and b[b0+j..b1). */
    uint32_t *L = xcalloc((n + 1) * (m + 1), sizeof *L);
#define AT(i, j) L[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            AT(i, j) = line_eq(&a->v[a0 + i], &b->v[b0 + j])
                           ? AT(i + 1, j + 1) + 1
                           : (AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && line_eq(&a->v[a0 + i], &b->v[b0 + j])) {
            ops[(*nops)++] = (struct op){' ', &a->v[a0 + i], a0 + i, b0 + j};
            i++, j++;
        } else if (i < n && (j == m || AT(i + 1, j) >= AT(i, j + 1))) {
            ops[(*nops)++] = (struct op){'-', &a->v[a0 + i], a0 + i, b0 + j};
            i++;
        } else {
            ops[(*nops)++] = (struct op){'+', &b->v[b0 + j], a0 + i, b0 + j};
            j++;
        }
    }
#undef AT
    free(L);
}

static enum vg_err emit_line(struct buf *out, char kind, const struct line *l)
{
    enum vg_err e = buf_append_char(out, kind);
    if (e == VG_OK)
        e = buf_append(out, l->p, l->n);
    if (e == VG_OK)
        e = buf_append_char(out, '\n');
    if (e == VG_OK && !l->nl)
        e = buf_append_str(out, "\\ No newline at end of file\n");
    return e;
}

enum vg_err audit_diff(const char *path, const char *old, size_t old_len, const char *new_,
                       size_t new_len, struct buf *out)
{
    struct lines a = {NULL, 0}, b = {NULL, 0};
    lines_split(old ? old : "", old ? old_len : 0, &a);
    lines_split(new_, new_len, &b);
    struct op *ops = xmalloc((a.n + b.n + 1) * sizeof *ops);
    size_t nops = 0, head = 0, tail = 0;
    while (head < a.n && head < b.n && line_eq(&a.v[head], &b.v[head]))
        head++;
    while (tail < a.n - head && tail < b.n - head &&
           line_eq(&a.v[a.n - 1 - tail], &b.v[b.n - 1 - tail]))
        tail++;
    for (size_t i = 0; i < head; i++)
        ops[nops++] = (struct op){' ', &a.v[i], i, i};
    ops_lcs(&a, &b, head, a.n - tail, head, b.n - tail, ops, &nops);
    for (size_t k = 0; k < tail; k++)
        ops[nops++] = (struct op){' ', &a.v[a.n - tail + k], a.n - tail + k, b.n - tail + k};

    enum vg_err e = VG_OK;
    if (head == a.n && head == b.n)
        goto out; /* identical */
    e = buf_printf(out, "diff --git a/%s b/%s\n", path, path);
    if (e == VG_OK && old == NULL)
        e = buf_printf(out, "new file mode 100644\n--- /dev/null\n+++ b/%s\n", path);
    else if (e == VG_OK)
        e = buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
    size_t k = 0;
    while (e == VG_OK && k < nops) {
        while (k < nops && ops[k].kind == ' ')
            k++;
        if (k == nops)
            break;
        /* A hunk: from DIFF_CONTEXT lines before the change to DIFF_CONTEXT after the last
         * change that is within 2 * DIFF_CONTEXT of the next. */
        size_t start = k >= DIFF_CONTEXT ? k - DIFF_CONTEXT : 0, end = k;
        for (;;) {
            while (end < nops && ops[end].kind != ' ')
                end++;
            size_t run = end;
            while (run < nops && ops[run].kind == ' ' && run - end < 2 * DIFF_CONTEXT)
                run++;
            if (run < nops && ops[run].kind != ' ') {
                end = run;
                continue;
            }
            end = end + DIFF_CONTEXT < nops ? end + DIFF_CONTEXT : nops;
            break;
        }
        size_t oc = 0, nc = 0;
        for (size_t i = start; i < end; i++) {
            oc += ops[i].kind != '+';
            nc += ops[i].kind != '-';
        }
        size_t os = oc ? ops[start].oi + 1 : ops[start].oi;
        size_t ns = nc ? ops[start].ni + 1 : ops[start].ni;
        e = buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", os, oc, ns, nc);
        for (size_t i = start; e == VG_OK && i < end; i++)
            e = emit_line(out, ops[i].kind, ops[i].l);
        k = end;
    }
out:
    free(ops);
    free(a.v);
    free(b.v);
    return e;
}
