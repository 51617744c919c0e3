/*
 * osv_cvss.c - CVSS v3.x base scores from vector strings, severity levels and the
 * ecosystem name tables. Scores are computed per the FIRST CVSS v3.1 specification,
 * section 7 (v3.0 vectors use the same base equations); Roundup is done on integers as
 * the specification's Appendix A recommends, so 9.8 never becomes 9.9 through float error.
 * Temporal and environmental metrics are ignored: OSV severity is a base score.
 */
#include "deps/osv.h"

#include <math.h>
#include <string.h>

static const struct {
    const char *osv;
    const char *file;
} eco_names[OSV_ECO__COUNT] = {
    [OSV_ECO_NPM] = {"npm", "npm.idx"},
    [OSV_ECO_PYPI] = {"PyPI", "pypi.idx"},
};

static const char *const sev_names[] = {
    [OSV_SEV_UNKNOWN] = "unknown", [OSV_SEV_LOW] = "low",           [OSV_SEV_MEDIUM] = "medium",
    [OSV_SEV_HIGH] = "high",       [OSV_SEV_CRITICAL] = "critical",
};

const char *osv_ecosystem_name(enum osv_ecosystem eco)
{
    return eco_names[eco].osv;
}
const char *osv_ecosystem_file(enum osv_ecosystem eco)
{
    return eco_names[eco].file;
}

const char *osv_severity_name(enum osv_severity sev)
{
    return (unsigned)sev <= OSV_SEV_CRITICAL ? sev_names[sev] : "unknown";
}

enum osv_severity osv_severity_from_score10(unsigned score10)
{
    if (score10 >= 90)
        return OSV_SEV_CRITICAL;
    if (score10 >= 70)
        return OSV_SEV_HIGH;
    if (score10 >= 40)
        return OSV_SEV_MEDIUM;
    return OSV_SEV_LOW;
}

/* One base metric: its name and the weight of each letter value. */
struct cvss_metric {
    const char *name;
    const char *letters;
    double weights[4];
};

enum { M_AV, M_AC, M_PR, M_UI, M_S, M_C, M_I, M_A, M__COUNT };

static const struct cvss_metric cvss_metrics[M__COUNT] = {
    [M_AV] = {"AV", "NALP", {0.85, 0.62, 0.55, 0.2}}, [M_AC] = {"AC", "LH", {0.77, 0.44, 0, 0}},
    [M_PR] = {"PR", "NLH", {0.85, 0.62, 0.27, 0}}, /* L and H change when S:C */
    [M_UI] = {"UI", "NR", {0.85, 0.62, 0, 0}},        [M_S] = {"S", "UC", {0, 1, 0, 0}},
    [M_C] = {"C", "HLN", {0.56, 0.22, 0, 0}},         [M_I] = {"I", "HLN", {0.56, 0.22, 0, 0}},
    [M_A] = {"A", "HLN", {0.56, 0.22, 0, 0}},
};

/* CVSS v3.1 Roundup, in tenths: the smallest one-decimal number >= x. */
static unsigned roundup10(double x)
{
    long i = lround(x * 100000.0);
    if (i % 10000 == 0)
        return (unsigned)(i / 10000);
    return (unsigned)(i / 10000 + 1);
}

/* Parse "AV:N/AC:L/..." into value indices; false on unknown values or repeats. */
static bool cvss_read(const char *p, int idx[M__COUNT])
{
    for (int m = 0; m < M__COUNT; m++)
        idx[m] = -1;
    while (*p != '\0') {
        const char *slash = strchr(p, '/');
        size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        if (colon == NULL || (size_t)(colon - p) + 2 != len)
            return false; /* every metric value is one letter */
        size_t nlen = (size_t)(colon - p);
        for (int m = 0; m < M__COUNT; m++) {
            const struct cvss_metric *cm = &cvss_metrics[m];
            if (strlen(cm->name) != nlen || memcmp(cm->name, p, nlen) != 0)
                continue;
            const char *at = strchr(cm->letters, colon[1]);
            if (idx[m] != -1 || at == NULL || colon[1] == '\0')
                return false;
            idx[m] = (int)(at - cm->letters);
        }
        p += len;
        if (*p == '/')
            p++;
    }
    for (int m = 0; m < M__COUNT; m++) {
        if (idx[m] == -1)
            return false;
    }
    return true;
}

bool osv_cvss3_score10(const char *vector, unsigned *score10)
{
    if (vector == NULL ||
        (strncmp(vector, "CVSS:3.0/", 9) != 0 && strncmp(vector, "CVSS:3.1/", 9) != 0))
        return false;
    int v[M__COUNT];
    if (!cvss_read(vector + 9, v))
        return false;
    bool changed = v[M_S] == 1;
    double pr = cvss_metrics[M_PR].weights[v[M_PR]];
    if (changed && v[M_PR] == 1)
        pr = 0.68;
    else if (changed && v[M_PR] == 2)
        pr = 0.5;
    double c = cvss_metrics[M_C].weights[v[M_C]];
    double i = cvss_metrics[M_I].weights[v[M_I]];
    double a = cvss_metrics[M_A].weights[v[M_A]];
    double iss = 1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
    double expl = 8.22 * cvss_metrics[M_AV].weights[v[M_AV]] * cvss_metrics[M_AC].weights[v[M_AC]] *
                  pr * cvss_metrics[M_UI].weights[v[M_UI]];
    if (impact <= 0) {
        *score10 = 0;
        return true;
    }
    double base = changed ? 1.08 * (impact + expl) : impact + expl;
    *score10 = roundup10(base > 10.0 ? 10.0 : base);
    return true;
}
