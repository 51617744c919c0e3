"""Workers and limits: `vega worker` processes, kill -9 mid-scan, the daily scan limit."""
import os
import random
import signal
import subprocess
import time
import zipfile

import pytest
import requests

from conftest import VEGA, Server, assert_envelope, backends, free_port
from scanlib import create, fake_stripe_key, make_zip, upload, wait_done


@pytest.fixture(scope="module", params=backends())
def queue_server(request, tmp_path_factory):
    """A server without in-process workers: scans wait for `vega worker` processes."""
    srv = Server(request.param, str(tmp_path_factory.mktemp("q")),
                 extra_args=["--workers", "0"]).start()
    yield srv
    assert srv.stop() == 0
    srv.drop()


def start_worker(srv, n=1, *args):
    log = open(os.path.join(srv.data_dir, f"worker-{time.time_ns()}.log"), "ab")
    return subprocess.Popen([VEGA, "worker", "--workers", str(n), *args], env=srv.env,
                            stdout=log, stderr=log)


def big_zip_with_secrets(secrets, mb=120):
    """Many stored (uncompressed) text files so a scan takes a while, secrets planted."""
    rng = random.Random(7)
    files = {}
    chunk = "".join(rng.choice("abcdefghij klmnop\n") for _ in range(1 << 20))
    for i in range(mb):
        files[f"src/gen/file{i:04d}.txt"] = chunk
    for i, s in enumerate(secrets):
        files[f"src/config/secret{i}.js"] = f'const key = "{s}";\n'
    return make_zip(files, compression=zipfile.ZIP_STORED)


def test_scan_waits_for_a_worker_then_completes(queue_server):
    srv = queue_server
    key = srv.new_key(srv.token())["key"]
    created = create(srv, key=key).json()
    assert upload(created["upload_url"], make_zip({"a.js": "x = 1;\n"})).status_code == 200
    assert srv.req("POST", f"/scans/{created['scan_id']}/start", key=key).status_code == 202
    time.sleep(1)
    assert srv.req("GET", f"/scans/{created['scan_id']}", key=key).json()["status"] == "queued"
    w = start_worker(srv)
    try:
        assert wait_done(srv, created["scan_id"], key=key)["status"] == "complete"
    finally:
        w.send_signal(signal.SIGTERM)
        assert w.wait(timeout=30) == 0


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} missing from /metrics:\n{text[:2000]}")


def test_worker_serves_its_own_metrics_and_nothing_else(queue_server):
    """`vega worker --metrics-listen`: the engine's counters of that process (the serve
    process runs no scans), in Prometheus' format; every other path is a 404."""
    srv = queue_server
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    w = start_worker(srv, 1, "--metrics-listen", f"127.0.0.1:{port}")
    try:
        key = srv.new_key(srv.token())["key"]
        created = create(srv, key=key).json()
        assert upload(created["upload_url"],
                      make_zip({"a.js": f'const k = "{fake_stripe_key()}";\n'})).status_code == 200
        assert srv.req("POST", f"/scans/{created['scan_id']}/start", key=key).status_code == 202
        assert wait_done(srv, created["scan_id"], key=key)["status"] == "complete"
        text = requests.get(base + "/metrics", timeout=30).text
        assert metric(text, "vega_engine_scans_total") >= 1
        assert metric(text, "vega_engine_scanned_bytes_total") > 0
        check = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                               capture_output=True)
        assert check.returncode == 0, check.stdout + check.stderr
        for path in ("/v1/healthz", "/", "/v1/scans", "/docs"):
            assert_envelope(requests.get(base + path, timeout=30), 404, "not_found")
        # The serve process ran no scan: its own engine counters stay at zero.
        served = requests.get(srv.base + "/metrics", timeout=30).text
        assert metric(served, "vega_engine_scans_total") == 0
    finally:
        w.send_signal(signal.SIGTERM)
        assert w.wait(timeout=30) == 0
    bad = subprocess.run([VEGA, "worker", "--metrics-listen", "nowhere"], env=srv.env,
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "--metrics-listen must be HOST:PORT" in bad.stderr


def test_kill_9_of_a_worker_mid_scan_still_completes_once(queue_server):
    srv = queue_server
    tok = srv.token()
    key = srv.new_key(tok)["key"]
    secrets = [fake_stripe_key() for _ in range(3)]
    created = create(srv, key=key).json()
    assert upload(created["upload_url"], big_zip_with_secrets(secrets)).status_code == 200
    sid = created["scan_id"]
    victim = start_worker(srv)
    assert srv.req("POST", f"/scans/{sid}/start", key=key).status_code == 202
    deadline = time.time() + 60
    status = None
    while time.time() < deadline:
        status = srv.req("GET", f"/scans/{sid}", token=tok).json()["status"]
        if status in ("extracting", "scanning", "complete"):
            break
        time.sleep(0.02)
    assert status in ("extracting", "scanning"), f"the scan was {status} before the kill"
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    rescuer = start_worker(srv)
    try:
        scan = wait_done(srv, sid, token=tok, timeout=120)
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(timeout=60)
    assert scan["status"] == "complete", scan
    stripe = [f for f in scan["findings"] if f["rule_id"] == "stripe-live-secret-key"]
    assert len(stripe) == 3, stripe
    assert len({(f["file_path"], f["line_start"], f["rule_id"]) for f in scan["findings"]}) == \
        len(scan["findings"])


def test_21st_scan_of_a_key_in_a_day_is_429(queue_server):
    srv = queue_server
    email, password = srv.new_user()
    key = srv.new_key(srv.token(email, password))["key"]
    for i in range(20):
        assert create(srv, key=key, project_name=f"p{i}").status_code == 201
    r = create(srv, key=key)
    body = assert_envelope(r, 429, "rate_limited")
    assert "v1_scans_per_key_per_day: 21/20" in body["detail"]
    assert int(r.headers["Retry-After"]) > 0
    # Another key of the same user still has its own 20.
    other = srv.new_key(srv.token(email, password))["key"]
    assert create(srv, key=other).status_code == 201


def test_per_user_daily_limit(tmp_path):
    srv = Server("sqlite", str(tmp_path), extra_args=["--workers", "0",
                                                       "--scans-per-user-per-day", "3"]).start()
    try:
        tok = srv.token()
        codes = [create(srv, token=tok, project_name=f"p{i}").status_code for i in range(4)]
        assert codes == [201, 201, 201, 429]
        r = create(srv, token=tok)
        assert "scans_per_user_per_day: 5/3" in r.json()["detail"]
    finally:
        assert srv.stop() == 0


def test_ops_shows_workers_to_admins_only(queue_server):
    srv = queue_server
    email, password = srv.new_user(admin=True)
    admin = srv.token(email, password)
    assert_envelope(srv.req("GET", "/ops/workers", token=srv.token()), 403, "forbidden")
    key = srv.new_key(admin)["key"]
    assert_envelope(srv.req("GET", "/ops/workers", key=key), 403, "forbidden")
    w = start_worker(srv, n=2)
    try:
        # A worker compiles the rule pack first: on a loaded 2-core machine that takes a while.
        deadline = time.time() + 150
        while time.time() < deadline:
            body = srv.req("GET", "/ops/workers", token=admin).json()
            # The server's own workers are listed too, in no particular order against these.
            mine = [x for x in body["workers"] if x["alive"] and x["pid"] == w.pid]
            if len(mine) >= 2:
                break
            time.sleep(0.3)
        assert len(mine) == 2 and isinstance(body["queue_depth"], int), body
    finally:
        w.send_signal(signal.SIGTERM)
        assert w.wait(timeout=60) == 0
    gone = srv.req("GET", "/ops/workers", token=admin).json()["workers"]
    assert not [x for x in gone if x["pid"] == w.pid]
    limits = srv.req("GET", "/ops/limits", token=admin).json()
    assert limits["v1_requests_per_key_per_minute"]["limit"] == 60
    assert limits["v1_scans_per_key_per_day"]["limit"] == 20
