/*
 * stdin.c - standard input (or any pipe) as text: read to its end in slices of about
 * SOURCE_STDIN_SLICE bytes, each fed to the engine with the line offset of its first line,
 * so findings name the line of the whole input. Made for `git log -p | vega scan -`.
 *
 * Slices overlap: each one starts SOURCE_STDIN_OVERLAP bytes (or more) before the end of
 * the previous one, so a match shorter than the overlap that crosses a cut is seen whole by
 * the next slice (a PEM block's header and its first base64 line, a key on a line that goes
 * on past the cut). A slice ends after a newline when there is one in its last half, else
 * after a character that no token contains (space, quote, comma...) in its last 4 KB, else
 * exactly at the slice size; it starts the same way (a line start, else a separator), so
 * neither end cuts a token in two. A finding seen in both slices of an overlap (same
 * fingerprint, same lines) is reported once (scan_feed_meta.continues).
 */
#include "source/source.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "scan/stream.h"
#include "util/buf.h"

#define SOURCE_STDIN_SLICE ((size_t)1024 * 1024)
#define SOURCE_STDIN_OVERLAP ((size_t)64 * 1024) /* > the longest match of any rule */
#define SOURCE_STDIN_SEP_SPAN ((size_t)4096)
#define SOURCE_STDIN_READ ((size_t)65536)

static unsigned count_nl(const char *p, size_t n)
{
    unsigned c = 0;
    for (const char *q = memchr(p, '\n', n); q != NULL;
         q = memchr(q + 1, '\n', n - (size_t)(q + 1 - p)))
        c++;
    return c;
}

static bool is_sep(unsigned char c)
{
    return c <= ' ' || strchr("\"'`,;:()[]{}<>|&!?#", c) != NULL;
}

/* A cut at or before `at` (but after `lo`): just after a newline in (lo, at], else just
 * after a separator in the SOURCE_STDIN_SEP_SPAN bytes before at, else at itself. */
static size_t cut_before(const char *p, size_t lo, size_t at)
{
    const char *nl = memrchr(p + lo, '\n', at - lo);
    if (nl != NULL)
        return (size_t)(nl + 1 - p);
    size_t stop = at > SOURCE_STDIN_SEP_SPAN ? at - SOURCE_STDIN_SEP_SPAN : 0;
    for (size_t i = at; i > stop && i > lo; i--) {
        if (is_sep((unsigned char)p[i - 1]))
            return i;
    }
    return at;
}

/* Feed buf[0, cut) (cut > SOURCE_STDIN_SLICE / 2); keep its last SOURCE_STDIN_OVERLAP
 * bytes (or more, back to a line start or a separator) and what follows the cut at the
 * front for the next slice. */
static void stdin_slice(struct scan_stream *s, const char *name, struct buf *b, size_t cut,
                        unsigned *line, bool *continues, size_t *scanned)
{
    scan_stream_feed(s, name, b->ptr, cut,
                     &(struct scan_feed_meta){.line_offset = *line, .continues = *continues});
    *continues = true;
    size_t drop = cut_before(b->ptr, cut / 2, cut - SOURCE_STDIN_OVERLAP);
    *line += count_nl(b->ptr, drop);
    *scanned = cut - drop;
    memmove(b->ptr, b->ptr + drop, b->len - drop);
    b->len -= drop;
}

enum vg_err source_stdin_scan(const struct source_spec *spec, const struct scan_engine *eng,
                              const struct scan_options *opt, struct scan_result *res,
                              struct source_outcome *out)
{
    const char *name = spec->name != NULL ? spec->name : "-";
    struct scan_stream *s = scan_stream_begin(eng, opt, res);
    struct buf b = BUF_INIT;
    buf_init(&b, SOURCE_STDIN_SLICE + SOURCE_STDIN_READ + 1);
    enum vg_err e = buf_reserve(&b, SOURCE_STDIN_SLICE + SOURCE_STDIN_READ);
    unsigned line = 0;
    bool continues = false;
    size_t scanned = 0; /* the front of b that a slice already had (the overlap) */
    while (e == VG_OK && !scan_stream_limited(s)) {
        ssize_t got = read(spec->fd, b.ptr + b.len, SOURCE_STDIN_READ);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            e = source_fail(out, VG_ERR_IO, "standard input could not be read");
        if (got <= 0)
            break;
        b.len += (size_t)got;
        while (b.len >= SOURCE_STDIN_SLICE) /* a slice ends in its last half */
            stdin_slice(s, name, &b, cut_before(b.ptr, SOURCE_STDIN_SLICE / 2, SOURCE_STDIN_SLICE),
                        &line, &continues, &scanned);
    }
    if (e == VG_OK && b.len > scanned)
        scan_stream_feed(s, name, b.ptr, b.len,
                         &(struct scan_feed_meta){.line_offset = line, .continues = continues});
    buf_release_secret(&b);
    return scan_stream_finish(s, e, e != VG_OK ? out->error : NULL);
}
