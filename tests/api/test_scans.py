"""The developer API's scan flow (seed: create -> PUT the ZIP -> start -> poll -> findings)."""
import socket
import time

import requests

from conftest import assert_envelope
from scanlib import (create, fake_stripe_key, make_zip, run_scan, sign_upload, upload,
                     wait_done)

SCAN_FIELDS = {"id", "status", "source_type", "project_id", "total_files", "included_files",
               "ignored_files", "risky_skipped_files", "total_bytes", "included_bytes",
               "complexity_score", "complexity_label", "launch_readiness_score",
               "free_findings_summary", "created_at", "completed_at", "error_message", "findings"}
FINDING_FIELDS = {"id", "severity", "category", "rule_id", "title", "description",
                  "recommendation", "file_path", "line_start", "line_end", "masked_evidence",
                  "confidence"}


def user_key(server, scopes=None):
    email, password = server.new_user()
    tok = server.token(email, password)
    return server.new_key(tok, scopes=scopes)["key"], tok


def test_seed_flow_finds_a_planted_stripe_key(server):
    key, _ = user_key(server)
    secret = fake_stripe_key()
    data = make_zip({"my-mvp/src/db.ts": f'export const stripe = "{secret}";\n',
                     "my-mvp/README.md": "# my mvp\n",
                     "my-mvp/node_modules/x/index.js": "module.exports = 1;\n"})
    r = create(server, key=key)
    assert r.status_code == 201
    created = r.json()
    assert set(created) == {"scan_id", "project_id", "upload_url", "upload_storage_path",
                            "upload_expires_at"}
    assert created["upload_storage_path"].startswith("raw-uploads/")
    assert created["upload_storage_path"].endswith(".zip")
    expires = time.strptime(created["upload_expires_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert 14 * 60 <= time.mktime(expires) - time.mktime(time.gmtime()) <= 15 * 60 + 5
    assert upload(created["upload_url"], data).status_code == 200
    r = server.req("POST", f"/scans/{created['scan_id']}/start", key=key)
    assert r.status_code == 202 and r.json() == {"scan_id": created["scan_id"], "status": "queued"}
    scan = wait_done(server, created["scan_id"], key=key)
    assert scan["status"] == "complete", scan
    assert SCAN_FIELDS <= set(scan)
    assert scan["project_id"] == created["project_id"] and scan["source_type"] == "zip"
    assert scan["total_files"] == 3 and scan["included_files"] == 2
    assert scan["ignored_files"] == 1 and scan["risky_skipped_files"] == 0
    assert scan["launch_readiness_score"] < 50
    assert scan["complexity_label"] in ("simple", "moderate", "complex", "very_complex")
    by = scan["free_findings_summary"]["findings_by_severity"]
    assert set(by) == {"critical", "high", "medium", "low", "info"} and by["critical"] == 1
    [f] = [f for f in scan["findings"] if f["rule_id"] == "stripe-live-secret-key"]
    assert FINDING_FIELDS <= set(f)
    assert f["severity"] == "critical" and f["category"] == "secret"
    assert f["file_path"] == "my-mvp/src/db.ts" and f["line_start"] == 1
    assert f["masked_evidence"].startswith("sk_live_") and secret not in f["masked_evidence"]
    assert secret not in r.text and secret not in str(scan)
    # Starting again once it left the queue is a conflict.
    r = server.req("POST", f"/scans/{created['scan_id']}/start", key=key)
    assert_envelope(r, 409, "conflict")


def test_secrets_never_reach_the_database_or_logs(server):
    key, _ = user_key(server)
    secrets = [fake_stripe_key() for _ in range(3)]
    data = make_zip({f"app/s{i}.env": f"STRIPE_SECRET_KEY={s}\n" for i, s in enumerate(secrets)})
    scan = run_scan(server, data, key=key)
    assert scan["status"] == "complete" and len(scan["findings"]) >= 3
    dump = server.dump_database()
    log = server.read_log()
    for s in secrets:
        assert s not in dump and s[8:] not in dump
        assert s not in log and s[8:] not in log


def test_start_rules(server):
    key, _ = user_key(server)
    created = create(server, key=key).json()
    r = server.req("POST", f"/scans/{created['scan_id']}/start", key=key)
    assert_envelope(r, 409, "conflict")
    assert "upload" in r.json()["detail"]
    gh = create(server, key=key, source_type="github", github_repo_full_name="acme/storefront")
    assert gh.status_code == 201
    body = gh.json()
    assert body["upload_url"] is None and body["upload_storage_path"] is None
    assert body["upload_expires_at"] is None


def test_validation(server):
    key, _ = user_key(server)
    cases = [({"project_name": ""}, "project_name"), ({"project_name": "x" * 201}, "project_name"),
             ({"source_type": "svn"}, "source_type"),
             ({"source_type": "github"}, "github_repo_full_name"),
             ({"source_type": "github", "github_repo_full_name": "no-slash"},
              "github_repo_full_name"),
             ({"source_type": "github", "github_repo_full_name": "a/b/c"},
              "github_repo_full_name")]
    for body, field in cases:
        r = create(server, key=key, **body)
        b = assert_envelope(r, 422, "validation_error")
        assert any(f["loc"] == ["body", field] for f in b["detail"]), (body, b)
    ok = create(server, key=key, project_name="é" * 200)
    assert ok.status_code == 201


def test_names_without_control_characters_or_only_blanks(server, token):
    """Project names (and API key names) with control characters or only blanks are 422."""
    key, _ = user_key(server)
    bad = ["\u001b[31mred", "tab\there", "line\nbreak", "nul-free\u0085next", "bidi\u202egnp.exe",
           " ", "   \u00a0\u3000 ", "\u200b"]
    for name in bad:
        b = assert_envelope(create(server, key=key, project_name=name), 422, "validation_error")
        [field] = b["detail"]
        assert field["loc"] == ["body", "project_name"], (name, b)
        assert field["type"] == "value_error"
        assert ("control characters" in field["msg"]) or ("blank" in field["msg"]), field
        b = assert_envelope(server.req("POST", "/api-keys", token=token, json={"name": name}),
                            422, "validation_error")
        assert b["detail"][0]["loc"] == ["body", "name"]
    for name in ("My App", "  padded  ", "日本語のアプリ", "emoji \U0001F680 launch", "ü-ß"):
        assert create(server, key=key, project_name=name).status_code == 201, name


def test_ownership_and_scopes(server):
    key, _ = user_key(server)
    other_key, _ = user_key(server)
    created = create(server, key=key).json()
    sid = created["scan_id"]
    for method, path in (("GET", f"/scans/{sid}"), ("POST", f"/scans/{sid}/start")):
        assert_envelope(server.req(method, path, key=other_key), 404, "not_found", "Scan not found")
    assert_envelope(server.req("GET", "/scans/not-a-uuid", key=key), 404, "not_found",
                    "Scan not found")
    read_only, _ = user_key(server, scopes=["scans:read"])
    assert_envelope(create(server, key=read_only), 403, "forbidden",
                    "This API key is missing the required scope 'scans:write'.")


def test_missing_scope_message_for_read(server):
    write_only, _ = user_key(server, scopes=["scans:write"])
    created = create(server, key=write_only).json()
    assert_envelope(server.req("GET", f"/scans/{created['scan_id']}", key=write_only), 403,
                    "forbidden", "This API key is missing the required scope 'scans:read'.")


def test_dashboard_users_can_scan_too(server, token):
    scan = run_scan(server, make_zip({"a.py": "print('hi')\n"}), token=token)
    assert scan["status"] == "complete" and scan["findings"] == []
    assert scan["launch_readiness_score"] == 100.0


def test_upload_refusals(server):
    key, _ = user_key(server)
    created = create(server, key=key).json()
    url, sid = created["upload_url"], created["scan_id"]
    zip_bytes = make_zip({"a.txt": "hello\n"})
    tampered = url.replace("signature=", "signature=0")[: len(url)]
    assert_envelope(upload(tampered, zip_bytes), 403, "forbidden")
    base = url.split("?")[0]
    assert_envelope(upload(base, zip_bytes), 403, "forbidden")
    past = int(time.time()) - 10
    expired = f"{base}?expires={past}&signature={sign_upload(server.secret, sid, past)}"
    assert_envelope(upload(expired, zip_bytes), 410, "gone")
    assert_envelope(upload(url, zip_bytes, ctype="text/plain"), 415, "unsupported_media_type")
    assert_envelope(upload(url, b"this is not a zip"), 400, "bad_request",
                    "The upload is not a valid ZIP archive.")
    assert_envelope(upload(url, b""), 400, "bad_request")
    # Nothing was stored by the refusals: start still says the upload is missing.
    assert_envelope(server.req("POST", f"/scans/{sid}/start", key=key), 409, "conflict")
    assert upload(url, zip_bytes).status_code == 200
    assert upload(url, zip_bytes).status_code == 200  # replacing before start is fine
    assert server.req("POST", f"/scans/{sid}/start", key=key).status_code == 202
    assert server.req("POST", f"/scans/{sid}/start", key=key).status_code in (202, 409)
    assert_envelope(upload(url, zip_bytes), 409, "conflict")


def test_oversized_upload_is_refused_before_reading(server):
    key, _ = user_key(server)
    created = create(server, key=key).json()
    path = created["upload_url"].split("127.0.0.1:%d" % server.port)[1]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall((f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\n"
                   f"Content-Length: {10**12}\r\nConnection: close\r\n\r\n").encode())
        s.sendall(b"PK\x03\x04" + b"\0" * 1000)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    assert b" 413 " in data.split(b"\r\n")[0]
    assert b"payload_too_large" in data


def test_broken_archives_fail_with_a_useful_message(server):
    key, _ = user_key(server)
    good = make_zip({f"src/f{i}.js": "x = 1;\n" * 2000 for i in range(5)})
    truncated = good[: len(good) // 2]
    scan = run_scan(server, truncated, key=key)
    assert scan["status"] == "failed"
    assert "corrupt or truncated" in scan["error_message"] or "not a valid ZIP" in scan["error_message"]
    bomb = make_zip({"zeros.txt": b"\0" * (64 * 1024 * 1024)})
    scan = run_scan(server, bomb, key=key)
    assert scan["status"] == "failed" and "compression ratio" in scan["error_message"]
    # A ZIP inside the ZIP is not unpacked (no nesting bombs): it is just a binary file.
    nested = make_zip({"inner.zip": bomb})
    scan = run_scan(server, nested, key=key)
    assert scan["status"] == "complete"


def test_sigterm_lets_an_inflight_upload_finish(tmp_path):
    from conftest import Server
    import signal
    srv = Server("sqlite", str(tmp_path), extra_args=["--workers", "0"]).start()
    tok = srv.token()
    created = create(srv, token=tok).json()
    path = created["upload_url"].split(f"127.0.0.1:{srv.port}")[1]
    body = make_zip({"a.txt": "x" * 200000}, compression=0)
    with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as s:
        s.sendall((f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode())
        s.sendall(body[:1000])
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        s.sendall(body[1000:])
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    assert b" 200 " in data.split(b"\r\n")[0], data[:200]
    assert srv.proc.wait(timeout=30) == 0
    srv.proc = None
    srv.log.close()
