/*
 * paypal.c - the PayPal Orders v2 provider (see pay.h). Calls, on cfg->paypal_api_url:
 *
 *   POST /v1/oauth2/token                   Basic client_id:secret,
 *                                           grant_type=client_credentials -> access_token
 *   POST /v2/checkout/orders                Bearer, PayPal-Request-Id order-{audit}
 *                                           -> {id, links: [{rel: payer-action|approve}]}
 *   POST /v2/checkout/orders/{id}/capture   Bearer, PayPal-Request-Id capture-{audit}
 *                                           -> {status, purchase_units[0].payments.captures}
 *   GET  /v2/checkout/orders/{id}           Bearer: read back an already captured order
 *   POST /v2/payments/captures/{id}/refund  Bearer, PayPal-Request-Id refund-{audit},
 *                                           {amount} -> {id, status}
 *
 * Errors PayPal names in a 422 body: ORDER_NOT_APPROVED (pending), INSTRUMENT_DECLINED and
 * friends (declined), ORDER_ALREADY_CAPTURED (read the order back). Transport failures and
 * 5xx are PAY_UNAVAILABLE; other 4xx are PAY_ERROR (logged with PayPal's debug id only).
 */
#include "pay/pay.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/version.h"
#include "util/xalloc.h"

struct pp_call {
    const char *method; /* GET | POST */
    const char *path;
    const char *bearer;       /* NULL: Basic client credentials */
    const char *request_id;   /* PayPal-Request-Id, may be NULL */
    const char *body;         /* may be NULL */
    const char *content_type; /* of body */
};

static size_t pp_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    return buf_append(ud, ptr, size * nmemb) == VG_OK ? size * nmemb : 0;
}

/* One call. PAY_OK with *status and *json (NULL when the body is not JSON; caller decrefs),
 * PAY_UNAVAILABLE when PayPal could not be reached or did not answer. */
static enum pay_result pp_call(const struct config *cfg, const struct pp_call *c, long *status,
                               json_t **json)
{
    *json = NULL;
    *status = 0;
    CURL *h = curl_easy_init();
    if (h == NULL)
        return PAY_UNAVAILABLE;
    struct curl_slist *hdrs = NULL;
    char *url = xasprintf("%s%s", cfg->paypal_api_url, c->path);
    char line[256];
    struct buf b = BUF_INIT;
    buf_init(&b, PAY_JSON_MAX);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (c->body != NULL) {
        snprintf(line, sizeof line, "Content-Type: %s", c->content_type);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (c->request_id != NULL) {
        snprintf(line, sizeof line, "PayPal-Request-Id: %s", c->request_id);
        hdrs = curl_slist_append(hdrs, line);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "vega/" VEGA_VERSION);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, PAY_CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, PAY_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, pp_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (c->bearer != NULL) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
        curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, c->bearer);
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, cfg->paypal_client_id);
        curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->paypal_client_secret);
    }
    if (strcmp(c->method, "POST") == 0)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, c->body ? c->body : "");
    enum pay_result res = PAY_OK;
    CURLcode cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        log_msg(LOG_WARN, "paypal_call_failed", "path", c->path, "error", curl_easy_strerror(cc),
                NULL);
        res = PAY_UNAVAILABLE;
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
        *json = json_loadb(buf_cstr(&b), b.len, 0, NULL);
        if (*status >= 500) {
            log_msg(LOG_WARN, "paypal_unavailable", "path", c->path, NULL);
            res = PAY_UNAVAILABLE;
        }
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    buf_release_secret(&b); /* the token answer passes through here */
    free(url);
    if (res != PAY_OK) {
        json_decref(*json);
        *json = NULL;
    }
    return res;
}

/* The "name" of PayPal's error body, or its first detail's "issue". */
static const char *pp_issue(const json_t *j)
{
    const char *issue = json_string_value(
        json_object_get(json_array_get(json_object_get(j, "details"), 0), "issue"));
    return issue ? issue : json_string_value(json_object_get(j, "name"));
}

static void pp_log_refusal(const char *what, long status, const json_t *j)
{
    char st[16];
    snprintf(st, sizeof st, "%ld", status);
    const char *issue = pp_issue(j), *debug = json_string_value(json_object_get(j, "debug_id"));
    log_msg(LOG_WARN, "paypal_refused", "call", what, "status", st, "issue", issue ? issue : "",
            "debug_id", debug ? debug : "", NULL);
}

/* An access token (client credentials) into tok (wipe it after use). */
static enum pay_result pp_token(const struct config *cfg, struct buf *tok)
{
    struct pp_call c = {"POST", "/v1/oauth2/token", NULL, NULL, "grant_type=client_credentials",
                        "application/x-www-form-urlencoded"};
    long status = 0;
    json_t *j = NULL;
    enum pay_result r = pp_call(cfg, &c, &status, &j);
    if (r != PAY_OK)
        return r;
    const char *t = json_string_value(json_object_get(j, "access_token"));
    if (status != 200 || t == NULL || buf_append_str(tok, t) != VG_OK) {
        pp_log_refusal("oauth2/token", status, j);
        r = PAY_ERROR;
    }
    json_decref(j);
    return r;
}

/* An access token into tok (released again when this fails). */
static enum pay_result pp_bearer(const struct config *cfg, struct buf *tok)
{
    buf_init(tok, 4096);
    enum pay_result r = pp_token(cfg, tok);
    if (r != PAY_OK)
        buf_release_secret(tok);
    return r;
}

/* POST body (taken) as JSON with the bearer token and a PayPal-Request-Id. */
static enum pay_result pp_post_json(const struct config *cfg, struct buf *tok, const char *path,
                                    const char *request_id, json_t *body, long *status,
                                    json_t **out)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct pp_call c = {"POST", path, buf_cstr(tok), request_id, text, "application/json"};
    enum pay_result r = pp_call(cfg, &c, status, out);
    free(text);
    return r;
}

static enum pay_result paypal_create_order(const struct config *cfg,
                                           const struct pay_request *req, struct pay_order *out)
{
    memset(out, 0, sizeof *out);
    struct buf tok = BUF_INIT;
    enum pay_result r = pp_bearer(cfg, &tok);
    if (r != PAY_OK)
        return r;
    char value[32], rid[96];
    pay_amount_format(req->amount_cents, value);
    snprintf(rid, sizeof rid, "order-%s", req->audit_id);
    json_t *body = json_pack(
        "{s:s,s:[{s:s,s:s,s:s,s:{s:s,s:s}}],s:{s:{s:{s:s,s:s,s:s,s:s}}}}", "intent", "CAPTURE",
        "purchase_units", "reference_id", req->audit_id, "custom_id", req->audit_id,
        "description", req->description, "amount", "currency_code", req->currency, "value",
        value, "payment_source", "paypal", "experience_context", "return_url", req->return_url,
        "cancel_url", req->cancel_url, "user_action", "PAY_NOW", "shipping_preference",
        "NO_SHIPPING");
    long status = 0;
    json_t *j = NULL;
    r = pp_post_json(cfg, &tok, "/v2/checkout/orders", rid, body, &status, &j);
    buf_release_secret(&tok);
    if (r != PAY_OK)
        return r;
    const char *id = json_string_value(json_object_get(j, "id"));
    size_t i;
    json_t *link;
    json_array_foreach(json_object_get(j, "links"), i, link)
    {
        const char *rel = json_string_value(json_object_get(link, "rel"));
        const char *href = json_string_value(json_object_get(link, "href"));
        if (rel && href && (strcmp(rel, "payer-action") == 0 || strcmp(rel, "approve") == 0))
            snprintf(out->approve_url, sizeof out->approve_url, "%s", href);
    }
    if ((status != 200 && status != 201) || id == NULL || strlen(id) >= sizeof out->id ||
        out->approve_url[0] == '\0') {
        pp_log_refusal("checkout/orders", status, j);
        r = PAY_ERROR;
    } else {
        snprintf(out->id, sizeof out->id, "%s", id);
    }
    json_decref(j);
    return r;
}

/* The first capture of an order (a capture answer or an order read back). */
static enum pay_result pp_read_capture(const json_t *order, struct pay_capture *out)
{
    json_t *cap = json_array_get(
        json_object_get(
            json_object_get(json_array_get(json_object_get(order, "purchase_units"), 0),
                            "payments"),
            "captures"),
        0);
    const char *cstatus = json_string_value(json_object_get(cap, "status"));
    const char *id = json_string_value(json_object_get(cap, "id"));
    json_t *amount = json_object_get(cap, "amount");
    const char *value = json_string_value(json_object_get(amount, "value"));
    const char *cur = json_string_value(json_object_get(amount, "currency_code"));
    if (cstatus != NULL && (strcmp(cstatus, "DECLINED") == 0 || strcmp(cstatus, "FAILED") == 0))
        return PAY_DECLINED;
    if (cstatus == NULL || id == NULL || cur == NULL || strlen(id) >= sizeof out->id ||
        strlen(cur) >= sizeof out->currency || !pay_amount_parse(value, &out->amount_cents))
        return PAY_ERROR;
    if (strcmp(cstatus, "COMPLETED") != 0)
        return PAY_PENDING; /* PENDING: PayPal is still reviewing it */
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(out->currency, sizeof out->currency, "%s", cur);
    return PAY_OK;
}

static bool pp_declined_issue(const char *issue)
{
    static const char *const declined[] = {"INSTRUMENT_DECLINED", "PAYER_ACTION_REQUIRED",
                                           "TRANSACTION_REFUSED", "PAYER_CANNOT_PAY",
                                           "ORDER_EXPIRED", NULL};
    for (size_t i = 0; issue != NULL && declined[i] != NULL; i++) {
        if (strcmp(issue, declined[i]) == 0)
            return true;
    }
    return false;
}

static enum pay_result paypal_capture(const struct config *cfg, const char *audit_id,
                                      const char *order_id, struct pay_capture *out)
{
    memset(out, 0, sizeof *out);
    if (order_id == NULL)
        return PAY_ERROR;
    struct buf tok = BUF_INIT;
    enum pay_result r = pp_bearer(cfg, &tok);
    if (r != PAY_OK)
        return r;
    char path[PAY_ID_MAX + 64], rid[96];
    snprintf(path, sizeof path, "/v2/checkout/orders/%s/capture", order_id);
    snprintf(rid, sizeof rid, "capture-%s", audit_id);
    struct pp_call c = {"POST", path, buf_cstr(&tok), rid, "{}", "application/json"};
    long status = 0;
    json_t *j = NULL;
    r = pp_call(cfg, &c, &status, &j);
    if (r == PAY_OK) {
        const char *issue = pp_issue(j);
        if (status == 200 || status == 201) {
            r = pp_read_capture(j, out);
        } else if (status == 422 && issue && strcmp(issue, "ORDER_ALREADY_CAPTURED") == 0) {
            /* Captured by an earlier call whose answer we lost: read the order back. */
            json_decref(j);
            j = NULL;
            snprintf(path, sizeof path, "/v2/checkout/orders/%s", order_id);
            struct pp_call g = {"GET", path, buf_cstr(&tok), NULL, NULL, NULL};
            r = pp_call(cfg, &g, &status, &j);
            if (r == PAY_OK)
                r = status == 200 ? pp_read_capture(j, out) : PAY_ERROR;
        } else if (status == 422 && issue && strcmp(issue, "ORDER_NOT_APPROVED") == 0) {
            r = PAY_PENDING;
        } else if (status == 422 && pp_declined_issue(issue)) {
            r = PAY_DECLINED;
        } else {
            pp_log_refusal("capture", status, j);
            r = PAY_ERROR;
        }
    }
    json_decref(j);
    buf_release_secret(&tok);
    return r;
}

static enum pay_result paypal_refund(const struct config *cfg, const struct pay_refund *req,
                                     char refund_id[PAY_ID_MAX])
{
    refund_id[0] = '\0';
    if (req->capture_id == NULL)
        return PAY_ERROR;
    struct buf tok = BUF_INIT;
    enum pay_result r = pp_bearer(cfg, &tok);
    if (r != PAY_OK)
        return r;
    char path[PAY_ID_MAX + 64], rid[96], value[32];
    snprintf(path, sizeof path, "/v2/payments/captures/%s/refund", req->capture_id);
    snprintf(rid, sizeof rid, "refund-%s", req->audit_id);
    pay_amount_format(req->amount_cents, value);
    json_t *body = json_pack("{s:{s:s,s:s},s:s}", "amount", "value", value, "currency_code",
                             req->currency, "note_to_payer",
                             "The audit could not be completed; this is a full refund.");
    long status = 0;
    json_t *j = NULL;
    r = pp_post_json(cfg, &tok, path, rid, body, &status, &j);
    buf_release_secret(&tok);
    if (r != PAY_OK)
        return r;
    const char *id = json_string_value(json_object_get(j, "id"));
    const char *st = json_string_value(json_object_get(j, "status"));
    const char *issue = pp_issue(j);
    if ((status == 200 || status == 201) && id != NULL && strlen(id) < PAY_ID_MAX && st != NULL &&
        (strcmp(st, "COMPLETED") == 0 || strcmp(st, "PENDING") == 0)) {
        snprintf(refund_id, PAY_ID_MAX, "%s", id);
    } else if (status == 422 && issue != NULL && strcmp(issue, "CAPTURE_FULLY_REFUNDED") == 0) {
        snprintf(refund_id, PAY_ID_MAX, "%s", issue); /* refunded before (by hand) */
    } else {
        pp_log_refusal("refund", status, j);
        r = PAY_ERROR;
    }
    json_decref(j);
    return r;
}

const struct pay_provider pay_paypal = {"paypal", paypal_create_order, paypal_capture,
                                        paypal_refund};
