/*
 * pay.c - the provider table and amount helpers (see pay.h).
 */
#include "pay/pay.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const struct pay_provider *const pay_providers[] = {&pay_paypal, &pay_manual};

const struct pay_provider *pay_provider_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof pay_providers / sizeof pay_providers[0]; i++) {
        if (strcmp(pay_providers[i]->name, name) == 0)
            return pay_providers[i];
    }
    return NULL;
}

const struct pay_provider *pay_provider_for(const struct config *cfg)
{
    bool paypal = cfg->paypal_client_id != NULL && cfg->paypal_client_secret != NULL;
    return paypal ? &pay_paypal : &pay_manual;
}

bool pay_capture_matches(const struct pay_capture *c, int64_t amount_cents, const char *currency)
{
    return c->amount_cents == amount_cents && strcmp(c->currency, currency) == 0;
}

void pay_amount_format(int64_t cents, char out[32])
{
    snprintf(out, 32, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
}

bool pay_amount_parse(const char *s, int64_t *cents)
{
    int64_t units = 0, frac = 0;
    size_t i = 0, digits = 0;
    if (s == NULL)
        return false;
    for (; isdigit((unsigned char)s[i]) && digits < 12; i++, digits++)
        units = units * 10 + (s[i] - '0');
    if (digits == 0)
        return false;
    if (s[i] == '.') {
        i++;
        size_t f = 0;
        for (; isdigit((unsigned char)s[i]) && f < 2; i++, f++)
            frac = frac * 10 + (s[i] - '0');
        if (f == 0)
            return false;
        if (f == 1)
            frac *= 10;
    }
    if (s[i] != '\0')
        return false;
    *cents = units * 100 + frac;
    return true;
}
