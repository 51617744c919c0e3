/*
 * pay.h - payment providers behind one interface (a static table, like the job kinds):
 *
 *   paypal  PayPal Orders v2 (paypal.c): OAuth2 client credentials, create an order
 *           (intent CAPTURE) whose approve link the buyer follows, capture it once
 *           approved. Used when --paypal-client-id and --paypal-client-secret are both set.
 *   manual  self-hosting without a payment provider (manual.c): the audit waits until an
 *           administrator runs `vega audit mark-paid AUDIT_ID`; capture never settles it.
 *
 * Refunds: a paid audit that fails for good is refunded in full (paypal: a refund of the
 * capture, PayPal-Request-Id refund-{audit}; manual: by an administrator).
 *
 * Idempotency: both calls carry a PayPal-Request-Id derived from the audit id, so a retry
 * after a lost answer (a timeout, a dropped connection) replays PayPal's first answer
 * instead of creating a second order or charging twice; a capture answered
 * ORDER_ALREADY_CAPTURED is read back from the order. The caller verifies the captured
 * amount and currency against its quote (pay_capture_matches).
 *
 * Credentials and access tokens never appear in logs or in messages.
 */
#ifndef VG_PAY_PAY_H
#define VG_PAY_PAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/config.h"

#define PAY_ID_MAX 128
#define PAY_URL_MAX 1024
#define PAY_CONNECT_TIMEOUT_S 10L
#define PAY_TIMEOUT_S 30L
#define PAY_JSON_MAX ((size_t)256 * 1024)

enum pay_result {
    PAY_OK,          /* done (order created / payment captured) */
    PAY_PENDING,     /* the buyer has not approved yet (or, manual: an admin must) */
    PAY_DECLINED,    /* the buyer's instrument was declined: the order is dead */
    PAY_UNAVAILABLE, /* the provider is unreachable or failed (5xx): retry later */
    PAY_ERROR,       /* refused our request or answered nonsense (configuration) */
};

/* What to charge: the audit (its id makes the idempotency keys), the amount, the buyer's
 * return and cancel pages. All borrowed. */
struct pay_request {
    const char *audit_id;
    const char *description;
    int64_t amount_cents;
    const char *currency;
    const char *return_url;
    const char *cancel_url;
};

struct pay_order {
    char id[PAY_ID_MAX];           /* "" for manual */
    char approve_url[PAY_URL_MAX]; /* "" for manual */
};

struct pay_capture {
    char id[PAY_ID_MAX];
    int64_t amount_cents;
    char currency[8];
};

/* A refund of a whole capture (a paid audit that failed for good). Borrowed. */
struct pay_refund {
    const char *audit_id; /* makes the idempotency key */
    const char *capture_id;
    int64_t amount_cents;
    const char *currency;
};

struct pay_provider {
    const char *name;
    enum pay_result (*create_order)(const struct config *cfg, const struct pay_request *req,
                                    struct pay_order *out);
    enum pay_result (*capture)(const struct config *cfg, const char *audit_id,
                               const char *order_id, struct pay_capture *out);
    /* PAY_OK with the provider's refund id (also when the capture was already refunded);
     * PAY_PENDING: the provider cannot refund (manual: an administrator does). */
    enum pay_result (*refund)(const struct config *cfg, const struct pay_refund *req,
                              char refund_id[PAY_ID_MAX]);
};

/* The provider the configuration selects (paypal with both credentials, else manual). */
const struct pay_provider *pay_provider_for(const struct config *cfg);
/* The provider named name ("paypal", "manual"), or NULL. */
const struct pay_provider *pay_provider_find(const char *name);

/* Whether a capture is for exactly amount_cents in currency. */
bool pay_capture_matches(const struct pay_capture *c, int64_t amount_cents,
                         const char *currency);

/* "149.00" for 14900 (two-decimal currencies). */
void pay_amount_format(int64_t cents, char out[32]);
/* Parse "149.00" / "149.5" / "149" into cents; false when malformed. */
bool pay_amount_parse(const char *s, int64_t *cents);

/* The two providers (pay.c's table holds them). */
extern const struct pay_provider pay_paypal;
extern const struct pay_provider pay_manual;

#endif
