/*
 * hook.c - `vega hook install [REPO]`: write a pre-commit hook that runs
 * `vega scan --staged` so a commit that stages a secret (or anything at or above
 * --fail-on) is stopped. An existing hook that Vega did not write is never overwritten; a
 * Vega hook is rewritten (to pick up a new binary path or options).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "source/source.h"
#include "util/xalloc.h"

#define HOOK_MARKER "# installed by `vega hook install`"
#define HOOK_READ_MAX 65536

static void hook_usage(FILE *out)
{
    fprintf(out, "usage: vega hook install [--fail-on SEVERITY] [REPO]\n\n"
                 "Install a git pre-commit hook in REPO (default: the current directory) that\n"
                 "runs `vega scan --staged` and stops the commit when it finds anything at or\n"
                 "above --fail-on (default high). An existing hook that Vega did not write is\n"
                 "left alone (exit 2). Skip the hook once with `git commit --no-verify`.\n");
}

/* 1: a Vega hook, 0: no hook, -1: someone else's hook (or unreadable). */
static int hook_existing(const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    char buf[HOOK_READ_MAX + 1];
    ssize_t n = read(fd, buf, HOOK_READ_MAX);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return strstr(buf, HOOK_MARKER) != NULL ? 1 : -1;
}

static char *self_path(void)
{
    char p[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", p, sizeof p - 1);
    if (n <= 0)
        return xstrdup("vega");
    p[n] = '\0';
    return xstrdup(p);
}

static int hook_write(const char *dir, const char *file, const char *fail_on)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "vega hook: cannot create %s: %s\n", dir, strerror(errno));
        return 2;
    }
    char *exe = self_path();
    char *tmp = xasprintf("%s.vega-tmp", file);
    FILE *f = fopen(tmp, "w");
    int rc = 2;
    if (f != NULL) {
        fprintf(f,
                "#!/bin/sh\n" HOOK_MARKER "\n"
                "# Scans what is staged for commit; `git commit --no-verify` skips it once.\n"
                "VEGA=\"${VEGA_BIN:-%s}\"\n"
                "[ -x \"$VEGA\" ] || VEGA=vega\n"
                "exec \"$VEGA\" scan --staged --no-progress --fail-on %s\n",
                exe, fail_on);
        if (fclose(f) == 0 && chmod(tmp, 0755) == 0 && rename(tmp, file) == 0)
            rc = 0;
    }
    if (rc != 0) {
        fprintf(stderr, "vega hook: cannot write %s: %s\n", file, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    free(exe);
    return rc;
}

int cmd_hook(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "install") != 0) {
        bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
        hook_usage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    const char *repo = ".", *fail_on = "high";
    for (int i = 2; i < argc; i++) {
        int ignored = 0;
        if (strcmp(argv[i], "--fail-on") == 0 && i + 1 < argc) {
            if (cli_parse_fail_on("vega hook", argv[i + 1], &ignored) != -1)
                return 2;
            fail_on = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0) {
            hook_usage(stdout);
            return 0;
        } else if (argv[i][0] == '-') {
            hook_usage(stderr);
            return 2;
        } else {
            repo = argv[i];
        }
    }
    char err[256];
    char *dir = source_git_hooks_dir(repo, err, sizeof err);
    if (dir == NULL) {
        fprintf(stderr, "vega hook: %s\n", err);
        return 2;
    }
    char *file = xasprintf("%s/pre-commit", dir);
    int rc = 2;
    int have = hook_existing(file);
    if (have < 0)
        fprintf(stderr,
                "vega hook: %s already exists and was not written by Vega; not overwriting it "
                "(add `vega scan --staged` to it yourself)\n",
                file);
    else
        rc = hook_write(dir, file, fail_on);
    if (rc == 0)
        printf("vega hook: %s pre-commit hook at %s\n", have == 1 ? "updated the" : "installed a",
               file);
    free(file);
    free(dir);
    return rc;
}
