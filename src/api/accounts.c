/*
 * accounts.c - self-service accounts (issue 14): sign-up when the operator allows it
 * (--allow-signup), email verification and password reset by mail (src/mail/).
 *
 *   GET  /v1/auth/signup                  -> {enabled}: whether sign-up is open (the sign-in page asks)
 *   POST /v1/auth/signup                  {email, password} -> 201, a verification mail
 *   POST /v1/auth/verify-email            {token} -> 200, the email is verified
 *   POST /v1/auth/verify-email/resend     (Bearer) -> 202, a new verification mail
 *   POST /v1/auth/password-reset          {email} -> 202, a reset mail if the account exists
 *   POST /v1/auth/password-reset/confirm  {token, password} -> 204, every login revoked
 *
 * Answers never tell whether an email has an account: sign-up of a taken address answers
 * like a new one (the owner gets a mail saying so), and a reset request always answers 202.
 * Tokens are 43 random base62 characters mailed as links to the dashboard
 * (PUBLIC_URL/verify-email?token=…, /reset-password?token=…); only their SHA-256 is stored,
 * each works once and expires (24 h, 1 h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "app/app.h"
#include "app/users.h"
#include "http/auth.h"
#include "mail/mail.h"
#include "store/account_tokens.h"
#include "util/log.h"
#include "util/timeutil.h"

#define ACCOUNT_TOKEN_CHARS 43
#define VERIFY_TTL (24 * 3600)
#define RESET_TTL 3600
#define PASSWORD_MAX 1024
#define BAD_LINK "This link is invalid, expired or already used. Ask for a new one."

static const char *const mail_subject[] = {
    [ACCOUNT_TOKEN_VERIFY] = "Verify your email for Vega",
    [ACCOUNT_TOKEN_RESET] = "Reset your Vega password",
};

/* Make a token for user, keep its hash, mail the link. VG_OK, or the error recorded. */
static enum vg_err accounts_mail_link(struct req *req, struct resp *resp,
                                      const struct store_account *user,
                                      enum account_token_purpose purpose)
{
    const struct config *cfg = &req->app->cfg;
    char token[ACCOUNT_TOKEN_CHARS + 1], hash[65];
    rand_base62(token, ACCOUNT_TOKEN_CHARS);
    sha256_hex(hash, token, strlen(token));
    int64_t now = time_now();
    enum vg_err e = store_account_tokens_add(req->app->store, hash, user->id, purpose, now,
                                             now + (purpose == ACCOUNT_TOKEN_VERIFY ? VERIFY_TTL
                                                                                     : RESET_TTL));
    if (e != VG_OK) {
        sodium_memzero(token, sizeof(token));
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    }
    char body[1024];
    if (purpose == ACCOUNT_TOKEN_VERIFY)
        snprintf(body, sizeof(body),
                 "Welcome to Vega.\n\nConfirm that %s is your address by opening this link "
                 "(valid for 24 hours):\n\n%s/verify-email?token=%s\n\nAPI keys and scans need "
                 "a verified email. If you did not sign up, ignore this message.\n",
                 user->email, cfg->public_url, token);
    else
        snprintf(body, sizeof(body),
                 "Someone asked to reset the password of the Vega account %s.\n\nChoose a new "
                 "password here (valid for one hour, once):\n\n%s/reset-password?token=%s\n\n"
                 "Every signed-in session ends when the password changes. If it was not you, "
                 "ignore this message: your password stays as it is.\n",
                 user->email, cfg->public_url, token);
    sodium_memzero(token, sizeof(token));
    e = mail_send(cfg, user->email, mail_subject[purpose], body);
    sodium_memzero(body, sizeof(body));
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE,
                          "The mail could not be sent right now; try again in a few minutes.");
    return VG_OK;
}

/* The sign-up of an address that already has an account: tell its owner, not the caller. */
static void accounts_mail_taken(struct req *req, const struct store_account *user)
{
    char body[600];
    snprintf(body, sizeof(body),
             "Someone tried to create a Vega account for %s, which already has one.\n\nSign in "
             "at %s/signin, or reset your password at %s/forgot-password. If it was not you, "
             "ignore this message.\n",
             user->email, req->app->cfg.public_url, req->app->cfg.public_url);
    if (mail_send(&req->app->cfg, user->email, "Your Vega account", body) != VG_OK)
        log_msg(LOG_WARN, "signup_taken_mail_failed", NULL);
}

static enum vg_err accounts_need_mail(const struct req *req, struct resp *resp)
{
    if (mail_configured(&req->app->cfg))
        return VG_OK;
    return resp_error(resp, VG_ERR_UNAVAILABLE,
                      "This server cannot send mail (no --smtp-url); ask its operator.");
}

enum vg_err api_accounts_signup_info(struct req *req, struct resp *resp)
{
    const struct config *cfg = &req->app->cfg;
    return resp_json(resp, 200,
                     json_pack("{s:b,s:b}", "enabled", cfg->allow_signup && mail_configured(cfg),
                               "mail", mail_configured(cfg)));
}

enum vg_err api_accounts_signup(struct req *req, struct resp *resp)
{
    if (!req->app->cfg.allow_signup)
        return resp_error(resp, VG_ERR_FORBIDDEN,
                          "Sign-up is turned off on this server; ask its operator for an "
                          "account.");
    const char *email_in = NULL, *password = NULL;
    char email[256];
    if (api_field_string(req, resp, "email", 3, 254, true, &email_in) && email_in != NULL &&
        !users_email_normalise(email_in, email, sizeof(email)))
        resp_field_error(resp, "body", "email", "Enter a valid email address", "value_error");
    api_field_string(req, resp, "password", USERS_MIN_PASSWORD, PASSWORD_MAX, true, &password);
    enum vg_err e = resp_validation_result(resp);
    if (e == VG_OK)
        e = accounts_need_mail(req, resp);
    if (e != VG_OK)
        return e;
    char id[UUID_STR_LEN];
    e = users_create(req->app->store, email, password, false, false, id);
    struct store_account user;
    if (e == VG_ERR_CONFLICT) {
        if (store_accounts_by_email(req->app->store, email, &user) != VG_OK)
            return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
        if (user.email_verified)
            accounts_mail_taken(req, &user);
        else if (accounts_mail_link(req, resp, &user, ACCOUNT_TOKEN_VERIFY) != VG_OK)
            return resp->err;
    } else if (e != VG_OK) {
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    } else {
        snprintf(user.id, sizeof(user.id), "%s", id);
        snprintf(user.email, sizeof(user.email), "%s", email);
        user.email_verified = false;
        snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", id);
        auth_activity(req, "auth.signup", NULL, NULL);
        if (accounts_mail_link(req, resp, &user, ACCOUNT_TOKEN_VERIFY) != VG_OK)
            return resp->err;
    }
    return resp_json(resp, 201,
                     json_pack("{s:s,s:s}", "email", email, "status", "verification_sent"));
}

enum vg_err api_accounts_verify(struct req *req, struct resp *resp)
{
    const char *token = NULL;
    api_field_string(req, resp, "token", 1, 128, true, &token);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    char hash[65], user_id[UUID_STR_LEN] = "";
    sha256_hex(hash, token, strlen(token));
    e = store_account_tokens_verify(req->app->store, hash, time_now(), user_id);
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_BAD_REQUEST, BAD_LINK);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", user_id);
    auth_activity(req, "auth.email_verified", NULL, NULL);
    return resp_json(resp, 200, json_pack("{s:b}", "email_verified", 1));
}

enum vg_err api_accounts_resend(struct req *req, struct resp *resp)
{
    struct store_account user;
    enum vg_err e = accounts_need_mail(req, resp);
    if (e != VG_OK)
        return e;
    if (store_accounts_by_id(req->app->store, req->principal.user_id, &user) != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    if (user.email_verified)
        return resp_error(resp, VG_ERR_CONFLICT, "This email is already verified.");
    e = accounts_mail_link(req, resp, &user, ACCOUNT_TOKEN_VERIFY);
    if (e != VG_OK)
        return e;
    return resp_json(resp, 202, json_pack("{s:s,s:s}", "email", user.email, "status",
                                          "verification_sent"));
}

enum vg_err api_accounts_reset_request(struct req *req, struct resp *resp)
{
    const char *email_in = NULL;
    api_field_string(req, resp, "email", 3, 254, true, &email_in);
    enum vg_err e = resp_validation_result(resp);
    if (e == VG_OK)
        e = accounts_need_mail(req, resp);
    if (e != VG_OK)
        return e;
    char email[256];
    struct store_account user;
    if (users_email_normalise(email_in, email, sizeof(email)) &&
        store_accounts_by_email(req->app->store, email, &user) == VG_OK) {
        struct resp ignored; /* the caller learns nothing about the account */
        resp_init(&ignored);
        (void)accounts_mail_link(req, &ignored, &user, ACCOUNT_TOKEN_RESET);
        resp_release(&ignored);
    }
    return resp_json(resp, 202, json_pack("{s:s}", "status", "sent_if_registered"));
}

enum vg_err api_accounts_reset_confirm(struct req *req, struct resp *resp)
{
    const char *token = NULL, *password = NULL;
    api_field_string(req, resp, "token", 1, 128, true, &token);
    api_field_string(req, resp, "password", USERS_MIN_PASSWORD, PASSWORD_MAX, true, &password);
    enum vg_err e = resp_validation_result(resp);
    if (e != VG_OK)
        return e;
    char pw_hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(pw_hash, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return resp_error(resp, VG_ERR_INTERNAL, NULL);
    char hash[65], user_id[UUID_STR_LEN] = "";
    sha256_hex(hash, token, strlen(token));
    e = store_account_tokens_reset(req->app->store, hash, pw_hash, time_now(), user_id);
    sodium_memzero(pw_hash, sizeof(pw_hash));
    if (e == VG_ERR_NOT_FOUND)
        return resp_error(resp, VG_ERR_BAD_REQUEST, BAD_LINK);
    if (e != VG_OK)
        return resp_error(resp, VG_ERR_UNAVAILABLE, NULL);
    snprintf(req->principal.user_id, sizeof(req->principal.user_id), "%s", user_id);
    auth_activity(req, "auth.password_reset", NULL, NULL);
    return resp_empty(resp, 204);
}
