"""Health endpoints and the error envelope for hostile or malformed requests."""
import socket
import time

import pytest

import requests

from conftest import assert_envelope


def test_healthz_and_readyz(server):
    r = server.req("GET", "/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert r.headers["X-Request-Id"]
    r = server.req("GET", "/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"


def test_probe_paths_outside_v1_answer_health_not_the_dashboard(server):
    # A load balancer probing /healthz must not be told "healthy" by the SPA's index.html.
    r = requests.get(server.base + "/healthz", timeout=5)
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert r.headers["Content-Type"].startswith("application/json")
    r = requests.get(server.base + "/readyz", timeout=5)
    assert r.status_code == 200 and r.json()["status"] == "ready"
    assert_envelope(requests.post(server.base + "/healthz", timeout=5), 405, "method_not_allowed")


def test_request_id_is_echoed_when_sane(server):
    r = server.req("GET", "/healthz", headers={"X-Request-Id": "ci-run-42"})
    assert r.headers["X-Request-Id"] == "ci-run-42"
    r = server.req("GET", "/healthz", headers={"X-Request-Id": "bad id\x7f"})
    assert r.headers["X-Request-Id"] != "bad id\x7f"


def test_unknown_route_is_404_envelope(server):
    assert_envelope(server.req("GET", "/no/such/thing"), 404, "not_found")
    # Outside /v1 a GET is the web dashboard's (tests/api/test_web.py); other methods are not.
    assert_envelope(requests.post(server.base + "/nothing-here", timeout=5), 404, "not_found")


def test_wrong_method_is_405_with_allow(server):
    r = server.req("DELETE", "/healthz")
    assert_envelope(r, 405, "method_not_allowed")
    assert "GET" in r.headers["Allow"]


def test_options_and_head(server):
    r = server.req("OPTIONS", "/auth/login")
    assert r.status_code == 204 and "POST" in r.headers["Allow"]
    r = server.req("HEAD", "/healthz")
    assert r.status_code == 200 and r.content == b""


def test_malformed_json_is_400(server):
    r = server.req("POST", "/auth/login", data=b'{"email": ',
                   headers={"Content-Type": "application/json"})
    assert_envelope(r, 400, "bad_request")
    r = server.req("POST", "/auth/login", data=b'[1,2]', headers={"Content-Type": "application/json"})
    assert_envelope(r, 400, "bad_request")


def test_bad_utf8_json_is_400(server):
    r = server.req("POST", "/auth/login", data=b'{"email": "\xff\xfe@x.io", "password": "p"}',
                   headers={"Content-Type": "application/json"})
    assert_envelope(r, 400, "bad_request")


def test_bad_utf8_in_path_is_404_envelope(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"GET /v1/\xff\xfe%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert b" 404 " in head.split(b"\r\n")[0]
    assert b'"not_found"' in body


def test_wrong_content_type_is_415(server):
    r = server.req("POST", "/auth/login", data=b'{"email":"a@b.c","password":"x"}',
                   headers={"Content-Type": "text/plain"})
    assert_envelope(r, 415, "unsupported_media_type")


def test_oversized_body_is_413(server):
    big = b'{"email": "' + b"a" * (64 * 1024) + b'"}'
    r = server.req("POST", "/auth/login", data=big, headers={"Content-Type": "application/json"})
    assert_envelope(r, 413, "payload_too_large")


def test_oversized_chunked_body_is_413(server):
    def gen():
        yield b'{"email": "'
        for _ in range(40):
            yield b"a" * 1024
        yield b'"}'
    r = server.req("POST", "/auth/login", data=gen(), headers={"Content-Type": "application/json"})
    assert_envelope(r, 413, "payload_too_large")


def test_validation_is_422_with_fields_in_both_places(server):
    r = server.req("POST", "/auth/login", json={"email": 5})
    body = assert_envelope(r, 422, "validation_error")
    locs = [tuple(f["loc"]) for f in body["detail"]]
    assert ("body", "email") in locs and ("body", "password") in locs


def test_missing_and_forged_tokens_are_401(server):
    assert_envelope(server.req("GET", "/auth/me"), 401, "unauthorized")
    assert_envelope(server.req("GET", "/auth/me", token="vga_forged"), 401, "unauthorized",
                    "Invalid or expired access token.")
    assert_envelope(server.req("GET", "/auth/me", headers={"Authorization": "Basic eDp5"}),
                    401, "unauthorized")
    assert_envelope(server.req("GET", "/auth/me", key="vg_live_short"), 401, "unauthorized",
                    "Invalid or revoked API key.")
    assert_envelope(server.req("GET", "/auth/me", key="vg_live_" + "A" * 40), 401,
                    "unauthorized", "Invalid or revoked API key.")


def test_openapi_document_is_served(server):
    r = server.req("GET", "/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    r = requests.get(server.base + "/docs", timeout=5)
    assert r.status_code == 200 and "openapi.json" in r.text


def test_no_error_body_leaks_internals(server):
    for r in (server.req("GET", "/nope"), server.req("POST", "/auth/login", data=b"{",
                                                          headers={"Content-Type": "application/json"})):
        text = r.text.lower()
        for leak in ("sqlite", "select ", "/tmp/", "traceback", server.data_dir.lower()):
            assert leak not in text


def test_readyz_is_503_while_postgres_is_unreachable(tmp_path):
    from conftest import PG_URL, Server, pg_admin
    if not PG_URL:
        pytest.skip("needs VEGA_TEST_PG_URL")
    srv = Server("postgres", str(tmp_path)).start()
    try:
        assert srv.req("GET", "/readyz").status_code == 200
        pg_admin(f"ALTER DATABASE {srv.pg_db} ALLOW_CONNECTIONS false")
        pg_admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 f"WHERE datname = '{srv.pg_db}'")
        r = srv.req("GET", "/readyz")
        body = assert_envelope(r, 503, "service_unavailable")
        assert body["error"]["retryable"] is True
        assert body["error"]["details"]["database"] == "unreachable"
        assert srv.req("GET", "/healthz").status_code == 200
        pg_admin(f"ALTER DATABASE {srv.pg_db} ALLOW_CONNECTIONS true")
        deadline = time.time() + 10
        while srv.req("GET", "/readyz").status_code != 200 and time.time() < deadline:
            time.sleep(0.2)
        assert srv.req("GET", "/readyz").status_code == 200
    finally:
        pg_admin(f"ALTER DATABASE {srv.pg_db} ALLOW_CONNECTIONS true")
        assert srv.stop() == 0
        srv.drop()


def test_garbage_on_the_socket_never_kills_the_server(server):
    import random
    rng = random.Random(1234)
    payloads = [b"\x00\xff" * 100, b"GET / HTTP/9.9\r\n\r\n", b"GET " + b"A" * 70000 + b" HTTP/1.1\r\n\r\n",
                b"POST /v1/auth/login HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                b"POST /v1/auth/login HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                b"GET /v1/healthz HTTP/1.1\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n"]
    payloads += [bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 3000))) for _ in range(40)]
    for p in payloads:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
                s.sendall(p)
                s.shutdown(socket.SHUT_WR)
                s.recv(65536)
        except OSError:
            pass
    assert server.proc.poll() is None
    assert server.req("GET", "/healthz").status_code == 200
