/*
 * score.c - scan scores. See docs/scoring.md for the formulas and their reasons.
 */
#include "jobs/score.h"

#include <math.h>

/* How much one finding of each severity takes away, as a fraction of what is left. */
static double severity_weight(enum scan_severity s)
{
    switch (s) {
    case SEV_CRITICAL:
        return 0.55;
    case SEV_HIGH:
        return 0.20;
    case SEV_MEDIUM:
        return 0.07;
    case SEV_LOW:
        return 0.02;
    case SEV_INFO:
        return 0.0;
    }
    return 0.0;
}

static double confidence_factor(enum scan_confidence c)
{
    return c == CONF_HIGH ? 1.0 : c == CONF_MEDIUM ? 0.7 : 0.35;
}

static double round1(double x) { return round(x * 10.0) / 10.0; }

double score_launch_readiness(const struct scan_finding *f, size_t n)
{
    double s = 100.0;
    int blocking = 0;
    for (size_t i = 0; i < n; i++) {
        s *= 1.0 - severity_weight(f[i].severity) * confidence_factor(f[i].confidence);
        if (f[i].severity == SEV_CRITICAL && f[i].confidence != CONF_LOW)
            blocking = 1;
    }
    if (blocking && s > 49.0)
        s = 49.0;
    return round1(s);
}

/* log10(1+x) / log10(1+top), capped at 1: each size measure saturates at `top`. */
static double saturate(double x, double top)
{
    double v = log10(1.0 + x) / log10(1.0 + top);
    return v > 1.0 ? 1.0 : v;
}

double score_complexity(const struct complexity_input *in, const char **label)
{
    double langs = in->languages > 8 ? 1.0 : (double)in->languages / 8.0;
    double c = 25.0 * saturate((double)in->files, 5000.0) +
               35.0 * saturate((double)in->lines, 500000.0) + 20.0 * langs +
               20.0 * saturate((double)in->dependencies, 1000.0);
    c = round1(c);
    *label = c < 25.0 ? "simple" : c < 50.0 ? "moderate" : c < 75.0 ? "complex" : "very_complex";
    return c;
}
