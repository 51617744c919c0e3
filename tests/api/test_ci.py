"""`vega ci` end to end: against a real `vega serve` (planted key -> exit 1 with the finding,
clean tree -> 0, bad key -> 2 with the seed's message, SARIF/JSON output, --fail-on, default
ignores), and against a small fake of the scan API (in this file) for what a real server does
not do on demand: a 429 with Retry-After, a failed scan, a scan that never finishes, and an
upload URL on another host that must not receive the API key.
"""
import io
import json
import os
import secrets
import string
import subprocess
import threading
import time
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import VEGA

BASE62 = string.ascii_letters + string.digits


def stripe_key():
    return "sk_live_" + "".join(secrets.choice(BASE62) for _ in range(24))


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def run_ci(api, path, key, *args, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEGA_")}
    if key is not None:
        env["VEGA_API_KEY"] = key
    env.update(env_extra or {})
    cmd = [VEGA, "ci", "--poll-interval", "0.1", "--no-progress", *args, str(path)]
    if api is not None:
        cmd[2:2] = ["--api", api]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def key(server):
    return server.new_key(server.token())["key"]


@pytest.fixture
def leaky(tmp_path):
    """A tree with a planted Stripe key, and another one under node_modules (ignored)."""
    secret = stripe_key()
    write(tmp_path, "storefront/src/pay.js", f'const stripe = new Stripe("{secret}");\n')
    write(tmp_path, "storefront/README.md", "# storefront\n")
    write(tmp_path, "storefront/node_modules/dep/index.js", f'const k = "{stripe_key()}";\n')
    write(tmp_path, "storefront/.git/config", f"token = {stripe_key()}\n")
    return tmp_path / "storefront", secret


def test_planted_key_fails_the_build(server, key, leaky):
    path, secret = leaky
    p = run_ci(server.base, path, key)
    assert p.returncode == 1, p.stderr
    assert "critical (1)" in p.stdout
    assert "src/pay.js:1" in p.stdout and "stripe" in p.stdout
    assert "node_modules" not in p.stdout
    for out in (p.stdout, p.stderr):
        assert secret not in out
        assert key not in out
    assert "complete" in p.stderr


def test_clean_tree_passes(server, key, tmp_path):
    write(tmp_path, "app/main.py", "print('hello')\n")
    p = run_ci(server.url, tmp_path / "app", key)
    assert p.returncode == 0, p.stderr
    assert "0 findings" in p.stdout


def test_bad_key_is_an_error(server, leaky):
    p = run_ci(server.base, leaky[0], "vg_live_" + "x" * 40)
    assert p.returncode == 2
    assert "Invalid or revoked API key." in p.stderr
    assert "x" * 40 not in p.stderr + p.stdout


def test_fail_on_threshold(server, key, leaky):
    assert run_ci(server.base, leaky[0], key, "--fail-on", "never").returncode == 0
    assert run_ci(server.base, leaky[0], key, "--fail-on", "critical").returncode == 1


def test_sarif_and_json_reports(server, key, leaky, tmp_path):
    path, secret = leaky
    sarif_path = tmp_path / "vega.sarif"
    p = run_ci(server.base, path, key, "--format", "sarif", "--output", str(sarif_path))
    assert p.returncode == 1, p.stderr
    assert "src/pay.js:1" in p.stdout  # the text report still goes to the log
    sarif = json.loads(sarif_path.read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert len(results) == 1
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "src/pay.js"
    assert results[0]["partialFingerprints"]["vegaFingerprint/v1"]
    assert secret not in sarif_path.read_text()
    p = run_ci(server.base, path, key, "--format", "json")
    assert p.returncode == 1, p.stderr
    report = json.loads(p.stdout)
    assert report["summary"]["findings"] == 1
    assert report["findings"][0]["file_path"] == "src/pay.js"
    assert report["stats"]["included_files"] == 2  # node_modules and .git stayed home


def test_usage_errors(server, key, leaky):
    p = run_ci(server.base, leaky[0], None)
    assert p.returncode == 2 and "VEGA_API_KEY" in p.stderr
    p = run_ci(None, leaky[0], key)
    assert p.returncode == 2 and "--api" in p.stderr
    p = run_ci(server.base, leaky[0], key, "--format", "xml")
    assert p.returncode == 2
    p = run_ci(server.base, "/nonexistent/dir", key)
    assert p.returncode == 2 and "nonexistent" in p.stderr


def test_api_url_from_environment(server, key, tmp_path):
    write(tmp_path, "app/main.py", "print('hello')\n")
    p = run_ci(None, tmp_path / "app", key, env_extra={"VEGA_API_URL": server.base + "/"})
    assert p.returncode == 0, p.stderr


# ---- a fake scan API for the cases a real server does not produce on demand ----

class FakeVega:
    """POST /v1/scans, PUT upload (on "localhost": another host), start, GET."""

    def __init__(self, outcome="complete", limit_first=0):
        self.outcome = outcome
        self.limit_first = limit_first
        self.creates = []
        self.uploads = []
        self.lock = threading.Lock()
        fake = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def reply(self, status, obj, headers=()):
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def body(self):
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n) if n else b""

            def do_POST(self):
                data = self.body()
                if self.path == "/v1/scans":
                    with fake.lock:
                        fake.creates.append((self.headers.get("X-API-Key"), json.loads(data)))
                        limited = len(fake.creates) <= fake.limit_first
                    if limited:
                        msg = "Rate limit exceeded (v1_requests_per_key_per_minute: 61/60). " \
                              "Try again later."
                        return self.reply(429, {"detail": msg, "error": {
                            "code": "rate_limited", "message": msg}}, [("Retry-After", "1")])
                    sid = str(uuid.uuid4())
                    port = self.server.server_address[1]
                    return self.reply(201, {
                        "scan_id": sid, "project_id": str(uuid.uuid4()),
                        "upload_url": f"http://localhost:{port}/upload/{sid}?signature=abc",
                        "upload_storage_path": f"raw-uploads/x/{sid}.zip",
                        "upload_expires_at": "2030-01-01T00:00:00Z"})
                if self.path.endswith("/start"):
                    return self.reply(202, {"scan_id": self.path.split("/")[3],
                                            "status": "queued"})
                return self.reply(404, {"detail": "Not Found"})

            def do_PUT(self):
                data = self.body()
                with fake.lock:
                    fake.uploads.append((self.headers.get("X-API-Key"),
                                         self.headers.get("Content-Type"), data))
                return self.reply(200, {"ok": True})

            def do_GET(self):
                sid = self.path.split("/")[3]
                if fake.outcome == "stuck":
                    return self.reply(200, {"id": sid, "status": "scanning", "findings": []})
                if fake.outcome == "failed":
                    return self.reply(200, {"id": sid, "status": "failed", "findings": [],
                                            "error_message": "The upload is not a valid ZIP "
                                                             "archive."})
                return self.reply(200, {
                    "id": sid, "status": "complete", "included_files": 1, "total_files": 1,
                    "findings": [{"id": str(uuid.uuid4()), "severity": "medium",
                                  "category": "config", "rule_id": "demo-rule",
                                  "title": "Demo", "description": "d", "recommendation": None,
                                  "file_path": "a.txt", "line_start": 3, "line_end": 3,
                                  "masked_evidence": "", "confidence": "medium"}]})

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.srv.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def stop(self):
        self.srv.shutdown()
        self.srv.server_close()


@pytest.fixture
def tree(tmp_path):
    write(tmp_path, "my-mvp/a.txt", "hello\n")
    write(tmp_path, "my-mvp/sub/b.txt", "world\n")
    write(tmp_path, "my-mvp/dist/bundle.js", "read: build output may ship keys\n")
    write(tmp_path, "my-mvp/node_modules/x/index.js", "ignored\n")
    return tmp_path / "my-mvp"


def test_rate_limit_waits_and_retries(tree):
    fake = FakeVega(limit_first=2)
    try:
        t0 = time.time()
        p = run_ci(fake.url, tree, "vg_live_fakekey", "--fail-on", "medium")
        assert p.returncode == 1, p.stderr
        assert time.time() - t0 >= 2  # two Retry-After: 1 waits
        assert p.stderr.count("retrying in 1 s") == 2
        assert "demo-rule" in p.stdout
        assert len(fake.creates) == 3
        assert fake.creates[0] == ("vg_live_fakekey", {"project_name": "my-mvp",
                                                       "source_type": "zip"})
        # The upload URL is another host: it gets the ZIP, never the key.
        (upkey, ctype, data), = fake.uploads
        assert upkey is None and ctype == "application/zip"
        names = sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
        assert names == ["a.txt", "dist/bundle.js", "sub/b.txt"]
    finally:
        fake.stop()


def test_rate_limit_gives_up(tree):
    fake = FakeVega(limit_first=100)
    try:
        p = run_ci(fake.url, tree, "vg_live_fakekey")
        assert p.returncode == 2
        assert "Rate limit exceeded" in p.stderr
        assert len(fake.creates) == 4  # the first try and three retries
    finally:
        fake.stop()


def test_failed_scan_and_timeout(tree):
    fake = FakeVega(outcome="failed")
    try:
        p = run_ci(fake.url, tree, "vg_live_fakekey", "--project", "named")
        assert p.returncode == 2
        assert "The upload is not a valid ZIP archive." in p.stderr
        assert fake.creates[0][1]["project_name"] == "named"
        fake.outcome = "stuck"
        t0 = time.time()
        p = run_ci(fake.url, tree, "vg_live_fakekey", "--timeout", "2")
        assert p.returncode == 2 and "did not finish within 2 s" in p.stderr
        assert time.time() - t0 < 10
    finally:
        fake.stop()


def test_unreachable_server(tree):
    p = run_ci("http://127.0.0.1:1", tree, "vg_live_fakekey", timeout=60)
    assert p.returncode == 2
    assert "vg_live_fakekey" not in p.stderr
