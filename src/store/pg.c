/* pg.c - placeholder until the PostgreSQL backend lands. */
#include "store/store_internal.h"

static enum vg_err pg_parse_url(const char *url, void **cfg, unsigned *max_conns, char *reason,
                                size_t reason_len)
{
    (void)url;
    (void)cfg;
    (void)max_conns;
    store_reason(reason, reason_len, "postgresql backend not built yet");
    return VG_ERR_INVALID;
}

const struct store_ops store_pg_ops = {.name = "postgresql", .parse_url = pg_parse_url};
