/*
 * err.c - tables derived from VG_ERR_LIST. Nothing here allocates.
 */
#include "util/err.h"

struct err_info {
    const char *name;
    unsigned status;
    const char *code;
    bool retryable;
    const char *message;
};

static const struct err_info err_table[VG_ERR__COUNT] = {
#define VG_ERR_ROW(n, s, c, r, m) [VG_ERR_##n] = {#n, s, c, r, m},
    VG_ERR_LIST(VG_ERR_ROW)
#undef VG_ERR_ROW
};

static const struct err_info *err_info_of(enum vg_err e)
{
    if ((unsigned)e >= VG_ERR__COUNT)
        return &err_table[VG_ERR_INTERNAL];
    return &err_table[e];
}

unsigned err_http_status(enum vg_err e) { return err_info_of(e)->status; }
const char *err_code(enum vg_err e) { return err_info_of(e)->code; }
const char *err_message(enum vg_err e) { return err_info_of(e)->message; }
bool err_retryable(enum vg_err e) { return err_info_of(e)->retryable; }
const char *err_name(enum vg_err e) { return err_info_of(e)->name; }
