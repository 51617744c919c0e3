/*
 * fuzz_rules.c - libFuzzer target over rule files: YAML parsing and validation, then (for
 * inputs that parse) compilation into an engine and a scan of the examples.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scan/engine_int.h"
#include "scan/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rule_set set = {NULL, 0, 0};
    struct buf errors = BUF_INIT;
    buf_init(&errors, 1 << 16);
    size_t problems = rules_parse(&set, "fuzz.yaml", (const char *)data, size, &errors);
    struct scan_engine *eng = NULL;
    if (problems == 0 && set.n > 0 && engine_from_set(&set, NULL, &eng, &errors) == VG_OK) {
        struct scan_options opt;
        scan_options_init(&opt);
        opt.threads = 1;
        for (size_t i = 0; i < eng->set.n; i++) {
            for (size_t k = 0; k < eng->set.rules[i].n_examples; k++) {
                const struct rule_example *ex = &eng->set.rules[i].examples[k];
                struct scan_result res = SCAN_RESULT_INIT;
                (void)scan_buffer(eng, ex->path, ex->content, strlen(ex->content), &opt, &res);
                scan_result_release(&res);
            }
        }
    }
    scan_engine_free(eng);
    rules_release(&set);
    buf_release(&errors);
    return 0;
}
