/*
 * err.h - the one error type of Vega.
 *
 * Every fallible function returns enum vg_err. The list below is the single source of
 * the HTTP status, the envelope's error code and the default message for each error;
 * err.c derives its tables from it. Codes are only appended, never renumbered.
 */
#ifndef VG_UTIL_ERR_H
#define VG_UTIL_ERR_H

#include <stdbool.h>

/* X(name, http status, code string, retryable, default message) */
#define VG_ERR_LIST(X)                                                                      \
    X(OK, 200, "ok", false, "OK")                                                           \
    X(BAD_REQUEST, 400, "bad_request", false, "The request is malformed.")                  \
    X(UNAUTHORIZED, 401, "unauthorized", false, "Not authenticated.")                       \
    X(FORBIDDEN, 403, "forbidden", false, "Forbidden.")                                     \
    X(NOT_FOUND, 404, "not_found", false, "Not found")                                      \
    X(METHOD_NOT_ALLOWED, 405, "method_not_allowed", false, "Method not allowed.")          \
    X(CONFLICT, 409, "conflict", false, "The resource is in a conflicting state.")          \
    X(GONE, 410, "gone", false, "This link has expired.")                                   \
    X(TOO_LARGE, 413, "payload_too_large", false, "The request body is too large.")         \
    X(UNSUPPORTED_MEDIA, 415, "unsupported_media_type", false,                              \
      "Unsupported content type.")                                                          \
    X(VALIDATION, 422, "validation_error", false, "Validation failed.")                     \
    X(RATE_LIMITED, 429, "rate_limited", true, "Rate limit exceeded. Try again later.")     \
    X(INTERNAL, 500, "internal_error", true, "Internal server error.")                      \
    X(UNAVAILABLE, 503, "service_unavailable", true, "Service unavailable.")                \
    X(IO, 500, "internal_error", true, "Internal server error.")                            \
    X(DB, 500, "internal_error", true, "Internal server error.")                            \
    X(INVALID, 400, "bad_request", false, "Invalid input.")                                 \
    X(HEADERS_TOO_LARGE, 431, "request_header_fields_too_large", false,                     \
      "The request has too many or too large header fields.")                \
    X(PAYMENT, 402, "payment_required", false, "The payment was not completed.")

enum vg_err {
#define VG_ERR_ENUM(name, status, code, retry, msg) VG_ERR_##name,
    VG_ERR_LIST(VG_ERR_ENUM)
#undef VG_ERR_ENUM
    VG_ERR__COUNT
};

#define VG_OK VG_ERR_OK

/* HTTP status for an error. Never fails; unknown values map to 500. */
unsigned err_http_status(enum vg_err e);
/* Envelope code string ("not_found"). Static storage. */
const char *err_code(enum vg_err e);
/* Default human message. Static storage. */
const char *err_message(enum vg_err e);
/* Whether a client may retry the same request later. */
bool err_retryable(enum vg_err e);
/* The enum name ("NOT_FOUND"), for logs. */
const char *err_name(enum vg_err e);

#endif
