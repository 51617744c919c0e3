/*
 * advisories.c - `vega advisories import|status`: load OSV advisory data (JSON files,
 * osv.dev ZIP exports, directories of them) into the index that `vega scan` and the
 * workers read, and show what is loaded. The work is in deps/osv_import.c; this file
 * parses options, resolves the data dir (--data-dir, else the user's data dir that
 * `vega scan` reads too: VEGA_DATA_DIR, XDG_DATA_HOME/vega, ~/.local/share/vega) and
 * reports.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "deps/osv.h"
#include "util/fs.h"

static void advisories_usage(FILE *out)
{
    fprintf(out, "usage: vega advisories import [--data-dir DIR] FILE|DIR...\n"
                 "       vega advisories status [--data-dir DIR]\n"
                 "\n"
                 "import  load OSV advisories: JSON files, the per-ecosystem ZIP exports of\n"
                 "        osv.dev (npm/all.zip, PyPI/all.zip) or directories of either.\n"
                 "        Re-importing replaces advisories with the same id. Nothing is\n"
                 "        written unless every input is read without error.\n"
                 "status  what is loaded: advisories and package entries per ecosystem,\n"
                 "        and when they were imported.\n"
                 "\n"
                 "  --data-dir DIR  where the index lives (default $VEGA_DATA_DIR, else\n"
                 "                  $XDG_DATA_HOME/vega, else ~/.local/share/vega: where\n"
                 "                  `vega scan` looks). For a server, give its --data-dir.\n"
                 "  -h, --help      this help\n");
}

/* Parse --data-dir/--help; returns -1 to continue, else the exit status. */
static int parse_opts(int argc, char **argv, const char **data_dir)
{
    static const struct option opts[] = {
        {"data-dir", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 0; /* reinitialise: commands may run more than once in one process (tests) */
    int c;
    while ((c = getopt_long(argc, argv, "hd:", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            *data_dir = optarg;
            break;
        case 'h':
            advisories_usage(stdout);
            return 0;
        default:
            advisories_usage(stderr);
            return 2;
        }
    }
    return -1;
}

static void format_time(uint64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, n, "%llu", (unsigned long long)t);
}

static int advisories_status(const char *data_dir)
{
    printf("advisory data in %s/advisories\n", data_dir);
    int loaded = 0, bad = 0;
    for (int k = 0; k < OSV_ECO__COUNT; k++) {
        char *path = osv_index_path(data_dir, (enum osv_ecosystem)k);
        struct osv_index_info info;
        enum vg_err e = osv_index_stat(path, &info);
        const char *eco = osv_ecosystem_name((enum osv_ecosystem)k);
        if (e == VG_OK) {
            char when[64];
            format_time(info.import_time, when, sizeof(when));
            printf("  %-5s %u advisor%s, %u package entr%s, imported %s\n", eco,
                   info.advisories, info.advisories == 1 ? "y" : "ies", info.entries,
                   info.entries == 1 ? "y" : "ies", when);
            loaded++;
        } else if (e == VG_ERR_NOT_FOUND) {
            printf("  %-5s not loaded\n", eco);
        } else {
            printf("  %-5s unreadable index (%s): re-import to replace it\n", eco, err_name(e));
            bad++;
        }
        free(path);
    }
    if (loaded == 0)
        printf("no advisory data loaded: run `vega advisories import FILE...` with the OSV "
               "exports (https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip, "
               ".../PyPI/all.zip)\n");
    return bad > 0 ? 2 : 0;
}

static int advisories_import(const char *data_dir, int n, char **files)
{
    if (n == 0) {
        fprintf(stderr, "vega advisories import: no input given\n");
        advisories_usage(stderr);
        return 2;
    }
    char err[1024] = "";
    struct osv_import *imp = osv_import_new();
    enum vg_err e = VG_OK;
    for (int i = 0; i < n && e == VG_OK; i++)
        e = osv_import_path(imp, files[i], err, sizeof(err));
    if (e == VG_OK && fs_mkdirs(data_dir, 0700) != 0) {
        snprintf(err, sizeof err, "%s: cannot create: %s", data_dir, strerror(errno));
        e = VG_ERR_IO;
    }
    if (e == VG_OK)
        e = osv_import_commit(imp, data_dir, err, sizeof(err));
    struct osv_import_stats st;
    osv_import_stats_get(imp, &st);
    osv_import_free(imp);
    if (e != VG_OK) {
        fprintf(stderr,
                "vega advisories import: %s\nnothing was imported; the previous "
                "index is unchanged\n",
                err);
        return 2;
    }
    printf("read %zu OSV document%s: %zu npm and %zu PyPI package entries", st.files,
           st.files == 1 ? "" : "s", st.entries[OSV_ECO_NPM], st.entries[OSV_ECO_PYPI]);
    if (st.skipped > 0)
        printf(" (%zu entries of other ecosystems skipped)", st.skipped);
    printf("\n");
    return advisories_status(data_dir);
}

static int advisories_run(const char *sub, const char *data_dir, int rest, char **args)
{
    if (strcmp(sub, "import") == 0)
        return advisories_import(data_dir, rest, args);
    if (strcmp(sub, "status") == 0 && rest == 0)
        return advisories_status(data_dir);
    fprintf(stderr, "vega advisories: unknown subcommand or extra arguments: '%s'\n", sub);
    advisories_usage(stderr);
    return 2;
}

int cmd_advisories(int argc, char **argv)
{
    if (argc < 2) {
        advisories_usage(stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "help") == 0) {
        advisories_usage(stdout);
        return 0;
    }
    const char *data_dir = NULL;
    int rc = parse_opts(argc - 1, argv + 1, &data_dir);
    if (rc >= 0)
        return rc;
    char *own = data_dir == NULL ? cli_user_data_dir() : NULL;
    if (data_dir == NULL && own == NULL) {
        fprintf(stderr, "vega advisories: no home directory: give --data-dir DIR or set "
                        "VEGA_DATA_DIR\n");
        return 2;
    }
    rc = advisories_run(sub, data_dir != NULL ? data_dir : own, argc - 1 - optind,
                        argv + 1 + optind);
    free(own);
    return rc;
}
