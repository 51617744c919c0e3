"""Every error is the JSON envelope, sent once (issue 9 item 9): requests libmicrohttpd
cannot parse (huge or malformed Content-Length, malformed lines, too many or too large
headers, malformed chunked bodies) are answered by the server's gate (and its chunked-body
relay) in the envelope; more than 48 header fields is
431 request_header_fields_too_large, never silently dropped. Raw sockets throughout."""
import json
import socket

import pytest

GET = b"GET /v1/healthz HTTP/1.1\r\nHost: x\r\n"
LOGIN = b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
CHUNKED = LOGIN + b"Transfer-Encoding: chunked\r\n\r\n"


def raw(srv, data, wait=3.0):
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(data)
    s.settimeout(wait)
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        pass
    finally:
        s.close()
    return out


def parse(reply):
    """(status, headers, body) of exactly one response."""
    assert reply.count(b"HTTP/1.1 ") == 1, reply[:600]
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert len(body) == int(headers["content-length"])
    return status, headers, body


def assert_raw_envelope(reply, status, code):
    got, headers, body = parse(reply)
    assert got == status, reply[:600]
    assert headers["content-type"].startswith("application/json")
    assert headers.get("x-request-id")
    env = json.loads(body)
    assert env["schema_version"] == 1 and env["error"]["code"] == code
    assert env["detail"] == env["error"]["message"] and env["detail"]
    assert b"<html" not in reply
    return env


@pytest.mark.parametrize("name,data,status,code", [
    ("huge content-length", LOGIN + b"Content-Length: 99999999999999999999999\r\n\r\n{}",
     413, "payload_too_large"),
    ("content-length not a number", LOGIN + b"Content-Length: abc\r\n\r\n{}", 400, "bad_request"),
    ("two content-lengths", LOGIN + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400,
     "bad_request"),
    ("content-length and chunked", LOGIN + b"Content-Length: 5\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "bad_request"),
    ("unknown transfer-encoding", LOGIN + b"Transfer-Encoding: gzip\r\n\r\n", 400,
     "bad_request"),
    ("header line without colon", GET + b"NoColonHere\r\n\r\n", 400, "bad_request"),
    ("garbage request line", b"GARBAGE\r\n\r\n", 400, "bad_request"),
    ("http/2 request line", b"GET /v1/healthz HTTP/2.0\r\nHost: x\r\n\r\n", 400, "bad_request"),
    ("49 header fields", GET + b"".join(b"X-H%d: v\r\n" % i for i in range(48)) + b"\r\n",
     431, "request_header_fields_too_large"),
    ("one 40 KB header", GET + b"X-Big: " + b"a" * 40000 + b"\r\n\r\n", 431,
     "request_header_fields_too_large"),
    ("40 KB URI", b"GET /v1/healthz?" + b"a" * 40000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 431,
     "request_header_fields_too_large"),
    # Malformed chunked bodies (libmicrohttpd's own answer would be an HTML page).
    ("chunk size not hex", CHUNKED + b"zz\r\n", 400, "bad_request"),
    ("chunk without its CRLF", CHUNKED + b"2\r\n{}XX", 400, "bad_request"),
    ("size line ended by a bare LF", CHUNKED + b"2\n{}\r\n0\r\n\r\n", 400, "bad_request"),
    ("chunk size too long", CHUNKED + b"1" * 20 + b"\r\n", 400, "bad_request"),
    ("trailer without a colon", CHUNKED + b"2\r\n{}\r\n0\r\nbad trailer\r\n\r\n", 400,
     "bad_request"),
])
def test_unparseable_requests_get_the_envelope_once(plain_server, name, data, status, code):
    assert_raw_envelope(raw(plain_server, data), status, code)


def test_well_formed_chunked_bodies_still_reach_the_handler(plain_server):
    # {} in two chunks, one with an extension, and a trailer: the login handler's 422.
    reply = raw(plain_server, CHUNKED + b"1;name=v\r\n{\r\n1\r\n}\r\n0\r\nX-T: 1\r\n\r\n")
    status, headers, body = parse(reply)
    env = json.loads(body)
    assert status == 422 and env["error"]["code"] == "validation_error", reply[:600]
    assert "email" in env["error"]["message"]


def test_48_header_fields_are_fine(plain_server):
    reply = raw(plain_server, GET + b"".join(b"X-H%d: v\r\n" % i for i in range(47)) + b"\r\n",
                wait=1.0)
    status, _, body = parse(reply)
    assert status == 200 and json.loads(body) == {"status": "ok"}


def test_too_many_headers_on_a_kept_alive_connection(plain_server):
    """The second request of a connection is read by libmicrohttpd directly: server.c counts
    its header fields."""
    first = GET + b"\r\n"
    second = GET + b"".join(b"X-H%d: v\r\n" % i for i in range(60)) + b"\r\n"
    s = socket.create_connection(("127.0.0.1", plain_server.port))
    s.settimeout(3)
    s.sendall(first)
    buf = b""
    while b'{"status":"ok"}' not in buf:
        buf += s.recv(65536)
    s.sendall(second)
    out = b""
    try:
        while b"}}" not in out and b'"detail"' not in out:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        pass
    s.close()
    env = assert_raw_envelope(out, 431, "request_header_fields_too_large")
    assert "48" in env["detail"]


def test_the_server_still_serves_after_all_that(plain_server):
    import requests
    assert requests.get(plain_server.url + "/healthz", timeout=5).json() == {"status": "ok"}
