/*
 * cidr.c - address-in-block tests with inet_pton; no allocation.
 */
#include "util/cidr.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct cidr_addr {
    int family;
    unsigned char bytes[16];
    unsigned len; /* bytes in use: 4 or 16 */
};

static bool cidr_parse_addr(const char *s, struct cidr_addr *a)
{
    if (inet_pton(AF_INET, s, a->bytes) == 1) {
        a->family = AF_INET;
        a->len = 4;
        return true;
    }
    if (inet_pton(AF_INET6, s, a->bytes) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a->bytes, mapped, 12) == 0) {
            memmove(a->bytes, a->bytes + 12, 4);
            a->family = AF_INET;
            a->len = 4;
        } else {
            a->family = AF_INET6;
            a->len = 16;
        }
        return true;
    }
    return false;
}

static bool cidr_parse(const char *s, struct cidr_addr *a, unsigned *bits)
{
    char tmp[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof(tmp))
        return false;
    memcpy(tmp, s, n + 1);
    char *slash = strchr(tmp, '/');
    if (slash != NULL)
        *slash = '\0';
    if (!cidr_parse_addr(tmp, a))
        return false;
    unsigned max = a->len * 8;
    *bits = max;
    if (slash != NULL) {
        char *end = NULL;
        if (slash[1] < '0' || slash[1] > '9')
            return false;
        unsigned long b = strtoul(slash + 1, &end, 10);
        if (*end != '\0' || b > max)
            return false;
        *bits = (unsigned)b;
    }
    return true;
}

bool cidr_valid(const char *s)
{
    struct cidr_addr a;
    unsigned bits;
    return s != NULL && cidr_parse(s, &a, &bits);
}

bool cidr_contains(const char *cidr, const char *ip)
{
    struct cidr_addr net, addr;
    unsigned bits;
    if (cidr == NULL || ip == NULL || !cidr_parse(cidr, &net, &bits) ||
        !cidr_parse_addr(ip, &addr) || net.family != addr.family)
        return false;
    unsigned full = bits / 8;
    if (memcmp(net.bytes, addr.bytes, full) != 0)
        return false;
    unsigned rest = bits % 8;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xFFu << (8 - rest));
    return (net.bytes[full] & mask) == (addr.bytes[full] & mask);
}
