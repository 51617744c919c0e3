/*
 * pdf.c - the PDF report (see report.h). The markdown is parsed by md4c into a list of
 * blocks (headings, paragraphs, list items, code, tables, rules); each is laid out with
 * pango and drawn with cairo on A4 pages. The cover (score dial, severity chart) is drawn
 * directly. The document is rendered twice: the first pass, to a discarding stream,
 * counts the pages so every footer can say "Page N of M". Cairo embeds subsets of the
 * (TrueType) fonts it uses.
 */
#include "audit/report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <md4c.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define FOOTER_Y (PAGE_H - 30.0)
#define BODY_FONT "DejaVu Sans"
#define MONO_FONT "DejaVu Sans Mono"
#define PDF_MAX ((size_t)128 * 1024 * 1024)
#define MAX_COLS 8

enum blk_kind { BLK_H, BLK_P, BLK_LI, BLK_CODE, BLK_TABLE, BLK_HR };

struct cell {
    char *markup;
};

struct blk {
    enum blk_kind kind;
    int level;     /* heading level; list depth */
    char *markup;  /* pango markup (code: plain text) */
    char bullet[16];
    struct cell *cells; /* tables: rows x cols */
    size_t rows, cols;
};

struct doc {
    struct blk *v;
    size_t n, alloc;
    /* parsing state */
    GString *text;
    bool in_text, in_code, in_table, in_li;
    int list_depth;
    unsigned ol_next[8];
    bool ol[8];
    size_t row_cells;
    GPtrArray *table_cells; /* char* per cell, row-major */
    size_t table_cols;
};

static struct blk *doc_add(struct doc *d, enum blk_kind k)
{
    if (d->n == d->alloc) {
        d->alloc = d->alloc ? d->alloc * 2 : 64;
        d->v = xrealloc(d->v, d->alloc * sizeof *d->v);
    }
    struct blk *b = &d->v[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = k;
    return b;
}

static void text_begin(struct doc *d)
{
    g_string_truncate(d->text, 0);
    d->in_text = true;
}

static char *text_take(struct doc *d)
{
    d->in_text = false;
    return xstrdup(d->text->str);
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct doc *d = ud;
    switch (type) {
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
        text_begin(d);
        d->in_code = type == MD_BLOCK_CODE;
        break;
    case MD_BLOCK_P:
        if (!d->in_li)
            text_begin(d);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (d->list_depth < 7) {
            d->list_depth++;
            d->ol[d->list_depth] = type == MD_BLOCK_OL;
            d->ol_next[d->list_depth] =
                type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        }
        break;
    case MD_BLOCK_LI:
        text_begin(d);
        d->in_li = true;
        break;
    case MD_BLOCK_TABLE:
        d->in_table = true;
        d->table_cells = g_ptr_array_new();
        d->table_cols = 0;
        break;
    case MD_BLOCK_TR:
        d->row_cells = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        text_begin(d);
        break;
    case MD_BLOCK_HR:
        doc_add(d, BLK_HR);
        break;
    default:
        break;
    }
    return 0;
}

static int md_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct doc *d = ud;
    struct blk *b;
    switch (type) {
    case MD_BLOCK_H:
        b = doc_add(d, BLK_H);
        b->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
        b->markup = text_take(d);
        break;
    case MD_BLOCK_CODE:
        b = doc_add(d, BLK_CODE);
        b->markup = text_take(d);
        d->in_code = false;
        break;
    case MD_BLOCK_P:
        if (d->in_li) {
            g_string_append(d->text, "\n");
        } else {
            b = doc_add(d, BLK_P);
            b->markup = text_take(d);
        }
        break;
    case MD_BLOCK_LI: {
        b = doc_add(d, BLK_LI);
        while (d->text->len > 0 && d->text->str[d->text->len - 1] == '\n')
            g_string_truncate(d->text, d->text->len - 1);
        b->markup = text_take(d);
        b->level = d->list_depth;
        if (d->ol[d->list_depth])
            snprintf(b->bullet, sizeof b->bullet, "%u.", d->ol_next[d->list_depth]++);
        else
            snprintf(b->bullet, sizeof b->bullet, "\xe2\x80\xa2");
        d->in_li = false;
        break;
    }
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (d->list_depth > 0)
            d->list_depth--;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        g_ptr_array_add(d->table_cells, text_take(d));
        d->row_cells++;
        break;
    case MD_BLOCK_TR:
        if (d->table_cols == 0)
            d->table_cols = d->row_cells;
        while (d->row_cells < d->table_cols) { /* short rows */
            g_ptr_array_add(d->table_cells, xstrdup(""));
            d->row_cells++;
        }
        break;
    case MD_BLOCK_TABLE: {
        b = doc_add(d, BLK_TABLE);
        size_t cols = d->table_cols ? d->table_cols : 1;
        b->cols = cols > MAX_COLS ? MAX_COLS : cols;
        b->rows = d->table_cells->len / cols;
        b->cells = xcalloc(b->rows * b->cols + 1, sizeof *b->cells);
        for (size_t r = 0; r < b->rows; r++)
            for (size_t c = 0; c < cols; c++) {
                char *s = g_ptr_array_index(d->table_cells, r * cols + c);
                if (c < b->cols)
                    b->cells[r * b->cols + c].markup = s;
                else
                    free(s);
            }
        g_ptr_array_free(d->table_cells, TRUE);
        d->table_cells = NULL;
        d->in_table = false;
        break;
    }
    default:
        break;
    }
    return 0;
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
    (void)detail;
    struct doc *d = ud;
    if (type == MD_SPAN_STRONG)
        g_string_append(d->text, "<b>");
    else if (type == MD_SPAN_EM)
        g_string_append(d->text, "<i>");
    else if (type == MD_SPAN_CODE)
        g_string_append(d->text, "<span font_family=\"" MONO_FONT "\" size=\"90%\" "
                                 "background=\"#eef1f5\">");
    else if (type == MD_SPAN_A)
        g_string_append(d->text, "<span foreground=\"#1f5fbf\">");
    return 0;
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
    (void)detail;
    struct doc *d = ud;
    if (type == MD_SPAN_STRONG)
        g_string_append(d->text, "</b>");
    else if (type == MD_SPAN_EM)
        g_string_append(d->text, "</i>");
    else if (type == MD_SPAN_CODE || type == MD_SPAN_A)
        g_string_append(d->text, "</span>");
    return 0;
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
    struct doc *d = ud;
    if (!d->in_text)
        return 0;
    if (d->in_code) {
        g_string_append_len(d->text, text, (gssize)size);
        return 0;
    }
    if (type == MD_TEXT_SOFTBR) {
        g_string_append_c(d->text, ' ');
    } else if (type == MD_TEXT_BR) {
        g_string_append_c(d->text, '\n');
    } else if (type == MD_TEXT_NULLCHAR) {
        g_string_append(d->text, "\xef\xbf\xbd");
    } else {
        if (!g_utf8_validate(text, (gssize)size, NULL))
            return 0;
        char *esc = g_markup_escape_text(text, (gssize)size);
        if (type == MD_TEXT_ENTITY) {
            /* The few entities the report could hold, else shown as written. */
            const char *plain = strncmp(text, "&amp;", size) == 0    ? "&amp;"
                                : strncmp(text, "&lt;", size) == 0  ? "&lt;"
                                : strncmp(text, "&gt;", size) == 0  ? "&gt;"
                                : strncmp(text, "&quot;", size) == 0 ? "\""
                                                                      : esc;
            g_string_append(d->text, plain);
        } else {
            g_string_append(d->text, esc);
        }
        g_free(esc);
    }
    return 0;
}

static void doc_free(struct doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].markup);
        for (size_t c = 0; d->v[i].cells && c < d->v[i].rows * d->v[i].cols; c++)
            free(d->v[i].cells[c].markup);
        free(d->v[i].cells);
    }
    free(d->v);
    if (d->text)
        g_string_free(d->text, TRUE);
    if (d->table_cells) {
        for (guint i = 0; i < d->table_cells->len; i++)
            free(g_ptr_array_index(d->table_cells, i));
        g_ptr_array_free(d->table_cells, TRUE);
    }
}

/* ---- drawing ---- */

struct pen {
    cairo_t *cr;
    cairo_surface_t *surface;
    double y;
    int page;       /* 1-based */
    int pages;      /* total, known on the second pass (0 on the first) */
    const struct audit_doc *d;
};

static void sev_rgb(size_t s, double rgb[3])
{
    static const double c[5][3] = {{0.72, 0.11, 0.11}, {0.90, 0.38, 0.05},
                                   {0.85, 0.63, 0.05}, {0.20, 0.47, 0.80},
                                   {0.50, 0.55, 0.60}};
    memcpy(rgb, c[s < 5 ? s : 4], sizeof c[0]);
}

static PangoLayout *layout_new(cairo_t *cr, const char *font, double size, double width,
                               const char *markup, bool plain)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    char fd[96];
    snprintf(fd, sizeof fd, "%s %.1f", font, size);
    PangoFontDescription *desc = pango_font_description_from_string(fd);
    pango_layout_set_font_description(l, desc);
    pango_font_description_free(desc);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (plain)
        pango_layout_set_text(l, markup, -1);
    else
        pango_layout_set_markup(l, markup, -1);
    return l;
}

static double layout_h(PangoLayout *l)
{
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void draw_layout(cairo_t *cr, PangoLayout *l, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

static void footer(struct pen *p)
{
    cairo_t *cr = p->cr;
    char text[96];
    if (p->pages > 0)
        snprintf(text, sizeof text, "Page %d of %d", p->page, p->pages);
    else
        snprintf(text, sizeof text, "Page %d", p->page);
    cairo_set_source_rgb(cr, 0.45, 0.48, 0.52);
    PangoLayout *l = layout_new(cr, BODY_FONT, 8, CONTENT_W, text, true);
    pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    draw_layout(cr, l, MARGIN, FOOTER_Y);
    g_object_unref(l);
    PangoLayout *r = layout_new(cr, BODY_FONT, 8, CONTENT_W, "VibeGuard security audit \xc2\xb7 "
                                "confidential", true);
    draw_layout(cr, r, MARGIN, FOOTER_Y);
    g_object_unref(r);
    cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN, FOOTER_Y - 6);
    cairo_line_to(cr, PAGE_W - MARGIN, FOOTER_Y - 6);
    cairo_stroke(cr);
}

static void new_page(struct pen *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

/* Room for h more points on this page, else a new page. */
static void need(struct pen *p, double h)
{
    if (p->y + h > FOOTER_Y - 14 && p->y > MARGIN + 1)
        new_page(p);
}

static void cover(struct pen *p)
{
    cairo_t *cr = p->cr;
    const struct audit_doc *d = p->d;
    /* Band. */
    cairo_set_source_rgb(cr, 0.07, 0.12, 0.22);
    cairo_rectangle(cr, 0, 0, PAGE_W, 250);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    PangoLayout *l = layout_new(cr, BODY_FONT " Bold", 12, CONTENT_W, "VIBEGUARD", true);
    draw_layout(cr, l, MARGIN, 60);
    g_object_unref(l);
    l = layout_new(cr, BODY_FONT " Bold", 28, CONTENT_W, "Security audit report", true);
    draw_layout(cr, l, MARGIN, 95);
    g_object_unref(l);
    char *esc = g_markup_escape_text(d->project, -1);
    char date[32];
    time_t t = (time_t)d->generated_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%d %B %Y", &tm);
    char *sub = xasprintf("<span foreground=\"#c9d4e5\">%s\n%s \xc2\xb7 %s</span>", esc,
                          d->tier_title, date);
    g_free(esc);
    l = layout_new(cr, BODY_FONT, 13, CONTENT_W, sub, false);
    draw_layout(cr, l, MARGIN, 150);
    g_object_unref(l);
    free(sub);

    /* Score dial. */
    double cx = MARGIN + 90, cy = 400, r = 72;
    double s = d->score < 0 ? 0 : d->score > 100 ? 100 : d->score;
    double rgb[3];
    sev_rgb(s >= 85 ? 3 : s >= 60 ? 2 : s >= 35 ? 1 : 0, rgb);
    cairo_set_line_width(cr, 14);
    cairo_set_source_rgb(cr, 0.90, 0.92, 0.95);
    cairo_new_path(cr); /* the layouts left a current point: no line from it */
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, r, -M_PI / 2, -M_PI / 2 + 2 * M_PI * s / 100.0);
    cairo_stroke(cr);
    char num[32];
    snprintf(num, sizeof num, "%.1f", d->score);
    cairo_set_source_rgb(cr, 0.07, 0.12, 0.22);
    l = layout_new(cr, BODY_FONT " Bold", 30, 2 * r, num, true);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    draw_layout(cr, l, cx - r, cy - 26);
    g_object_unref(l);
    l = layout_new(cr, BODY_FONT, 9, 2 * r, "launch readiness / 100", true);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    draw_layout(cr, l, cx - r, cy + 16);
    g_object_unref(l);

    /* Severity chart: one horizontal bar per severity. */
    int64_t by[5];
    audit_doc_counts(d, by);
    int64_t max = 1;
    for (size_t i = 0; i < 5; i++)
        max = by[i] > max ? by[i] : max;
    static const char *const names[5] = {"Critical", "High", "Medium", "Low", "Info"};
    double x0 = MARGIN + 230, bw = CONTENT_W - 230 - 40, y0 = 335;
    cairo_set_source_rgb(cr, 0.07, 0.12, 0.22);
    l = layout_new(cr, BODY_FONT " Bold", 11, 240, "Findings by severity", true);
    draw_layout(cr, l, x0, y0 - 24);
    g_object_unref(l);
    for (size_t i = 0; i < 5; i++) {
        double y = y0 + (double)i * 26;
        cairo_set_source_rgb(cr, 0.2, 0.22, 0.25);
        l = layout_new(cr, BODY_FONT, 9, 60, names[i], true);
        draw_layout(cr, l, x0, y + 3);
        g_object_unref(l);
        double w = (bw - 60) * (double)by[i] / (double)max;
        cairo_set_source_rgb(cr, 0.93, 0.94, 0.96);
        cairo_rectangle(cr, x0 + 60, y, bw - 60, 18);
        cairo_fill(cr);
        sev_rgb(i, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, x0 + 60, y, w, 18);
        cairo_fill(cr);
        snprintf(num, sizeof num, "%lld", (long long)by[i]);
        cairo_set_source_rgb(cr, 0.2, 0.22, 0.25);
        l = layout_new(cr, BODY_FONT " Bold", 9, 40, num, true);
        draw_layout(cr, l, x0 + bw + 6, y + 3);
        g_object_unref(l);
    }

    /* Key figures. */
    char *facts = xasprintf(
        "<b>%zu</b> findings \xc2\xb7 <b>%lld</b> critical \xc2\xb7 <b>%lld</b> high\n"
        "%s",
        d->n, (long long)by[0], (long long)by[1],
        d->bundle || d->pr
            ? "Fixes delivered with this report"
            : "Every finding comes with where it is, why it matters and the exact fix");
    cairo_set_source_rgb(cr, 0.2, 0.22, 0.25);
    l = layout_new(cr, BODY_FONT, 11, CONTENT_W, facts, false);
    draw_layout(cr, l, MARGIN, 530);
    g_object_unref(l);
    free(facts);
    if (d->bundle || d->pr) {
        char *fx = xasprintf("<b>%zu</b> finding%s fixed by the %s: the score goes from "
                             "%.1f to <b>%.1f</b>.",
                             d->fix_count, d->fix_count == 1 ? "" : "s",
                             d->pr ? "pull request" : "fix bundle", d->score,
                             d->score_after_fixes);
        l = layout_new(cr, BODY_FONT, 11, CONTENT_W, fx, false);
        draw_layout(cr, l, MARGIN, 572);
        g_object_unref(l);
        free(fx);
    }
    new_page(p);
}

/* Colour a severity word cell. */
static char *cell_markup(const char *m)
{
    static const char *const names[5] = {"Critical", "High", "Medium", "Low", "Info"};
    for (size_t i = 0; i < 5; i++) {
        if (strcmp(m, names[i]) == 0) {
            double rgb[3];
            sev_rgb(i, rgb);
            return xasprintf("<span foreground=\"#%02x%02x%02x\"><b>%s</b></span>",
                             (unsigned)(rgb[0] * 255), (unsigned)(rgb[1] * 255),
                             (unsigned)(rgb[2] * 255), m);
        }
    }
    return xstrdup(m);
}

static void table_widths(size_t cols, double w[MAX_COLS])
{
    static const double five[5] = {0.06, 0.12, 0.44, 0.30, 0.08};
    for (size_t c = 0; c < cols; c++)
        w[c] = (cols == 5 ? five[c] : 1.0 / (double)cols) * CONTENT_W;
}

static double table_row(struct pen *p, const struct blk *b, size_t r, bool draw)
{
    double w[MAX_COLS], h = 0;
    table_widths(b->cols, w);
    PangoLayout *ls[MAX_COLS];
    for (size_t c = 0; c < b->cols; c++) {
        char *m = cell_markup(b->cells[r * b->cols + c].markup);
        ls[c] = layout_new(p->cr, BODY_FONT, 8, w[c] - 8, m, false);
        free(m);
        double ch = layout_h(ls[c]);
        h = ch > h ? ch : h;
    }
    h += 8;
    if (draw) {
        cairo_t *cr = p->cr;
        if (r == 0)
            cairo_set_source_rgb(cr, 0.07, 0.12, 0.22);
        else if (r % 2 == 0)
            cairo_set_source_rgb(cr, 0.96, 0.97, 0.98);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, MARGIN, p->y, CONTENT_W, h);
        cairo_fill(cr);
        double x = MARGIN;
        for (size_t c = 0; c < b->cols; c++) {
            if (r == 0)
                cairo_set_source_rgb(cr, 1, 1, 1);
            else
                cairo_set_source_rgb(cr, 0.15, 0.17, 0.2);
            draw_layout(cr, ls[c], x + 4, p->y + 4);
            x += w[c];
        }
        cairo_set_source_rgb(cr, 0.86, 0.88, 0.91);
        cairo_set_line_width(cr, 0.4);
        cairo_move_to(cr, MARGIN, p->y + h);
        cairo_line_to(cr, MARGIN + CONTENT_W, p->y + h);
        cairo_stroke(cr);
    }
    for (size_t c = 0; c < b->cols; c++)
        g_object_unref(ls[c]);
    return h;
}

static void draw_table(struct pen *p, const struct blk *b)
{
    for (size_t r = 0; r < b->rows; r++) {
        double h = table_row(p, b, r, false);
        if (p->y + h > FOOTER_Y - 14) {
            new_page(p);
            if (r > 0) /* repeat the header */
                p->y += table_row(p, b, 0, true);
        }
        table_row(p, b, r, true);
        p->y += h;
    }
    p->y += 10;
}

static void draw_block(struct pen *p, const struct blk *b)
{
    cairo_t *cr = p->cr;
    PangoLayout *l = NULL;
    double h;
    switch (b->kind) {
    case BLK_H: {
        static const double size[7] = {0, 20, 16, 13, 11, 10, 10};
        int lv = b->level < 1 ? 1 : b->level > 6 ? 6 : b->level;
        if (lv == 2)
            need(p, 160); /* a major section starts with room for its first lines */
        l = layout_new(cr, BODY_FONT " Bold", size[lv], CONTENT_W, b->markup, false);
        h = layout_h(l);
        need(p, h + 40); /* keep a heading with what follows */
        p->y += lv <= 2 ? 8 : 4;
        cairo_set_source_rgb(cr, 0.07, 0.12, 0.22);
        draw_layout(cr, l, MARGIN, p->y);
        p->y += h + (lv <= 2 ? 8 : 4);
        if (lv == 2) {
            cairo_set_source_rgb(cr, 0.16, 0.45, 0.85);
            cairo_set_line_width(cr, 1.5);
            cairo_move_to(cr, MARGIN, p->y - 4);
            cairo_line_to(cr, MARGIN + 60, p->y - 4);
            cairo_stroke(cr);
            p->y += 4;
        }
        break;
    }
    case BLK_P:
    case BLK_LI: {
        double indent = b->kind == BLK_LI ? 14.0 * b->level : 0;
        l = layout_new(cr, BODY_FONT, 9.5, CONTENT_W - indent, b->markup, false);
        h = layout_h(l);
        need(p, h);
        cairo_set_source_rgb(cr, 0.15, 0.17, 0.2);
        if (b->kind == BLK_LI) {
            PangoLayout *bl = layout_new(cr, BODY_FONT, 9.5, 14, b->bullet, true);
            draw_layout(cr, bl, MARGIN + indent - 14, p->y);
            g_object_unref(bl);
        }
        draw_layout(cr, l, MARGIN + indent, p->y);
        p->y += h + (b->kind == BLK_LI ? 3 : 7);
        break;
    }
    case BLK_CODE:
        l = layout_new(cr, MONO_FONT, 7.5, CONTENT_W - 16, b->markup, true);
        h = layout_h(l) + 12;
        need(p, h);
        cairo_set_source_rgb(cr, 0.95, 0.96, 0.97);
        cairo_rectangle(cr, MARGIN, p->y, CONTENT_W, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.16, 0.45, 0.85);
        cairo_rectangle(cr, MARGIN, p->y, 2.5, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.15, 0.17, 0.2);
        draw_layout(cr, l, MARGIN + 10, p->y + 6);
        p->y += h + 8;
        break;
    case BLK_TABLE:
        draw_table(p, b);
        break;
    case BLK_HR:
        need(p, 12);
        cairo_set_source_rgb(cr, 0.8, 0.82, 0.86);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, MARGIN, p->y + 6);
        cairo_line_to(cr, PAGE_W - MARGIN, p->y + 6);
        cairo_stroke(cr);
        p->y += 14;
        break;
    }
    if (l != NULL)
        g_object_unref(l);
}

static cairo_status_t pdf_discard(void *ud, const unsigned char *data, unsigned int len)
{
    (void)ud;
    (void)data;
    (void)len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t pdf_collect(void *ud, const unsigned char *data, unsigned int len)
{
    return buf_append(ud, data, len) == VG_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* One rendering pass; returns the page count. */
static int render(const struct audit_doc *d, const struct doc *doc, int pages, struct buf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(out ? pdf_collect : pdf_discard,
                                                             out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "VibeGuard security audit");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Vega");
    cairo_t *cr = cairo_create(s);
    struct pen p = {cr, s, MARGIN, 1, pages, d};
    cover(&p);
    bool skipped_title = false;
    for (size_t i = 0; i < doc->n; i++) {
        const struct blk *b = &doc->v[i];
        /* The cover already shows the title and its line of facts. */
        if (!skipped_title && b->kind == BLK_H && b->level == 1) {
            skipped_title = true;
            if (i + 1 < doc->n && doc->v[i + 1].kind == BLK_P)
                i++;
            continue;
        }
        draw_block(&p, b);
    }
    footer(&p);
    cairo_show_page(cr);
    int n = p.page;
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return n;
}

enum vg_err audit_report_pdf(const struct audit_doc *d, const char *markdown, struct buf *out)
{
    struct doc doc = {0};
    doc.text = g_string_new(NULL);
    MD_PARSER parser = {0,
                        MD_FLAG_TABLES | MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH,
                        md_enter_block,
                        md_leave_block,
                        md_enter_span,
                        md_leave_span,
                        md_text,
                        NULL,
                        NULL};
    enum vg_err e = VG_OK;
    if (md_parse(markdown, (MD_SIZE)strlen(markdown), &parser, &doc) != 0) {
        e = VG_ERR_INVALID;
        goto out;
    }
    int pages = render(d, &doc, 0, NULL);
    buf_init(out, PDF_MAX);
    render(d, &doc, pages, out);
    if (out->len == 0)
        e = VG_ERR_IO;
out:
    doc_free(&doc);
    return e;
}
