"""Self-service accounts (src/api/accounts.c): sign-up with --allow-signup, email verification
and password reset by mail, delivered over real SMTP to tests/fakes/smtp_sink.py. SQLite and
PostgreSQL (the tokens live in the store)."""
import glob
import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid

import pytest

from conftest import Server, assert_envelope, backends, free_port

SINK = os.path.join(os.path.dirname(__file__), "..", "fakes", "smtp_sink.py")


@pytest.fixture(scope="module")
def sink(tmp_path_factory):
    outdir = str(tmp_path_factory.mktemp("mail"))
    p = subprocess.Popen([sys.executable, SINK, outdir], stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline().split()[1])
    yield {"port": port, "dir": outdir}
    p.terminate()
    p.wait(timeout=10)


@pytest.fixture(scope="module", params=backends())
def srv(request, tmp_path_factory, sink):
    s = Server(request.param, str(tmp_path_factory.mktemp("acct")),
               extra_args=["--workers", "0", "--allow-signup", "--smtp-url",
                           f"smtp://127.0.0.1:{sink['port']}", "--smtp-from",
                           "Vega <no-reply@vega.test>"]).start()
    yield s
    assert s.stop() == 0
    s.drop()


def mails_to(sink, addr, n=1, timeout=10):
    """The messages delivered to addr, waiting for at least n."""
    until = time.time() + timeout
    while True:
        out = []
        for f in sorted(glob.glob(os.path.join(sink["dir"], "*.json"))):
            with open(f) as fh:
                m = json.load(fh)
            if addr in m["rcpt_to"]:
                out.append(m)
        if len(out) >= n or time.time() > until:
            return out
        time.sleep(0.05)


def link_token(mail, page):
    m = re.search(r"https?://\S+/" + page + r"\?token=([0-9A-Za-z]+)", mail["body"])
    assert m, mail["body"]
    return m.group(1)


def new_email():
    return f"founder-{uuid.uuid4().hex[:10]}@example.com"


def test_signup_state_is_public(srv):
    r = srv.req("GET", "/auth/signup")
    assert r.status_code == 200 and r.json() == {"enabled": True, "mail": True}


def test_signup_verify_then_keys_work(srv, sink):
    email = new_email()
    r = srv.req("POST", "/auth/signup", json={"email": email.upper(), "password": "correct horse 1"})
    assert r.status_code == 201, r.text
    assert r.json() == {"email": email, "status": "verification_sent"}
    [mail] = mails_to(sink, email)
    assert mail["mail_from"] == "no-reply@vega.test"
    assert mail["headers"]["Subject"] == "Verify your email for Vega"
    token = link_token(mail, "verify-email")
    assert srv.base in mail["body"]
    # Signed in but unverified: no keys, no scans.
    t = srv.token(email, "correct horse 1")
    assert srv.req("GET", "/auth/me", token=t).json()["email_verified"] is False
    assert_envelope(srv.req("POST", "/api-keys", token=t, json={"name": "ci"}), 403, "forbidden")
    r = srv.req("POST", "/auth/verify-email", json={"token": token})
    assert r.status_code == 200 and r.json() == {"email_verified": True}
    assert srv.req("GET", "/auth/me", token=t).json()["email_verified"] is True
    assert srv.req("POST", "/api-keys", token=t, json={"name": "ci"}).status_code == 201
    # A link works once; the token is stored only as a hash.
    assert_envelope(srv.req("POST", "/auth/verify-email", json={"token": token}), 400,
                    "bad_request")
    assert token not in srv.dump_database()
    assert token not in srv.read_log()
    assert_envelope(srv.req("POST", "/auth/verify-email/resend", token=t), 409, "conflict")


def test_signup_of_a_taken_address_tells_its_owner_not_the_caller(srv, sink):
    email = new_email()
    assert srv.req("POST", "/auth/signup", json={"email": email, "password": "first-pass-1"}).status_code == 201
    token = link_token(mails_to(sink, email)[0], "verify-email")
    assert srv.req("POST", "/auth/verify-email", json={"token": token}).status_code == 200
    r = srv.req("POST", "/auth/signup", json={"email": email, "password": "other-pass-2"})
    assert r.status_code == 201 and r.json()["status"] == "verification_sent"
    mails = mails_to(sink, email, 2)
    assert len(mails) == 2 and "already has one" in mails[1]["body"]
    assert "token=" not in mails[1]["body"]
    srv.token(email, "first-pass-1")  # the password did not change


def test_resend_replaces_the_earlier_link(srv, sink):
    email = new_email()
    srv.req("POST", "/auth/signup", json={"email": email, "password": "pass-word-3"})
    first = link_token(mails_to(sink, email)[0], "verify-email")
    t = srv.token(email, "pass-word-3")
    r = srv.req("POST", "/auth/verify-email/resend", token=t)
    assert r.status_code == 202
    second = link_token(mails_to(sink, email, 2)[1], "verify-email")
    assert first != second
    assert_envelope(srv.req("POST", "/auth/verify-email", json={"token": first}), 400, "bad_request")
    assert srv.req("POST", "/auth/verify-email", json={"token": second}).status_code == 200


def test_password_reset_changes_the_password_and_ends_every_login(srv, sink):
    email, password = srv.new_user()
    before = srv.login(email, password)
    r = srv.req("POST", "/auth/password-reset", json={"email": email})
    assert r.status_code == 202 and r.json() == {"status": "sent_if_registered"}
    [mail] = mails_to(sink, email)
    assert mail["headers"]["Subject"] == "Reset your Vega password"
    token = link_token(mail, "reset-password")
    assert_envelope(srv.req("POST", "/auth/password-reset/confirm",
                            json={"token": token, "password": "short"}), 422, "validation_error")
    r = srv.req("POST", "/auth/password-reset/confirm", json={"token": token, "password": "new-password-9"})
    assert r.status_code == 204, r.text
    assert_envelope(srv.req("GET", "/auth/me", token=before["access_token"]), 401, "unauthorized")
    assert_envelope(srv.req("POST", "/auth/refresh", json={"refresh_token": before["refresh_token"]}),
                    401, "unauthorized")
    assert_envelope(srv.req("POST", "/auth/login", json={"email": email, "password": password}), 401,
                    "unauthorized")
    srv.token(email, "new-password-9")
    assert_envelope(srv.req("POST", "/auth/password-reset/confirm",
                            json={"token": token, "password": "again-password-9"}), 400, "bad_request")


def test_reset_request_for_an_unknown_address_answers_the_same_and_mails_nobody(srv, sink):
    email = new_email()
    r = srv.req("POST", "/auth/password-reset", json={"email": email})
    assert r.status_code == 202 and r.json() == {"status": "sent_if_registered"}
    assert mails_to(sink, email, 1, timeout=0.5) == []


def test_validation(srv):
    assert_envelope(srv.req("POST", "/auth/signup", json={"email": "nope", "password": "long-enough-1"}),
                    422, "validation_error")
    assert_envelope(srv.req("POST", "/auth/signup", json={"email": new_email(), "password": "short"}),
                    422, "validation_error")
    assert_envelope(srv.req("POST", "/auth/verify-email", json={"token": "x" * 43}), 400, "bad_request")
    assert_envelope(srv.req("POST", "/auth/password-reset", json={}), 422, "validation_error")


def test_signup_is_off_by_default_and_mail_failures_are_503(tmp_path):
    off = Server("sqlite", str(tmp_path), extra_args=["--workers", "0"]).start()
    try:
        assert off.req("GET", "/auth/signup").json() == {"enabled": False, "mail": False}
        assert_envelope(off.req("POST", "/auth/signup", json={"email": new_email(), "password": "long-enough-1"}),
                        403, "forbidden")
        assert_envelope(off.req("POST", "/auth/password-reset", json={"email": "a@b.c"}), 503,
                        "service_unavailable")
    finally:
        assert off.stop() == 0
    down = Server("sqlite", str(tmp_path), extra_args=[
        "--workers", "0", "--allow-signup", "--smtp-url", f"smtp://127.0.0.1:{free_port()}"]).start()
    try:
        body = assert_envelope(down.req("POST", "/auth/signup", json={"email": new_email(), "password": "long-enough-1"}),
                               503, "service_unavailable")
        assert "mail could not be sent" in body["detail"]
    finally:
        assert down.stop() == 0


def post_from(srv, source, path, body=None, token=None):
    """POST /v1{path} from the client address source (127.0.0.x): (status, headers, json)."""
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30, source_address=(source, 0))
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    c.request("POST", "/v1" + path, json.dumps(body) if body is not None else None, headers)
    r = c.getresponse()
    out = (r.status, dict(r.getheaders()), json.loads(r.read() or b"null"))
    c.close()
    return out


def test_account_mails_are_limited_per_client_address(tmp_path, sink):
    """Sign-up, password-reset requests and verification resends share one per-IP hourly
    bucket (account_mails_per_ip_per_hour): a burst from one address gets 429 with
    Retry-After and sends no mail, other addresses are not affected. SQLite only: the
    counters are the same store code as the other limits."""
    s = Server("sqlite", str(tmp_path), extra_args=[
        "--workers", "0", "--allow-signup", "--smtp-url", f"smtp://127.0.0.1:{sink['port']}",
        "--account-mails-per-ip-per-hour", "4"]).start()
    try:
        if 3600 - time.time() % 3600 < 10:  # the burst must fall in one UTC hour
            time.sleep(3600 - time.time() % 3600 + 0.5)
        a, b, c = new_email(), new_email(), new_email()
        assert post_from(s, "127.0.0.1", "/auth/signup", {"email": a, "password": "pass-word-a1"})[0] == 201
        t = s.token(a, "pass-word-a1")  # a login is not counted here
        assert post_from(s, "127.0.0.1", "/auth/verify-email/resend", token=t)[0] == 202
        assert post_from(s, "127.0.0.1", "/auth/password-reset", {"email": a})[0] == 202
        assert post_from(s, "127.0.0.1", "/auth/signup", {"email": b, "password": "pass-word-b1"})[0] == 201
        assert len(mails_to(sink, a, 3)) == 3 and len(mails_to(sink, b)) == 1
        refused = [post_from(s, "127.0.0.1", "/auth/signup", {"email": c, "password": "pass-word-c1"}),
                   post_from(s, "127.0.0.1", "/auth/password-reset", {"email": a}),
                   post_from(s, "127.0.0.1", "/auth/verify-email/resend", token=t)]
        for status, headers, body in refused:
            assert status == 429, body
            assert body["error"]["code"] == "rate_limited" and body["error"]["retryable"] is True
            d = body["error"]["details"]
            assert d["bucket"] == "account_mails_per_ip_per_hour" and d["limit"] == 4
            assert 1 <= int(headers["Retry-After"]) <= 3600
            assert d["retry_after"] == int(headers["Retry-After"])
            assert "account_mails_per_ip_per_hour" in body["error"]["message"]
        # Refused: no account, no mail (the password was never hashed, nothing was sent).
        assert mails_to(sink, c, timeout=0.5) == [] and len(mails_to(sink, a, 3, timeout=0.5)) == 3
        # Another address is not affected, and its sign-up is the first of its own count.
        status, _, body = post_from(s, "127.0.0.2", "/auth/signup", {"email": c, "password": "pass-word-c1"})
        assert status == 201, body
        assert len(mails_to(sink, c)) == 1
        assert post_from(s, "127.0.0.2", "/auth/password-reset", {"email": c})[0] == 202
        # Other routes from the limited address still work (the bucket is only these three).
        assert s.req("POST", "/auth/verify-email", json={"token": "x" * 43}).status_code == 400
        s.token(b, "pass-word-b1")
    finally:
        assert s.stop() == 0
