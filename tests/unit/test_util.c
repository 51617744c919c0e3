/*
 * test_util.c - buffers, JSON escaping, CIDR matching, identifiers, the error table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/cidr.h"
#include "util/err.h"
#include "util/json.h"
#include "util/rand.h"

static void test_buf_cap(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_init(&b, 8);
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(buf_append_str(&b, "12345678"), VG_OK);
    assert_int_equal(buf_append_char(&b, 'x'), VG_ERR_TOO_LARGE);
    assert_string_equal(buf_cstr(&b), "12345678");
    buf_reset(&b);
    assert_int_equal(buf_printf(&b, "%d-%s", 42, "ab"), VG_OK);
    assert_string_equal(buf_cstr(&b), "42-ab");
    size_t len = 0;
    char *p = buf_detach(&b, &len);
    assert_int_equal(len, 5);
    free(p);
    buf_release(&b);
    buf_release(NULL);
}

static void test_json_escape(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_init(&b, 0);
    assert_int_equal(json_escape_append(&b, "a\"b\\c\n\x01 é \xff"), VG_OK);
    assert_string_equal(buf_cstr(&b), "\"a\\\"b\\\\c\\u000a\\u0001 é \\ufffd\"");
    buf_release(&b);
    char s[] = "ok \xc3\x28 \xe2\x82\xac";
    utf8_sanitize(s);
    assert_string_equal(s, "ok ?( \xe2\x82\xac");
}

static void test_cidr(void **state)
{
    (void)state;
    assert_true(cidr_valid("10.0.0.0/8"));
    assert_true(cidr_valid("127.0.0.1"));
    assert_true(cidr_valid("2001:db8::/32"));
    assert_false(cidr_valid("10.0.0.0/33"));
    assert_false(cidr_valid("10.0.0.0/"));
    assert_false(cidr_valid("banana"));
    assert_false(cidr_valid(""));
    assert_true(cidr_contains("10.0.0.0/8", "10.200.3.4"));
    assert_false(cidr_contains("10.0.0.0/8", "11.0.0.1"));
    assert_true(cidr_contains("192.168.1.128/25", "192.168.1.200"));
    assert_false(cidr_contains("192.168.1.128/25", "192.168.1.100"));
    assert_true(cidr_contains("127.0.0.1", "::ffff:127.0.0.1"));
    assert_true(cidr_contains("2001:db8::/32", "2001:db8:1::5"));
    assert_false(cidr_contains("2001:db8::/32", "10.0.0.1"));
    assert_true(cidr_contains("0.0.0.0/0", "8.8.8.8"));
}

static void test_ids(void **state)
{
    (void)state;
    char u[UUID_STR_LEN], v[UUID_STR_LEN];
    rand_uuid(u);
    rand_uuid(v);
    assert_true(uuid_valid(u));
    assert_string_not_equal(u, v);
    assert_int_equal(u[14], '4');
    assert_false(uuid_valid("not-a-uuid"));
    char k[41];
    rand_base62(k, 40);
    assert_int_equal(strlen(k), 40);
    assert_int_equal(strspn(k, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
                     40);
    char h[65];
    sha256_hex(h, "abc", 3);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_err_table(void **state)
{
    (void)state;
    assert_int_equal(err_http_status(VG_ERR_NOT_FOUND), 404);
    assert_string_equal(err_code(VG_ERR_RATE_LIMITED), "rate_limited");
    assert_true(err_retryable(VG_ERR_RATE_LIMITED));
    assert_false(err_retryable(VG_ERR_VALIDATION));
    assert_int_equal(err_http_status((enum vg_err)9999), 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_cap),   cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_cidr),      cmocka_unit_test(test_ids),
        cmocka_unit_test(test_err_table),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
