"""Legacy sessions (API.md "Sessions (legacy)"): a thin adapter over scans with Deprecation,
Sunset and Link headers on every answer."""
import uuid

import dashlib
import scanlib
from conftest import assert_envelope

import time


def legacy_headers(r):
    assert r.headers["Deprecation"].startswith("@")
    assert r.headers["Sunset"].endswith("GMT")
    assert r.headers["Link"] == '</v1/scans>; rel="successor-version"'


def test_session_runs_a_scan(server):
    t = dashlib.user_token(server)
    r = server.req("POST", "/sessions", token=t, json={"project_name": "legacy-app"})
    assert r.status_code == 201, r.text
    legacy_headers(r)
    s = r.json()
    assert set(s) == {"session_id", "upload_url", "expires_at"}
    sid = s["session_id"]
    r = server.req("GET", f"/sessions/{sid}", token=t)
    legacy_headers(r)
    assert r.json()["status"] == "pending"
    assert_envelope(server.req("POST", f"/sessions/{sid}/analyze", token=t), 409, "conflict")
    key = scanlib.fake_stripe_key()
    assert scanlib.upload(s["upload_url"], scanlib.make_zip({"a.py": dashlib.secret_line(key)})).status_code == 200
    r = server.req("POST", f"/sessions/{sid}/analyze", token=t)
    assert r.status_code == 202, r.text
    legacy_headers(r)
    assert r.json() == {"session_id": sid, "status": "analyzing"}
    deadline = time.time() + 90
    while time.time() < deadline:
        r = server.req("GET", f"/sessions/{sid}", token=t)
        if r.json()["status"] in ("done", "error"):
            break
        assert r.json()["status"] == "analyzing"
        time.sleep(0.2)
    legacy_headers(r)
    body = r.json()
    assert body["status"] == "done"
    assert set(body) == {"session_id", "status", "score", "findings_count", "findings"}
    assert body["findings_count"] == len(body["findings"]) == 1
    scan = server.req("GET", f"/scans/{sid}", token=t).json()
    assert body["score"] == scan["launch_readiness_score"]
    assert key not in r.text
    # The session's scan is filed like any other.
    assert any(x["id"] == sid for x in dashlib.walk(server, "/scans", token=t, params={"status": "complete"}))


def test_session_errors_carry_the_headers(server):
    t = dashlib.user_token(server)
    for r in (server.req("GET", f"/sessions/{uuid.uuid4()}", token=t),
              server.req("GET", "/sessions/nope", token=t),
              server.req("POST", f"/sessions/{uuid.uuid4()}/analyze", token=t)):
        assert_envelope(r, 404, "not_found", "Session not found")
        legacy_headers(r)
    r = server.req("POST", "/sessions", token=t, json={"project_name": "a\x01b"})
    assert_envelope(r, 422, "validation_error")
    legacy_headers(r)
    r = server.req("POST", "/sessions", token=t, json={})
    assert_envelope(r, 422, "validation_error")
