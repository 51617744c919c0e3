/*
 * scan.c - `vega scan [options] PATH...`: scan directories, files and archives with the
 * engine (or, through src/source/, a git history, a git index or standard input) and report as text (grouped by severity, coloured on a TTY), JSON or SARIF.
 * Exit status: 0 clean, 1 findings at or above --fail-on, 2 errors (a scan whose input
 * could not be read completely is never reported clean).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "deps/depscan.h"
#include "scan/engine.h"
#include "scan/report.h"
#include "source/source.h"
#include "util/xalloc.h"

#define SCAN_CLI_MAX_DIRS 32
#define SCAN_CLI_PROGRESS_AFTER_S 1.0

struct scan_args {
    struct cli_report rep;
    int fail_on; /* severity, or -1: never */
    const char *dirs[SCAN_CLI_MAX_DIRS];
    size_t n_dirs;
    const char *baseline;
    const char *fp_key;
    const char *data_dir;
    bool progress;
    struct scan_options opt;
    struct source_spec git; /* --history / --staged: the git source's choices */
    bool history;
};

static void scan_usage(FILE *out)
{
    fprintf(out, "usage: vega scan [options] PATH...\n"
                 "       vega scan --history [--since REV] [--branch NAME] [--all-refs] REPO\n"
                 "       vega scan --staged [REPO]\n"
                 "       vega scan -\n\n"
                 "Scan directories, files and archives (.zip, .tar, .tar.gz) for secrets and\n"
                 "risky code. Exit 0 clean, 1 findings at or above --fail-on, 2 errors.\n\n"
                 "  --history              scan every commit of a git repository (each blob\n"
                 "                         once); findings name the commit that introduced them\n"
                 "  --since REV            --history: only commits after REV\n"
                 "  --branch NAME          --history: this branch instead of HEAD\n"
                 "  --all-refs             --history: every branch, tag and remote ref\n"
                 "  --staged               scan what is staged for the next commit (files of\n"
                 "                         the index that HEAD does not have); REPO defaults\n"
                 "                         to the current directory\n"
                 "  -                      as PATH: scan standard input (`git log -p | vega scan -`)\n"
                 "  --format FMT           text (default), json or sarif\n"
                 "  -o, --output FILE      write the report to FILE instead of stdout (the\n"
                 "                         one-line summary still goes to stderr)\n"
                 "  -v, --verbose          text: also print each finding's recommendation\n"
                 "  -q, --quiet            print only the one-line summary (no findings list,\n"
                 "                         progress or notes; warnings and errors still show)\n"
                 "  --fail-on SEVERITY     critical|high|medium|low|info|never (default high)\n"
                 "  --rules DIR            also load the rules under DIR (repeatable)\n"
                 "  -j N                   worker threads (default: number of CPUs)\n"
                 "  --max-file-size SIZE   skip bigger files (default 64M; K, M, G suffixes)\n"
                 "  --no-default-ignores   also scan node_modules, .git, vendor, caches, and run\n"
                 "                         code checks on build output (dist, .next, ...)\n"
                 "  --no-vegaignore        do not read .vegaignore at the scanned root\n"
                 "  --baseline FILE        report only findings not in this earlier JSON report\n"
                 "  --fingerprint-key KEY  key for fingerprints (also VEGA_FINGERPRINT_KEY);\n"
                 "                         default: the documented fixed CLI key\n"
                 "  --no-progress          no progress line on stderr\n"
                 "  --data-dir DIR         where `vega advisories import` put the advisory\n"
                 "                         index (default $VEGA_DATA_DIR, else\n"
                 "                         $XDG_DATA_HOME/vega, else ~/.local/share/vega)\n");
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || s[0] == '-')
        return false;
    uint64_t mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1024 * 1024, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1024ull * 1024 * 1024, end++;
    if (*end != '\0' || v > UINT64_MAX / mul)
        return false;
    *out = v * mul;
    return true;
}

static int parse_opt(int c, struct scan_args *a)
{
    uint64_t n = 0;
    int rc;
    if (cli_report_opt("vega scan", c, optarg, &a->rep, &rc)) {
        a->progress = a->progress && !a->rep.quiet;
        return rc;
    }
    switch (c) {
    case 'f':
        return cli_parse_fail_on("vega scan", optarg, &a->fail_on);
    case 'r':
        if (a->n_dirs == SCAN_CLI_MAX_DIRS)
            return fprintf(stderr, "vega scan: too many --rules\n"), 2;
        a->dirs[a->n_dirs++] = optarg;
        return -1;
    case 'j':
        if (!parse_size(optarg, &n) || n == 0 || n > 256)
            return fprintf(stderr, "vega scan: -j takes a number from 1 to 256\n"), 2;
        a->opt.threads = (unsigned)n;
        return -1;
    case 'm':
        if (!parse_size(optarg, &n) || n == 0)
            return fprintf(stderr, "vega scan: bad --max-file-size '%s'\n", optarg), 2;
        a->opt.max_file_size = n;
        return -1;
    case 'I':
        a->opt.default_ignores = false;
        return -1;
    case 'V':
        a->opt.use_vegaignore = false;
        return -1;
    case 'b':
        a->baseline = optarg;
        return -1;
    case 'k':
        a->fp_key = optarg;
        return -1;
    case 'D':
        a->data_dir = optarg;
        return -1;
    case 'P':
        a->progress = false;
        return -1;
    case 'H':
        a->history = true;
        return -1;
    case 'S':
        a->git.since = optarg;
        return -1;
    case 'B':
        a->git.branch = optarg;
        return -1;
    case 'A':
        a->git.all_refs = true;
        return -1;
    case 'T':
        a->git.staged = true;
        return -1;
    case 'h':
        scan_usage(stdout);
        return 0;
    default:
        scan_usage(stderr);
        return 2;
    }
}

static int scan_parse_args(int argc, char **argv, struct scan_args *a)
{
    static const struct option longopts[] = {CLI_REPORT_LONGOPTS,
                                             {"fail-on", required_argument, NULL, 'f'},
                                             {"rules", required_argument, NULL, 'r'},
                                             {"max-file-size", required_argument, NULL, 'm'},
                                             {"no-default-ignores", no_argument, NULL, 'I'},
                                             {"no-vegaignore", no_argument, NULL, 'V'},
                                             {"baseline", required_argument, NULL, 'b'},
                                             {"fingerprint-key", required_argument, NULL, 'k'},
                                             {"no-progress", no_argument, NULL, 'P'},
                                             {"data-dir", required_argument, NULL, 'D'},
                                             {"history", no_argument, NULL, 'H'},
                                             {"since", required_argument, NULL, 'S'},
                                             {"branch", required_argument, NULL, 'B'},
                                             {"all-refs", no_argument, NULL, 'A'},
                                             {"staged", no_argument, NULL, 'T'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_REPORT_SHORTOPTS "j:h", longopts, NULL)) != -1) {
        int rc = parse_opt(c, a);
        if (rc >= 0)
            return rc;
    }
    bool history_opts = a->git.since != NULL || a->git.branch != NULL || a->git.all_refs;
    if (history_opts && !a->history)
        return fprintf(stderr, "vega scan: --since, --branch and --all-refs need --history\n"), 2;
    if (a->history && a->git.staged)
        return fprintf(stderr, "vega scan: --history and --staged do not go together\n"), 2;
    if (optind >= argc && !a->git.staged) {
        fprintf(stderr, "vega scan: which PATH?\n\n");
        scan_usage(stderr);
        return 2;
    }
    return -1;
}

struct progress {
    struct timespec start;
    bool shown;
};

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_progress(void *ctx, const struct scan_stats *s)
{
    struct progress *p = ctx;
    if (elapsed(&p->start) < SCAN_CLI_PROGRESS_AFTER_S)
        return;
    p->shown = true;
    char size[32];
    cli_format_size(s->included_bytes, size, sizeof size);
    fprintf(stderr, "\r\033[Kscanning: %llu files, %s scanned, %llu ignored",
            (unsigned long long)s->included_files, size, (unsigned long long)s->ignored_files);
    fflush(stderr);
}

static void on_warn(void *ctx, const char *message)
{
    struct progress *p = ctx;
    if (p->shown)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "vega scan: warning: %s\n", message);
}

/* One PATH: a git repository (--history, --staged), standard input ("-"), or a path. */
static enum vg_err scan_one(struct scan_args *a, const struct scan_engine *eng, const char *path,
                            struct scan_result *res)
{
    if (!a->history && !a->git.staged && strcmp(path, "-") != 0)
        return scan_path(eng, path, &a->opt, res);
    struct source_spec spec = a->git;
    struct source_outcome so;
    if (strcmp(path, "-") == 0 && !a->history && !a->git.staged) {
        spec.kind = SOURCE_STDIN;
        spec.fd = STDIN_FILENO;
    } else {
        spec.kind = SOURCE_GIT;
        spec.repo_path = path;
    }
    enum vg_err e = source_scan(&spec, eng, &a->opt, res, &so);
    if (e != VG_OK && e != VG_ERR_TOO_LARGE && so.error[0] != '\0' && res->error == NULL)
        res->error = xstrdup(so.error);
    else if (a->history && !a->rep.quiet)
        fprintf(stderr, "vega scan: %s: %llu commit%s, %llu unique blob%s scanned\n", path,
                (unsigned long long)so.commits, so.commits == 1 ? "" : "s",
                (unsigned long long)so.blobs, so.blobs == 1 ? "" : "s");
    return e;
}

static int run_scan(struct scan_args *a, int argc, char **argv)
{
    char *cache = scan_engine_default_cache_dir();
    struct scan_engine_config cfg = {true, a->dirs, a->n_dirs, cache};
    struct scan_engine *eng = NULL;
    struct buf err = BUF_INIT;
    enum vg_err loaded = scan_engine_load(&cfg, &eng, &err);
    free(cache);
    if (loaded != VG_OK) {
        fprintf(stderr, "vega scan: the rules do not load:\n%s", buf_cstr(&err));
        buf_release(&err);
        return 2;
    }
    buf_release(&err);
    char **fps = NULL;
    size_t n_fps = 0;
    if (a->baseline != NULL && report_baseline_load(a->baseline, &fps, &n_fps) != VG_OK) {
        fprintf(stderr, "vega scan: %s is not a readable vega JSON report\n", a->baseline);
        scan_engine_free(eng);
        return 2;
    }
    a->opt.baseline_fingerprints = (const char *const *)fps;
    a->opt.n_baseline = n_fps;
    struct progress prog;
    clock_gettime(CLOCK_MONOTONIC, &prog.start);
    prog.shown = false;
    if (a->progress && isatty(STDERR_FILENO)) {
        a->opt.progress = on_progress;
        a->opt.progress_ctx = &prog;
    }
    a->opt.warn = on_warn;
    a->opt.warn_ctx = &prog;
    struct deps_db *db = NULL;
    if (a->data_dir != NULL && deps_db_open(a->data_dir, &db) != VG_OK) {
        fprintf(stderr,
                "vega scan: the advisory index under %s/advisories is unreadable; run "
                "`vega advisories import` again\n",
                a->data_dir);
        report_baseline_free(fps, n_fps);
        scan_engine_free(eng);
        return 2;
    }
    struct depscan *deps = depscan_new(db);
    depscan_attach(deps, &a->opt);
    struct scan_result res = SCAN_RESULT_INIT;
    enum vg_err worst = VG_OK;
    if (a->git.staged && optind >= argc)
        worst = scan_one(a, eng, ".", &res);
    for (int i = optind; i < argc; i++) {
        enum vg_err e = scan_one(a, eng, argv[i], &res);
        if (e != VG_OK && (worst == VG_OK || worst == VG_ERR_TOO_LARGE))
            worst = e;
    }
    depscan_finish(deps, &res);
    if (prog.shown)
        fputs("\r\033[K", stderr);
    if (depscan_manifest_count(deps) > 0 && deps_db_is_empty(db) && !a->rep.quiet)
        fprintf(stderr, "vega scan: note: %s\n", DEPS_EMPTY_NOTE);
    int rc = cli_write_report("vega scan", &a->rep, &res, eng);
    /* The report went to a file: the terminal still gets the one-line summary. */
    if (rc == 0 && a->rep.output != NULL)
        cli_report_summary(&res, stderr);
    if (res.error != NULL)
        fprintf(stderr, "vega scan: %s\n", res.error);
    if (rc == 0)
        rc = cli_fails(&res, a->fail_on) ? 1 : 0;
    /* Incomplete input is never clean; a failed input is an error even with findings. */
    if (worst == VG_ERR_TOO_LARGE || worst == VG_ERR_IO)
        rc = rc == 1 ? 1 : 2;
    else if (worst != VG_OK)
        rc = 2;
    scan_result_release(&res);
    depscan_free(deps);
    deps_db_free(db);
    report_baseline_free(fps, n_fps);
    scan_engine_free(eng);
    return rc;
}

int cmd_scan(int argc, char **argv)
{
    struct scan_args a;
    memset(&a, 0, sizeof a);
    a.fail_on = SEV_HIGH;
    a.progress = true;
    scan_options_init(&a.opt);
    int rc = scan_parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char *own_dir = a.data_dir == NULL ? cli_user_data_dir() : NULL;
    if (a.data_dir == NULL)
        a.data_dir = own_dir; /* NULL without a home: no advisories, said like an empty index */
    const char *key = a.fp_key != NULL ? a.fp_key : getenv("VEGA_FINGERPRINT_KEY");
    if (key != NULL && key[0] != '\0') {
        a.opt.fingerprint_key = (const unsigned char *)key;
        a.opt.fingerprint_key_len = strlen(key);
    }
    rc = run_scan(&a, argc, argv);
    free(own_dir);
    return rc;
}
