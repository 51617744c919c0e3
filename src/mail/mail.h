/*
 * mail.h - sending the account mail (email verification, password reset) over SMTP with
 * libcurl: smtp:// (STARTTLS when the server offers it, required with --smtp-starttls) or
 * smtps://, optional AUTH. One plain-text message per call; nothing is queued or retried.
 */
#ifndef VG_MAIL_MAIL_H
#define VG_MAIL_MAIL_H

#include <stdbool.h>

#include "util/err.h"

struct config;

/* Whether --smtp-url is set (without it, account mail cannot be sent). */
bool mail_configured(const struct config *cfg);
/* Send a plain-text message (body: lines joined by "\n"; CRLF is added) to one recipient.
 * to and subject must hold no CR or LF. VG_ERR_UNAVAILABLE when the SMTP server could not be
 * reached or refused the message (logged with curl's reason), VG_ERR_INVALID for a bad
 * address. Thread-safe. */
enum vg_err mail_send(const struct config *cfg, const char *to, const char *subject,
                      const char *body);

#endif
