"""Self-service accounts (src/api/accounts.c): sign-up with --allow-signup, email verification
and password reset by mail, delivered over real SMTP to tests/fakes/smtp_sink.py. SQLite and
PostgreSQL (the tokens live in the store)."""
import glob
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
