"""Limits are settings (flags / VEGA_* environment), shown by GET /v1/ops/limits; a refused
API-key request (CIDR, unverified email) is neither counted nor logged as use; `vega ci`
names the limit and when it resets."""
import subprocess

import pytest

from conftest import VEGA, Server, assert_envelope, backends
from scanlib import create
from test_rate_limits import wait_for_fresh_minute


@pytest.fixture(scope="module", params=backends())
def tight(request, tmp_path_factory):
    """A server whose operator lowered every limit (flags and environment mixed)."""
    srv = Server(request.param, str(tmp_path_factory.mktemp("tight")),
                 extra_env={"VEGA_SCANS_PER_KEY_PER_DAY": "2",
                            "VEGA_LOGIN_FAILURES_PER_IP": "7"},
                 extra_args=["--requests-per-key-per-minute", "4",
                             "--scans-per-user-per-day", "9", "--scans-per-ip-per-day", "0",
                             "--login-failures-per-account", "3",
                             "--login-window-seconds", "600", "--workers", "0"]).start()
    yield srv
    rc = srv.stop()
    srv.drop()
    assert rc == 0, srv.read_log()[-2000:]


def admin_token(srv):
    email, password = srv.new_user(admin=True)
    return srv.token(email, password)


def test_ops_limits_shows_the_configured_values(tight):
    body = tight.req("GET", "/ops/limits", token=admin_token(tight)).json()
    assert body["v1_requests_per_key_per_minute"] == {"limit": 4, "window": "minute",
                                                      "window_seconds": 60}
    assert body["v1_scans_per_key_per_day"] == {"limit": 2, "window": "day",
                                                "window_seconds": 86400}
    assert body["scans_per_user_per_day"]["limit"] == 9
    assert body["scans_per_ip_per_day"]["limit"] is None  # 0: no limit
    assert body["login_failures_per_account"] == {"limit": 3, "window": "seconds",
                                                  "window_seconds": 600}
    assert body["login_failures_per_ip"]["limit"] == 7
    for k in ("max_connections", "max_connections_per_ip", "header_timeout_seconds",
              "body_timeout_seconds", "max_body_bytes", "max_upload_bytes"):
        assert isinstance(body[k], int), k


def test_defaults_are_the_seeds(tmp_path):
    srv = Server("sqlite", str(tmp_path), extra_args=["--workers", "0"]).start()
    try:
        email, password = srv.new_user(admin=True)
        body = srv.req("GET", "/ops/limits", token=srv.token(email, password)).json()
    finally:
        assert srv.stop() == 0
    assert body["v1_requests_per_key_per_minute"]["limit"] == 60
    assert body["v1_scans_per_key_per_day"]["limit"] == 20
    assert body["login_failures_per_account"]["limit"] == 5
    assert body["login_failures_per_ip"]["limit"] == 30
    assert body["login_failures_per_account"]["window_seconds"] == 900


def test_configured_request_and_scan_limits_apply(tight):
    email, password = tight.new_user()
    key = tight.new_key(tight.token(email, password))["key"]
    wait_for_fresh_minute(15)
    codes = [create(tight, key=key).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert tight.req("GET", "/auth/me", key=key).status_code == 200  # the 4th of 4
    r = tight.req("GET", "/auth/me", key=key)
    assert_envelope(r, 429, "rate_limited",
                    "Rate limit exceeded (v1_requests_per_key_per_minute: 5/4). Try again later.")
    assert r.json()["error"]["details"]["bucket"] == "v1_requests_per_key_per_minute"


def test_configured_login_limit_applies(tight):
    email, password = tight.new_user()
    wait_for_fresh_minute(30, window=600)
    codes = [tight.req("POST", "/auth/login", json={"email": email, "password": "wrong"})
             .status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    r = tight.req("POST", "/auth/login", json={"email": email, "password": password})
    assert_envelope(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 600


def activity(srv, tok, key_id):
    items = srv.req("GET", "/api-keys/activity", token=tok).json()["items"]
    return [i["action"] for i in items if i["api_key_id"] == key_id]


def test_cidr_refused_requests_are_not_use(tight):
    email, password = tight.new_user()
    tok = tight.token(email, password)
    created = tight.new_key(tok, allowed_cidrs=["10.0.0.0/8"])
    for _ in range(8):  # twice the per-minute limit: never a 429, always the refusal
        r = tight.req("GET", "/auth/me", key=created["key"])
        assert_envelope(r, 403, "forbidden", "This API key is not allowed from this IP address.")
    assert activity(tight, tok, created["id"]) == ["api_key.created"]
    listed = tight.req("GET", "/api-keys", token=tok).json()["items"]
    assert [k for k in listed if k["id"] == created["id"]][0]["last_used_at"] is None


def test_unverified_email_requests_are_not_use(tight):
    email, password = tight.new_user()
    tok = tight.token(email, password)
    created = tight.new_key(tok)
    tight.sql(f"UPDATE users SET email_verified = 0 WHERE email = '{email}'")
    wait_for_fresh_minute(15)
    for _ in range(8):
        r = tight.req("GET", "/auth/me", key=created["key"])
        assert_envelope(r, 403, "forbidden", "Your account email must be verified.")
    assert activity(tight, tok, created["id"]) == ["api_key.created"]
    # Verified again, the key has its whole minute left: the refusals were not counted.
    tight.cli("user", "verify", "--email", email)
    codes = [tight.req("GET", "/auth/me", key=created["key"]).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429], codes
    assert "api_key.used" in activity(tight, tok, created["id"])


def test_ci_names_the_limit_and_its_reset(tight, tmp_path):
    email, password = tight.new_user()
    key = tight.new_key(tight.token(email, password))["key"]
    for _ in range(2):
        assert create(tight, key=key).status_code == 201
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.txt").write_text("hello\n")
    env = dict(tight.env, VEGA_API_KEY=key)
    p = subprocess.run([VEGA, "ci", "--api", tight.url, str(tmp_path / "app")], env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2, p.stderr
    assert "v1_scans_per_key_per_day (3/2)" in p.stderr, p.stderr
    assert "resets in " in p.stderr and " UTC)" in p.stderr, p.stderr
