/*
 * rules.c - `vega rules list|show|test`: look at the rule pack and test it. The engine
 * does the work (scan/engine.h); this file parses options and prints.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scan/engine.h"

#define RULES_MAX_DIRS 32

struct rules_args {
    const char *dirs[RULES_MAX_DIRS];
    size_t n_dirs;
    bool embedded;
    bool json;
    bool verbose;
};

static void rules_usage(FILE *out)
{
    fprintf(out,
            "usage: vega rules list [--format text|json] [--rules DIR]...\n"
            "       vega rules show ID [--format text|json] [--rules DIR]...\n"
            "       vega rules test [--rules DIR]... [--no-embedded] [-v]\n\n"
            "  --rules DIR      also load the rule files under DIR (repeatable)\n"
            "  --no-embedded    leave out the rules compiled into vega\n"
            "  --format FMT     text (default) or json\n"
            "  -v, --verbose    (test) print every example that passes\n\n"
            "`test` compiles each pattern with Vectorscan and PCRE2 and checks every\n"
            "example (docs/rules.md); it exits 1 and names the rule and example that failed.\n");
}

/* Returns -1 to go on, else an exit status. */
static int rules_parse_args(int argc, char **argv, struct rules_args *a)
{
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'}, {"format", required_argument, NULL, 'f'},
        {"no-embedded", no_argument, NULL, 'E'}, {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    int c;
    a->embedded = true;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:f:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (a->n_dirs == RULES_MAX_DIRS) {
                fprintf(stderr, "vega rules: too many --rules\n");
                return 2;
            }
            a->dirs[a->n_dirs++] = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
                fprintf(stderr, "vega rules: --format is text or json\n");
                return 2;
            }
            a->json = strcmp(optarg, "json") == 0;
            break;
        case 'E':
            a->embedded = false;
            break;
        case 'v':
            a->verbose = true;
            break;
        case 'h':
            rules_usage(stdout);
            return 0;
        default:
            rules_usage(stderr);
            return 2;
        }
    }
    return -1;
}

static json_t *rule_json(const struct scan_rule_info *r, bool full)
{
    json_t *langs = json_array();
    for (size_t i = 0; i < r->n_languages; i++)
        json_array_append_new(langs, json_string(r->languages[i]));
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "id", r->id, "title", r->title, "category",
                          r->category, "severity", scan_severity_name(r->severity), "confidence",
                          scan_confidence_name(r->confidence), "languages", langs);
    if (full) {
        json_t *refs = json_array();
        for (size_t i = 0; i < r->n_references; i++)
            json_array_append_new(refs, json_string(r->references[i]));
        json_object_set_new(o, "description", json_string(r->description));
        json_object_set_new(o, "recommendation", json_string(r->recommendation));
        json_object_set_new(o, "references", refs);
        json_object_set_new(o, "pattern", r->pattern ? json_string(r->pattern) : json_null());
        json_object_set_new(o, "source", json_string(r->source));
    }
    return o;
}

static void print_json(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s != NULL)
        printf("%s\n", s);
    free(s);
    json_decref(v);
}

static int rules_list(const struct scan_engine *eng, const struct rules_args *a)
{
    struct scan_rule_info r;
    json_t *arr = a->json ? json_array() : NULL;
    for (size_t i = 0; scan_engine_rule_info(eng, i, &r); i++) {
        if (arr != NULL)
            json_array_append_new(arr, rule_json(&r, false));
        else
            printf("%-40s %-9s %-8s %-9s %s\n", r.id, scan_severity_name(r.severity),
                   scan_confidence_name(r.confidence), r.category, r.title);
    }
    if (arr != NULL)
        print_json(arr);
    return 0;
}

static int rules_show(const struct scan_engine *eng, const struct rules_args *a, const char *id)
{
    struct scan_rule_info r;
    for (size_t i = 0; scan_engine_rule_info(eng, i, &r); i++) {
        if (strcmp(r.id, id) != 0)
            continue;
        if (a->json) {
            print_json(rule_json(&r, true));
            return 0;
        }
        printf("id:             %s\ntitle:          %s\ncategory:       %s\n"
               "severity:       %s\nconfidence:     %s\nsource:         %s\n"
               "pattern:        %s\n",
               r.id, r.title, r.category, scan_severity_name(r.severity),
               scan_confidence_name(r.confidence), r.source,
               r.pattern ? r.pattern : "(file-level rule)");
        printf("languages:     ");
        for (size_t k = 0; k < r.n_languages; k++)
            printf(" %s", r.languages[k]);
        printf("\ndescription:    %s\nrecommendation: %s\n", r.description, r.recommendation);
        for (size_t k = 0; k < r.n_references; k++)
            printf("reference:      %s\n", r.references[k]);
        return 0;
    }
    fprintf(stderr, "vega rules: no rule '%s'\n", id);
    return 1;
}

int cmd_rules(int argc, char **argv)
{
    struct rules_args a;
    memset(&a, 0, sizeof a);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        rules_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    int rc = rules_parse_args(argc - 1, argv + 1, &a);
    if (rc >= 0)
        return rc;
    char *cache = scan_engine_default_cache_dir();
    struct scan_engine_config cfg = {a.embedded, a.dirs, a.n_dirs, cache};
    if (strcmp(sub, "test") == 0 || (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0)) {
        free(cache);
        if (strcmp(sub, "test") == 0)
            return scan_rules_test(&cfg, stdout, a.verbose) == 0 ? 0 : 1;
        fprintf(stderr, "vega rules: unknown subcommand '%s'\n", sub);
        rules_usage(stderr);
        return 2;
    }
    struct scan_engine *eng = NULL;
    struct buf err = BUF_INIT;
    enum vg_err loaded = scan_engine_load(&cfg, &eng, &err);
    free(cache);
    if (loaded != VG_OK) {
        fprintf(stderr, "vega rules: the rules do not load:\n%s", buf_cstr(&err));
        buf_release(&err);
        return 2;
    }
    buf_release(&err);
    if (strcmp(sub, "list") == 0) {
        rc = rules_list(eng, &a);
    } else if (optind + 1 >= argc) {
        fprintf(stderr, "vega rules show: which rule id?\n");
        rc = 2;
    } else {
        rc = rules_show(eng, &a, argv[optind + 1]);
    }
    scan_engine_free(eng);
    return rc;
}
