/*
 * datadir.c - where the user's own commands (`vega scan`, `vega advisories`) keep their
 * data when --data-dir is not given: the same place for both, whatever the working
 * directory, so an import is seen by every later scan. Servers keep --data-dir (./var).
 */
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/xalloc.h"

char *cli_user_data_dir(void)
{
    const char *env = getenv("VEGA_DATA_DIR");
    if (env != NULL && env[0] != '\0')
        return xstrdup(env);
    /* The XDG base directory spec: a relative XDG_DATA_HOME is invalid and ignored. */
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg != NULL && xdg[0] == '/')
        return xasprintf("%s/vega", xdg);
    const char *home = getenv("HOME");
    if (home == NULL || home[0] != '/') {
        struct passwd *pw = getpwuid(getuid());
        home = pw != NULL ? pw->pw_dir : NULL;
    }
    return home != NULL && home[0] == '/' ? xasprintf("%s/.local/share/vega", home) : NULL;
}
