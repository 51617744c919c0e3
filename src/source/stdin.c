/*
 * stdin.c - standard input (or any pipe) as text: read to its end in slices of
 * SOURCE_STDIN_SLICE bytes cut after a newline, each fed to the engine with the line
 * offset of its first line, so findings name the line of the whole input. A line longer
 * than a slice is cut where the slice ends. Made for `git log -p | vega scan -`.
 */
#include "source/source.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "scan/stream.h"
#include "util/buf.h"

#define SOURCE_STDIN_SLICE ((size_t)1024 * 1024)
#define SOURCE_STDIN_READ ((size_t)65536)

static unsigned count_nl(const char *p, size_t n)
{
    unsigned c = 0;
    for (const char *q = memchr(p, '\n', n); q != NULL;
         q = memchr(q + 1, '\n', n - (size_t)(q + 1 - p)))
        c++;
    return c;
}

/* Feed buf[0, cut) and keep the rest at the front. */
static void stdin_slice(struct scan_stream *s, const char *name, struct buf *b, size_t cut,
                        unsigned *line)
{
    scan_stream_feed(s, name, b->ptr, cut, &(struct scan_feed_meta){.line_offset = *line});
    *line += count_nl(b->ptr, cut);
    memmove(b->ptr, b->ptr + cut, b->len - cut);
    b->len -= cut;
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
    while (e == VG_OK && !scan_stream_limited(s)) {
        ssize_t got = read(spec->fd, b.ptr + b.len, SOURCE_STDIN_READ);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            e = source_fail(out, VG_ERR_IO, "standard input could not be read");
        if (got <= 0)
            break;
        b.len += (size_t)got;
        if (b.len < SOURCE_STDIN_SLICE)
            continue;
        const char *nl = memrchr(b.ptr, '\n', b.len);
        stdin_slice(s, name, &b, nl != NULL ? (size_t)(nl + 1 - b.ptr) : b.len, &line);
    }
    if (e == VG_OK && b.len > 0)
        stdin_slice(s, name, &b, b.len, &line);
    buf_release_secret(&b);
    return scan_stream_finish(s, e, e != VG_OK ? out->error : NULL);
}
