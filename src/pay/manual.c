/*
 * manual.c - the manual payment provider (see pay.h): no order, no approval page; an
 * administrator settles the audit with `vega audit mark-paid AUDIT_ID` (cli/audit.c).
 */
#include "pay/pay.h"

#include <string.h>

static enum pay_result manual_create_order(const struct config *cfg, const struct pay_request *req,
                                           struct pay_order *out)
{
    (void)cfg;
    (void)req;
    memset(out, 0, sizeof *out);
    return PAY_OK;
}

static enum pay_result manual_capture(const struct config *cfg, const char *audit_id,
                                      const char *order_id, struct pay_capture *out)
{
    (void)cfg;
    (void)audit_id;
    (void)order_id;
    memset(out, 0, sizeof *out);
    return PAY_PENDING;
}

/* Nothing was charged through Vega: an administrator refunds by hand. */
static enum pay_result manual_refund(const struct config *cfg, const struct pay_refund *req,
                                     char refund_id[PAY_ID_MAX])
{
    (void)cfg;
    (void)req;
    refund_id[0] = '\0';
    return PAY_PENDING;
}

const struct pay_provider pay_manual = {"manual", manual_create_order, manual_capture,
                                        manual_refund};
