/*
 * sigv4.c - SigV4 query presigning (see sigv4.h), following the steps of AWS's
 * "Authenticating Requests: Using Query Parameters": canonical request, string to sign,
 * the derived signing key (date, region, service, "aws4_request"), hex HMAC.
 */
#include "blob/sigv4.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/rand.h"
#include "util/xalloc.h"

char *sigv4_uri_encode(const char *s, int keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = xmalloc(n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}

static void sigv4_hmac(unsigned char out[32], const unsigned char *key, size_t keylen,
                       const char *msg)
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, keylen);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

static void sigv4_sha256_hex(char out[65], const char *msg)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)msg, strlen(msg));
    hex_encode(out, h, sizeof h);
}

char *sigv4_presign_url(const struct sigv4_presign *p)
{
    struct tm tm;
    gmtime_r(&p->now, &tm);
    char date[9], stamp[17];
    strftime(date, sizeof date, "%Y%m%d", &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char *scope = xasprintf("%s/%s/%s/aws4_request", date, p->region, p->service);
    char *cred = xasprintf("%s/%s", p->access_key_id, scope);
    char *cred_enc = sigv4_uri_encode(cred, 0);
    /* The query, its keys in byte order (the canonical order). */
    char *query = xasprintf("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s&X-Amz-Date=%s"
                            "&X-Amz-Expires=%lld&X-Amz-SignedHeaders=host",
                            cred_enc, stamp, (long long)p->expires_in);
    char *canonical = xasprintf("%s\n%s\n%s\nhost:%s\n\nhost\nUNSIGNED-PAYLOAD", p->method,
                                p->path, query, p->host);
    char creq_hash[65];
    sigv4_sha256_hex(creq_hash, canonical);
    char *to_sign = xasprintf("AWS4-HMAC-SHA256\n%s\n%s\n%s", stamp, scope, creq_hash);

    char *k0 = xasprintf("AWS4%s", p->secret_access_key);
    unsigned char k_date[32], k_region[32], k_service[32], k_signing[32], sig[32];
    sigv4_hmac(k_date, (const unsigned char *)k0, strlen(k0), date);
    sigv4_hmac(k_region, k_date, sizeof k_date, p->region);
    sigv4_hmac(k_service, k_region, sizeof k_region, p->service);
    sigv4_hmac(k_signing, k_service, sizeof k_service, "aws4_request");
    sigv4_hmac(sig, k_signing, sizeof k_signing, to_sign);
    char sig_hex[65];
    hex_encode(sig_hex, sig, sizeof sig);
    char *url = xasprintf("%s://%s%s?%s&X-Amz-Signature=%s", p->scheme, p->host, p->path, query,
                          sig_hex);

    sodium_memzero(k0, strlen(k0));
    sodium_memzero(k_date, sizeof k_date);
    sodium_memzero(k_region, sizeof k_region);
    sodium_memzero(k_service, sizeof k_service);
    sodium_memzero(k_signing, sizeof k_signing);
    free(k0);
    free(to_sign);
    free(canonical);
    free(query);
    free(cred_enc);
    free(cred);
    free(scope);
    return url;
}
