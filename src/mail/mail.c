/*
 * mail.c - one plain-text message over SMTP with libcurl (see mail.h). The message is built
 * in memory with the headers an MTA expects (From, To, Subject, Date, Message-ID,
 * MIME-Version, Content-Type), lines end in CRLF, and libcurl does the dialogue (dot-stuffing
 * included). It does not retry: callers report the failure to the user.
 */
#include "mail/mail.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/config.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/rand.h"

#define MAIL_MAX_BYTES (64 * 1024)
#define MAIL_TIMEOUT_SECONDS 20L

struct mail_reader {
    const char *p;
    size_t left;
};

static size_t mail_read(char *dst, size_t size, size_t n, void *cls)
{
    struct mail_reader *r = cls;
    size_t want = size * n;
    if (want > r->left)
        want = r->left;
    memcpy(dst, r->p, want);
    r->p += want;
    r->left -= want;
    return want;
}

bool mail_configured(const struct config *cfg)
{
    return cfg->smtp_url != NULL && cfg->smtp_url[0] != '\0';
}

static bool mail_header_safe(const char *s)
{
    return s != NULL && strpbrk(s, "\r\n") == NULL;
}

/* The address part of a From value ("Vega <no-reply@x>" or "no-reply@x"). */
static void mail_address(const char *from, char *out, size_t cap)
{
    const char *lt = strchr(from, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (lt != NULL && gt != NULL && gt > lt + 1)
        snprintf(out, cap, "<%.*s>", (int)(gt - lt - 1), lt + 1);
    else
        snprintf(out, cap, "<%s>", from);
}

static enum vg_err mail_build(const struct config *cfg, const char *to, const char *subject,
                              const char *body, struct buf *m)
{
    char date[64], id[33];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    rand_base62(id, 32);
    const char *at = strchr(cfg->smtp_from, '@');
    char domain[128];
    snprintf(domain, sizeof(domain), "%s", at ? at + 1 : "vega.localhost");
    domain[strcspn(domain, ">")] = '\0';
    enum vg_err e = buf_printf(m,
                               "From: %s\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\n"
                               "Message-ID: <%s@%s>\r\nMIME-Version: 1.0\r\n"
                               "Content-Type: text/plain; charset=utf-8\r\n"
                               "Content-Transfer-Encoding: 8bit\r\n\r\n",
                               cfg->smtp_from, to, subject, date, id, domain);
    for (const char *s = body; e == VG_OK && *s;) {
        size_t len = strcspn(s, "\n");
        e = buf_append(m, s, len);
        if (e == VG_OK)
            e = buf_append_str(m, "\r\n");
        s += len;
        if (*s == '\n')
            s++;
    }
    return e;
}

enum vg_err mail_send(const struct config *cfg, const char *to, const char *subject,
                      const char *body)
{
    if (!mail_configured(cfg))
        return VG_ERR_UNAVAILABLE;
    if (!mail_header_safe(to) || !mail_header_safe(subject) || strchr(to, '@') == NULL ||
        strpbrk(to, "<> \t") != NULL)
        return VG_ERR_INVALID;
    enum vg_err ret = VG_ERR_UNAVAILABLE;
    struct buf m = BUF_INIT;
    buf_init(&m, MAIL_MAX_BYTES);
    struct curl_slist *rcpt = NULL;
    CURL *c = NULL;
    char rcpt_to[300], from[300];
    if (mail_build(cfg, to, subject, body, &m) != VG_OK) {
        ret = VG_ERR_TOO_LARGE;
        goto out;
    }
    snprintf(rcpt_to, sizeof(rcpt_to), "<%s>", to);
    mail_address(cfg->smtp_from, from, sizeof(from));
    rcpt = curl_slist_append(NULL, rcpt_to);
    c = curl_easy_init();
    if (c == NULL || rcpt == NULL)
        goto out;
    struct mail_reader rd = {m.ptr, m.len};
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, mail_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m.len);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, MAIL_TIMEOUT_SECONDS);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, cfg->smtp_starttls ? (long)CURLUSESSL_ALL
                                                             : (long)CURLUSESSL_TRY);
    if (cfg->smtp_user != NULL && cfg->smtp_user[0]) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) {
        ret = VG_OK;
    } else {
        log_msg(LOG_ERROR, "mail_failed", "error", curl_easy_strerror(rc), "subject", subject,
                NULL);
    }
out:
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    buf_release(&m);
    return ret;
}
