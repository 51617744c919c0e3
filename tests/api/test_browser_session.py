"""Browser sessions (src/api/session.c): the refresh token only in an HttpOnly, SameSite=Strict
cookie, the CSRF double submit on the cookie-authenticated requests, rotation and sign-out.
They wrap the token handlers tested on both databases: SQLite only."""
import pytest
import requests

from conftest import DEBUG_EMAIL, DEBUG_PASSWORD, Server, assert_envelope


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    s = Server("sqlite", str(tmp_path_factory.mktemp("sess")), extra_args=["--workers", "0"]).start()
    yield s
    assert s.stop() == 0


def sign_in(srv):
    b = requests.Session()
    r = b.post(srv.url + "/auth/session", json={"email": DEBUG_EMAIL, "password": DEBUG_PASSWORD},
               timeout=30)
    assert r.status_code == 200, r.text
    return b, r


def set_cookies(r):
    return [v for k, v in r.raw.headers.items() if k.lower() == "set-cookie"]


def test_sign_in_keeps_the_refresh_token_out_of_reach_of_scripts(web):
    b, r = sign_in(web)
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "csrf_token"}
    cookies = set_cookies(r)
    refresh = [c for c in cookies if c.startswith("vega_refresh=")][0]
    for part in ("HttpOnly", "SameSite=Strict", "Path=/v1/auth/session", "Max-Age=2592000"):
        assert part in refresh, refresh
    assert "Secure" not in refresh  # plain http here; see the https test below
    csrf = [c for c in cookies if c.startswith("vega_csrf=")][0]
    assert f"vega_csrf={body['csrf_token']};" in csrf and "HttpOnly" not in csrf
    assert web.req("GET", "/auth/me", token=body["access_token"]).status_code == 200


def test_refresh_needs_the_csrf_token_and_rotates(web):
    b, r = sign_in(web)
    csrf = r.json()["csrf_token"]
    url = web.url + "/auth/session/refresh"
    assert_envelope(b.post(url, timeout=30), 403, "forbidden")
    assert_envelope(b.post(url, headers={"X-CSRF-Token": "x" * 32}, timeout=30), 403, "forbidden")
    assert_envelope(b.post(url, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"},
                           timeout=30), 403, "forbidden")
    old = b.cookies.get("vega_refresh")
    r2 = b.post(url, headers={"X-CSRF-Token": csrf, "Origin": web.base}, timeout=30)
    assert r2.status_code == 200, r2.text
    assert "refresh_token" not in r2.json() and r2.json()["csrf_token"] == csrf
    assert b.cookies.get("vega_refresh") != old
    assert web.req("GET", "/auth/me", token=r2.json()["access_token"]).status_code == 200
    # A stolen, already rotated cookie replayed: the whole login is revoked, cookies cleared.
    thief = requests.Session()
    thief.cookies.set("vega_refresh", old, path="/v1/auth/session")
    thief.cookies.set("vega_csrf", csrf, path="/")
    replay = thief.post(url, headers={"X-CSRF-Token": csrf}, timeout=30)
    assert_envelope(replay, 401, "unauthorized")
    assert any(c.startswith("vega_refresh=;") for c in set_cookies(replay))
    assert_envelope(b.post(url, headers={"X-CSRF-Token": csrf}, timeout=30), 401, "unauthorized")


def test_no_cookie_is_401(web):
    r = requests.post(web.url + "/auth/session/refresh", headers={"X-CSRF-Token": "a" * 32},
                      cookies={"vega_csrf": "a" * 32}, timeout=30)
    assert_envelope(r, 401, "unauthorized")


def test_sign_out_ends_the_login(web):
    b, r = sign_in(web)
    body = r.json()
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    assert_envelope(b.delete(web.url + "/auth/session", headers=auth, timeout=30), 403, "forbidden")
    out = b.delete(web.url + "/auth/session", headers={**auth, "X-CSRF-Token": body["csrf_token"]},
                   timeout=30)
    assert out.status_code == 204
    assert any(c.startswith("vega_refresh=;") and "Max-Age=0" in c for c in set_cookies(out))
    assert_envelope(web.req("GET", "/auth/me", token=body["access_token"]), 401, "unauthorized")
    r2 = requests.post(web.url + "/auth/session/refresh", headers={"X-CSRF-Token": body["csrf_token"]},
                       cookies={"vega_csrf": body["csrf_token"], "vega_refresh": r.cookies["vega_refresh"]},
                       timeout=30)
    assert_envelope(r2, 401, "unauthorized")


def test_wrong_password_sets_no_cookie(web):
    r = requests.post(web.url + "/auth/session", json={"email": DEBUG_EMAIL, "password": "nope-nope"},
                      timeout=30)
    assert_envelope(r, 401, "unauthorized")
    assert set_cookies(r) == []


def test_secure_cookies_behind_https(tmp_path):
    s = Server("sqlite", str(tmp_path), extra_args=["--workers", "0", "--public-url",
                                                    "https://vega.example.com"]).start()
    try:
        r = requests.post(s.url + "/auth/session", json={"email": DEBUG_EMAIL, "password": DEBUG_PASSWORD},
                          timeout=30)
        assert r.status_code == 200
        assert all("; Secure" in c for c in set_cookies(r))
    finally:
        assert s.stop() == 0
