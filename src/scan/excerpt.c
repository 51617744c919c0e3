/*
 * excerpt.c - masked code excerpts for reports (see engine.h, scan_mask_excerpt): the
 * engine's own masking (mask.c) applied to a span of a file, so a report can quote code
 * without ever quoting a secret.
 */
#include "scan/engine.h"
#include "scan/engine_int.h"

char *scan_mask_excerpt(const struct scan_engine *eng, const char *data, size_t len,
                        size_t from, size_t to)
{
    struct mask_ctx *m = mask_ctx_new(eng);
    char *out = mask_span(m, data, len, from, to);
    mask_ctx_free(m);
    return out;
}
