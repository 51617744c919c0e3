/*
 * auth.h - the authentication step of the pipeline: resolves Authorization: Bearer or
 * X-API-Key into req->principal, enforces the route's auth kind and scope, the key's
 * allowed CIDRs and email verification, then (only for a request it accepts) counts the
 * key's per-minute rate limit and records its use.
 * Records the error in resp and returns it on refusal.
 */
#ifndef VG_HTTP_AUTH_H
#define VG_HTTP_AUTH_H

#include "http/http.h"

#define AUTH_MSG_BAD_KEY "Invalid or revoked API key."
#define AUTH_MSG_BAD_TOKEN "Invalid or expired access token."
#define AUTH_MSG_UNVERIFIED "Your account email must be verified."

enum vg_err auth_authenticate(struct req *req, struct resp *resp);

/* Whether the principal may act with scope (users always; keys when they carry it). */
bool auth_has_scope(const struct principal *p, const char *scope);

/* Record an event in the account's activity log; failures are logged, not returned. */
void auth_activity(struct req *req, const char *action, const char *api_key_id,
                   const char *detail);

/* Set a 429 on resp for a limit result, with Retry-After and the seed's detail text. */
struct limit_result;
enum vg_err auth_rate_limited(struct resp *resp, const struct limit_result *lim);

#endif
