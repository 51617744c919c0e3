/*
 * assets.h - the dashboard's files, built by web/build.mjs and compiled into the binary
 * (build/gen/web_assets.c). Sorted by path. Every variant is NUL-terminated and lives for
 * the whole process; a NULL data pointer means the variant was not worth keeping (the
 * compressed form was not smaller).
 */
#ifndef VG_WEB_ASSETS_H
#define VG_WEB_ASSETS_H

#include <stddef.h>

enum web_encoding { WEB_IDENTITY, WEB_GZIP, WEB_BROTLI, WEB_ENCODINGS };

struct web_variant {
    const char *data;
    size_t len;
};

struct web_asset {
    const char *path;  /* URL path: "/", "/docs", "/assets/app-3F2A….js" */
    const char *type;  /* Content-Type */
    const char *etag;  /* quoted strong validator of the identity content */
    int immutable;     /* content-hashed name: cacheable for a year */
    struct web_variant v[WEB_ENCODINGS];
};

extern const struct web_asset web_assets[];
extern const size_t web_assets_count;

#endif
