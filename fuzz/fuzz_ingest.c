/*
 * fuzz_ingest.c - libFuzzer target over archive ingest and the engine: the input is read
 * as an archive stream (in small chunks) and, separately, scanned as one file. Rules: the
 * embedded pack plus tests/scan/rules (VEGA_FUZZ_RULES overrides the directory).
 */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "scan/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
    const uint8_t *data;
    size_t len, pos;
};

static ssize_t mem_read(void *ctx, const void **out)
{
    struct mem *m = ctx;
    size_t n = m->len - m->pos < 4096 ? m->len - m->pos : 4096;
    *out = m->data + m->pos;
    m->pos += n;
    return (ssize_t)n;
}

static struct scan_engine *engine(void)
{
    static struct scan_engine *eng;
    if (eng == NULL) {
        const char *dir = getenv("VEGA_FUZZ_RULES");
        const char *dirs[] = {dir != NULL ? dir : "tests/scan/rules"};
        struct scan_engine_config cfg = {true, dirs, 1, NULL};
        if (sodium_init() < 0 || scan_engine_load(&cfg, &eng, NULL) != VG_OK)
            abort();
    }
    return eng;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scan_engine *eng = engine();
    struct scan_options opt;
    scan_options_init(&opt);
    opt.threads = 1;
    opt.max_total_bytes = 4u << 20;
    opt.max_file_size = 1u << 20;
    opt.max_entries = 10000;
    struct mem m = {data, size, 0};
    struct scan_result res = SCAN_RESULT_INIT;
    (void)scan_archive_stream(eng, mem_read, &m, &opt, &res);
    scan_result_release(&res);
    (void)scan_buffer(eng, "src/fuzz.ts", data, size, &opt, &res);
    scan_result_release(&res);
    return 0;
}
