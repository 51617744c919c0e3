/*
 * sigv4.h - AWS Signature Version 4 query presigning (the upload and download URLs a
 * client uses without credentials of its own). Server-side requests are signed by
 * libcurl (CURLOPT_AWS_SIGV4); libcurl does not presign, so this does, with libsodium's
 * HMAC-SHA256 and SHA-256. Pure functions, thread-safe.
 */
#ifndef VG_BLOB_SIGV4_H
#define VG_BLOB_SIGV4_H

#include <stdint.h>
#include <time.h>

struct sigv4_presign {
    const char *method;   /* "GET", "PUT" */
    const char *scheme;   /* "http" or "https" */
    const char *host;     /* host[:port] as the client will send it in Host */
    const char *path;     /* absolute, already in canonical (URI-encoded) form */
    const char *region, *service;
    const char *access_key_id, *secret_access_key;
    time_t now;
    int64_t expires_in; /* seconds, 1..604800 */
};

/* The presigned URL (UNSIGNED-PAYLOAD, signed header: host), which the caller frees. */
char *sigv4_presign_url(const struct sigv4_presign *p);

/* AWS's URI encoding of one query value or path segment (unreserved characters kept;
 * keep_slash leaves '/' as is). The caller frees. */
char *sigv4_uri_encode(const char *s, int keep_slash);

#endif
