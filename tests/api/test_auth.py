"""Login, refresh rotation with reuse detection, logout, me, throttling."""
import uuid

from conftest import DEBUG_EMAIL, assert_envelope
from test_rate_limits import wait_for_fresh_minute


def test_seed_login_and_me(server):
    pair = server.login()
    assert pair["token_type"] == "bearer" and pair["expires_in"] > 0
    r = server.req("GET", "/auth/me", token=pair["access_token"])
    assert r.status_code == 200
    me = r.json()
    assert me["email"] == DEBUG_EMAIL and me["email_verified"] is True
    assert me["auth_method"] == "bearer" and me["api_key"] is None


def test_login_is_case_insensitive_on_email(server):
    r = server.req("POST", "/auth/login", json={"email": "DEBUG@Example.com",
                                                "password": "vega-debug-password"})
    assert r.status_code == 200


def test_wrong_password_and_unknown_user_look_the_same(server):
    a = server.req("POST", "/auth/login", json={"email": DEBUG_EMAIL, "password": "nope-nope"})
    b = server.req("POST", "/auth/login", json={"email": "ghost@example.com", "password": "x"})
    assert_envelope(a, 401, "unauthorized")
    assert_envelope(b, 401, "unauthorized")
    assert a.json()["detail"] == b.json()["detail"]


def test_failed_logins_are_throttled_per_account(server):
    email, password = server.new_user()
    wait_for_fresh_minute(10, window=900)  # fixed 15-minute login windows
    for _ in range(5):
        r = server.req("POST", "/auth/login", json={"email": email, "password": "wrong-pass"})
        assert r.status_code == 401
    r = server.req("POST", "/auth/login", json={"email": email, "password": password})
    assert_envelope(r, 429, "rate_limited")
    assert int(r.headers["Retry-After"]) > 0
    # Another account from the same address is not locked by this one.
    other, pw = server.new_user()
    assert server.req("POST", "/auth/login", json={"email": other, "password": pw}).status_code == 200


def test_refresh_rotates_and_reuse_revokes_the_family(server):
    first = server.login()
    r = server.req("POST", "/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 200
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert server.req("GET", "/auth/me", token=second["access_token"]).status_code == 200
    # Presenting the spent token again: refused, and the whole family dies.
    r = server.req("POST", "/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_envelope(r, 401, "unauthorized")
    r = server.req("POST", "/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert_envelope(r, 401, "unauthorized")
    assert_envelope(server.req("GET", "/auth/me", token=second["access_token"]), 401,
                    "unauthorized")
    # Other logins are unaffected.
    assert server.req("GET", "/auth/me", token=server.token()).status_code == 200


def test_refresh_with_garbage_is_401(server):
    r = server.req("POST", "/auth/refresh", json={"refresh_token": "vgr_" + uuid.uuid4().hex})
    assert_envelope(r, 401, "unauthorized")
    assert_envelope(server.req("POST", "/auth/refresh", json={}), 422, "validation_error")


def test_logout_kills_the_access_token_at_once(server):
    pair = server.login()
    assert server.req("POST", "/auth/logout", token=pair["access_token"]).status_code == 204
    assert_envelope(server.req("GET", "/auth/me", token=pair["access_token"]), 401,
                    "unauthorized")
    r = server.req("POST", "/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_envelope(r, 401, "unauthorized")


def test_unverified_user_can_log_in_but_not_create_keys(server):
    email, password = server.new_user(verified=False)
    tok = server.token(email, password)
    me = server.req("GET", "/auth/me", token=tok).json()
    assert me["email_verified"] is False
    r = server.req("POST", "/api-keys", token=tok, json={"name": "ci"})
    assert_envelope(r, 403, "forbidden", "Your account email must be verified.")
    server.cli("user", "verify", "--email", email)
    assert server.req("POST", "/api-keys", token=tok, json={"name": "ci"}).status_code == 201


def test_user_cli_errors(server):
    p = server.cli("user", "add", "--email", DEBUG_EMAIL, "--password", "whatever-1", check=False)
    assert p.returncode == 1 and "already exists" in p.stderr
    p = server.cli("user", "verify", "--email", "ghost@example.com", check=False)
    assert p.returncode == 1 and "no such user" in p.stderr
    p = server.cli("user", "add", "--email", "x@example.com", "--password", "short", check=False)
    assert p.returncode == 1
    p = server.cli("user", "list")
    assert DEBUG_EMAIL in p.stdout
