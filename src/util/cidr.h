/*
 * cidr.h - IPv4/IPv6 CIDR blocks ("10.0.0.0/8", "2001:db8::/32", or a bare address).
 */
#ifndef VG_UTIL_CIDR_H
#define VG_UTIL_CIDR_H

#include <stdbool.h>

/* Whether s is a valid address or CIDR block. */
bool cidr_valid(const char *s);
/* Whether ip (a textual address; IPv4-mapped IPv6 counts as IPv4) lies in cidr. */
bool cidr_contains(const char *cidr, const char *ip);

#endif
