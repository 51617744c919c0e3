/*
 * score.h - the scores of a completed scan (formulas documented in docs/scoring.md):
 * launch readiness (0-100, higher is better) from findings by severity and confidence,
 * and complexity (0-100 with a label) from the size of the code base. Pure functions.
 */
#ifndef VG_JOBS_SCORE_H
#define VG_JOBS_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "scan/engine.h"

/* 0..100, one decimal. A critical finding of medium or high confidence caps it at 49. */
double score_launch_readiness(const struct scan_finding *f, size_t n);

struct complexity_input {
    uint64_t files, lines;
    unsigned languages;
    uint64_t dependencies;
};

/* 0..100, one decimal; *label is static: simple, moderate, complex or very_complex. */
double score_complexity(const struct complexity_input *in, const char **label);

#endif
