/*
 * version.h - the version of this build, shared by `vega version`, the reports' tool
 * entries and the User-Agent of outgoing requests.
 */
#ifndef VG_UTIL_VERSION_H
#define VG_UTIL_VERSION_H

#define VEGA_VERSION "0.1.0"

/* Where this build's documentation is published: the SARIF report's tool informationUri.
 * A build for publication sets it: make VEGA_HOME_URL=https://... */
#ifndef VEGA_HOME_URL
#define VEGA_HOME_URL "https://vega.example/docs"
#endif

#endif
