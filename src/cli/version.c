/*
 * version.c - `vega version`.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/version.h"

int cmd_version(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: vega version\n\nPrint the version of this build.\n");
        return 0;
    }
    printf("vega %s\n", VEGA_VERSION);
    return 0;
}
