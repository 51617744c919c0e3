/*
 * user.c - `vega user add|verify|list|set-admin`: account administration from the
 * shell, against the same configuration as `vega serve`.
 */
#include <stdio.h>
#include <string.h>

#include "app/users.h"
#include "cli/cli.h"
#include "cli/setup.h"
#include "store/users.h"

static const char user_usage[] =
    "usage: vega user add --email E --password P [--verified] [--admin] [options]\n"
    "       vega user verify --email E [options]\n"
    "       vega user set-admin --email E [--off] [options]\n"
    "       vega user list [options]\n\n"
    "Manage user accounts in the database given by --database-url.\n";

struct user_args {
    const char *email;
    const char *password;
    int verified, admin, off;
};

static int user_parse(int argc, char **argv, struct user_args *a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if ((strcmp(s, "--email") == 0 || strcmp(s, "--password") == 0) && i + 1 < argc) {
            if (s[2] == 'e')
                a->email = argv[++i];
            else
                a->password = argv[++i];
        } else if (strncmp(s, "--email=", 8) == 0) {
            a->email = s + 8;
        } else if (strncmp(s, "--password=", 11) == 0) {
            a->password = s + 11;
        } else if (strcmp(s, "--verified") == 0) {
            a->verified = 1;
        } else if (strcmp(s, "--admin") == 0) {
            a->admin = 1;
        } else if (strcmp(s, "--off") == 0) {
            a->off = 1;
        } else {
            fprintf(stderr, "vega user: unknown argument '%s' (see --help)\n", s);
            return -1;
        }
    }
    return 0;
}

static int user_list(struct app *app)
{
    struct store_user_list users;
    if (store_users_all(app->store, &users) != VG_OK) {
        fprintf(stderr, "vega user list: query failed\n");
        return 2;
    }
    printf("%-40s %-9s %-6s %s\n", "EMAIL", "VERIFIED", "ADMIN", "ID");
    for (size_t i = 0; i < users.n; i++)
        printf("%-40s %-9s %-6s %s\n", users.items[i].email,
               users.items[i].email_verified ? "yes" : "no",
               users.items[i].is_admin ? "yes" : "no", users.items[i].id);
    store_user_list_release(&users);
    return 0;
}

static int user_report(enum vg_err e, const char *what, const char *email)
{
    if (e == VG_OK) {
        printf("%s: %s\n", what, email);
        return 0;
    }
    const char *why = e == VG_ERR_CONFLICT    ? "a user with this email already exists"
                      : e == VG_ERR_NOT_FOUND ? "no such user"
                      : e == VG_ERR_INVALID   ? "invalid email, or password under 8 characters"
                                              : "database error";
    fprintf(stderr, "vega user: %s: %s\n", email, why);
    return e == VG_ERR_CONFLICT || e == VG_ERR_NOT_FOUND || e == VG_ERR_INVALID ? 1 : 2;
}

int cmd_user(int argc, char **argv)
{
    struct app app;
    int rc = cli_setup(&app, &argc, argv, user_usage, cli_store_options);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    rc = 2;
    struct user_args a;
    const char *sub = argc > 1 ? argv[1] : "";
    if (user_parse(argc, argv, &a) != 0)
        goto out;
    if (strcmp(sub, "list") != 0 && a.email == NULL) {
        fprintf(stderr, "vega user %s: --email is required (see --help)\n", sub);
        goto out;
    }
    if (strcmp(sub, "add") == 0 && a.password == NULL) {
        fprintf(stderr, "vega user add: --password is required\n");
        goto out;
    }
    if (strcmp(sub, "add") != 0 && strcmp(sub, "verify") != 0 && strcmp(sub, "list") != 0 &&
        strcmp(sub, "set-admin") != 0) {
        fprintf(stderr, "vega user: unknown subcommand '%s' (add, verify, list, set-admin)\n",
                sub);
        goto out;
    }
    if (app_open_store(&app, 1) != 0)
        goto out;
    if (strcmp(sub, "list") == 0)
        rc = user_list(&app);
    else if (strcmp(sub, "add") == 0)
        rc = user_report(users_create(app.store, a.email, a.password, a.verified, a.admin, NULL),
                         "created", a.email);
    else if (strcmp(sub, "verify") == 0)
        rc = user_report(users_set_flag(app.store, a.email, "email_verified", true), "verified",
                         a.email);
    else
        rc = user_report(users_set_flag(app.store, a.email, "is_admin", !a.off),
                         a.off ? "admin removed" : "admin", a.email);
out:
    app_close(&app);
    return rc;
}
