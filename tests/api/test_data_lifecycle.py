"""Customer data: archives are deleted once used, the cleanup (dry run first), uploads land
only while their scan waits for them, leases hold through one huge entry, ZIP links are
risky and never read, declared sizes are no statistics."""
import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

from conftest import VEGA, Server, assert_envelope, backends
from scanlib import (create, fake_stripe_key, make_zip, run_scan, slow_inflating_zip, upload,
                     wait_done)

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "scan", "cases")


def blob_path(srv, created):
    return os.path.join(srv.data_dir, "blobs", created["upload_storage_path"])


def part_files(srv):
    tmp = os.path.join(srv.data_dir, "blobs", ".tmp")
    return [n for n in os.listdir(tmp) if n.endswith(".part")] if os.path.isdir(tmp) else []


def test_upload_finishing_after_start_is_refused_and_discarded(server):
    tok = server.token()
    created = create(server, token=tok).json()
    url, sid = created["upload_url"], created["scan_id"]
    first = make_zip({"a.js": "x = 1;\n"})
    assert upload(url, first).status_code == 200
    second = make_zip({"b.env": f"STRIPE_KEY={fake_stripe_key()}\n"})
    sent_head, release, result = threading.Event(), threading.Event(), {}

    def slow_body():
        yield second[:16]
        sent_head.set()
        release.wait(120)
        yield second[16:]

    def put():
        result["r"] = requests.put(url, data=slow_body(), timeout=180,
                                   headers={"Content-Type": "application/zip"})

    t = threading.Thread(target=put)
    t.start()
    try:
        assert sent_head.wait(10)
        time.sleep(0.5)  # the server has accepted the PUT's headers and first bytes
        assert server.req("POST", f"/scans/{sid}/start", token=tok).status_code == 202
        scan = wait_done(server, sid, token=tok)
        assert scan["status"] == "complete", scan
    finally:
        release.set()
        t.join(180)
    body = assert_envelope(result["r"], 409, "conflict")
    assert "discarded" in body["detail"]
    # The scan read the first archive; the late one replaced nothing and left no temp file.
    after = server.req("GET", f"/scans/{sid}", token=tok).json()
    assert after["status"] == "complete" and after["findings"] == []
    path = blob_path(server, created)
    if os.path.exists(path):
        with open(path, "rb") as f:
            assert f.read() == first
    assert part_files(server) == []
    # Starting again does not run it again.
    assert_envelope(server.req("POST", f"/scans/{sid}/start", token=tok), 409, "conflict")


def test_zip_y_symlink_is_risky_and_its_target_never_read(server, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.js").write_text("const x = 1;\n")
    # A dangling link whose target text is a live-looking key: reading the link as a
    # file would report it.
    os.symlink(fake_stripe_key(), src / "config.env")
    archive = tmp_path / "linked.zip"
    subprocess.run(["zip", "-q", "-y", "-r", str(archive), "."], cwd=src, check=True)
    scan = run_scan(server, archive.read_bytes(), token=server.token())
    assert scan["status"] == "complete", scan
    assert scan["risky_skipped_files"] == 1
    assert scan["total_files"] == 2
    assert scan["findings"] == [], scan["findings"]


def test_declared_zip64_size_is_not_a_statistic(server):
    with open(os.path.join(CASES, "zip64-huge-size.zip"), "rb") as f:
        data = f.read()
    scan = run_scan(server, data, token=server.token())
    assert scan["status"] == "complete", scan
    assert scan["risky_skipped_files"] == 1
    assert scan["total_bytes"] == 41  # the one ordinary entry, not 2^63 - 16
    assert [f["file_path"] for f in scan["findings"]] == ["ok/aws.py"]


# ---- archives deleted once used; the cleanup ----

def db_exec(srv, sql):
    """Age rows directly in the database: the cleanup's thresholds are hours and days."""
    if srv.backend == "postgres":
        subprocess.run(["psql", srv.db_url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True,
                       capture_output=True)
        return
    con = sqlite3.connect(srv.db_url[len("sqlite://"):], timeout=30)
    with con:
        con.execute(sql)
    con.close()


def admin_token(srv):
    email, password = srv.new_user(admin=True)
    return srv.token(email, password)


def cleanup(srv, tok, **body):
    r = srv.req("POST", "/ops/cleanup", token=tok, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def stale_part(srv, name, age_s):
    tmp = os.path.join(srv.data_dir, "blobs", ".tmp")
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04" + b"x" * 996)
    os.utime(path, (time.time() - age_s, time.time() - age_s))
    return path


def test_archive_deleted_once_complete_or_failed(server):
    tok = server.token()
    created = create(server, token=tok).json()
    assert upload(created["upload_url"], make_zip({"a.py": "x = 1\n"})).status_code == 200
    assert os.path.exists(blob_path(server, created))
    assert server.req("POST", f"/scans/{created['scan_id']}/start", token=tok).status_code == 202
    assert wait_done(server, created["scan_id"], token=tok)["status"] == "complete"
    assert not os.path.exists(blob_path(server, created))
    bad = create(server, token=tok).json()
    assert upload(bad["upload_url"], b"PK\x03\x04 not really a zip" * 10).status_code == 200
    assert server.req("POST", f"/scans/{bad['scan_id']}/start", token=tok).status_code == 202
    assert wait_done(server, bad["scan_id"], token=tok)["status"] == "failed"
    assert not os.path.exists(blob_path(server, bad))
    assert part_files(server) == []


@pytest.fixture(scope="module", params=backends())
def retain_server(request, tmp_path_factory):
    srv = Server(request.param, str(tmp_path_factory.mktemp("retain")),
                 extra_env={"VEGA_RETAIN_UPLOADS": "1"}).start()
    yield srv
    assert srv.stop() == 0
    srv.drop()


def test_code_kept_for_the_audit_window_then_deleted(retain_server):
    """--retain-uploads keeps a complete scan's archive for the audit window (24 h by
    default) and no longer: the cleanup deletes it once the window passed without a paid
    audit, and quotes and purchases then say the code is gone. A failed scan's archive goes
    at once (no audit can follow it)."""
    srv = retain_server
    tok, admin = srv.token(), admin_token(srv)
    data = make_zip({"a.py": "x = 1\n"})
    created = create(srv, token=tok).json()
    sid = created["scan_id"]
    assert upload(created["upload_url"], data).status_code == 200
    assert srv.req("POST", f"/scans/{sid}/start", token=tok).status_code == 202
    assert wait_done(srv, sid, token=tok)["status"] == "complete"
    assert os.path.exists(blob_path(srv, created))
    q = srv.req("GET", f"/scans/{sid}/audit-options", token=tok)
    assert q.status_code == 200 and q.json()["audit_window_ends_at"], q.text
    assert cleanup(srv, admin, dry_run=False)["removed"]["upload_blobs"] == 0  # in the window
    assert os.path.exists(blob_path(srv, created))
    # The window (86400 s) passes: the clock of the scan row moves back a day and a second.
    db_exec(srv, f"UPDATE scans SET completed_at = completed_at - 86401 WHERE id = '{sid}'")
    r = srv.req("GET", f"/scans/{sid}/audit-options", token=tok)
    assert_envelope(r, 409, "conflict")
    assert "no longer kept" in r.json()["error"]["message"]
    assert_envelope(srv.req("POST", "/audits", token=tok,
                            json={"scan_id": sid, "tier": "launch_check"}), 409, "conflict")
    assert cleanup(srv, admin, dry_run=True)["removed"]["upload_blobs"] == 1
    body = cleanup(srv, admin, dry_run=False)
    assert body["removed"]["upload_blobs"] == 1 and body["bytes_freed"] == len(data)
    assert not os.path.exists(blob_path(srv, created))
    bad = create(srv, token=tok).json()
    assert upload(bad["upload_url"], b"PK\x03\x04 not really a zip" * 10).status_code == 200
    assert srv.req("POST", f"/scans/{bad['scan_id']}/start", token=tok).status_code == 202
    assert wait_done(srv, bad["scan_id"], token=tok)["status"] == "failed"
    assert not os.path.exists(blob_path(srv, bad))


def test_ops_cleanup_and_queue_are_for_admins_only(server):
    tok = server.token()
    assert_envelope(server.req("POST", "/ops/cleanup", token=tok), 403, "forbidden")
    assert_envelope(server.req("GET", "/ops/queue", token=tok), 403, "forbidden")
    admin = admin_token(server)
    key = server.new_key(admin)["key"]
    assert_envelope(server.req("POST", "/ops/cleanup", key=key), 403, "forbidden")
    assert_envelope(server.req("GET", "/ops/queue", key=key), 403, "forbidden")
    assert_envelope(server.req("POST", "/ops/cleanup", token=admin,
                               json={"older_than_days": -1}), 422, "validation_error")
    assert_envelope(server.req("POST", "/ops/cleanup", token=admin,
                               json={"dry_run": "no"}), 422, "validation_error")
    body = server.req("POST", "/ops/cleanup", token=admin).json()  # no body: a dry run
    assert body["dry_run"] is True and body["older_than_days"] == 7
    assert set(body["removed"]) == {"expired_uploads", "abandoned_scans", "upload_blobs",
                                    "part_files", "expired_git_uploads", "expired_tokens",
                                    "rate_counters", "finished_jobs", "dead_workers"}
    queue = server.req("GET", "/ops/queue", token=admin).json()
    assert isinstance(queue["queue_depth"], int) and isinstance(queue["jobs"], list)


@pytest.fixture(scope="module", params=backends())
def clean_server(request, tmp_path_factory):
    srv = Server(request.param, str(tmp_path_factory.mktemp("clean")),
                 extra_env={"VEGA_JOB_LEASE_SECONDS": "1"}).start()
    yield srv
    assert srv.stop() == 0
    srv.drop()


def kill_9_a_worker(srv):
    log = open(os.path.join(srv.data_dir, "worker.log"), "ab")
    w = subprocess.Popen([VEGA, "worker", "--workers", "1"], env=srv.env, stdout=log,
                         stderr=log)
    admin = admin_token(srv)
    deadline = time.time() + 60
    while time.time() < deadline:
        rows = srv.req("GET", "/ops/workers", token=admin).json()["workers"]
        if any(x["pid"] == w.pid for x in rows):
            break
        time.sleep(0.2)
    w.send_signal(signal.SIGKILL)
    w.wait()
    return w.pid


def test_cleanup_dry_run_reports_and_keeps_then_real_run_removes(clean_server):
    srv = clean_server
    tok, admin = srv.token(), admin_token(srv)
    me = srv.req("GET", "/auth/me", token=tok).json()["id"]
    # A finished scan whose job is old.
    done = run_scan(srv, make_zip({"a.py": "x = 1\n"}), token=tok)
    db_exec(srv, f"UPDATE jobs SET updated_at = updated_at - 2 * 86400 "
                 f"WHERE subject_id = '{done['id']}'")
    # An upload URL that expired with nothing uploaded.
    expired = create(srv, token=tok).json()
    db_exec(srv, f"UPDATE scans SET upload_expires_at = upload_expires_at - 7200 "
                 f"WHERE id = '{expired['scan_id']}'")
    # An archive uploaded two days ago and never started.
    data = make_zip({"b.py": "y = 2\n" * 50})
    abandoned = create(srv, token=tok).json()
    assert upload(abandoned["upload_url"], data).status_code == 200
    db_exec(srv, f"UPDATE scans SET upload_received_at = upload_received_at - 2 * 86400 "
                 f"WHERE id = '{abandoned['scan_id']}'")
    # Upload temp files: one left by a crash two hours ago, one being written now.
    old_part, new_part = stale_part(srv, "crash.part", 7200), stale_part(srv, "live.part", 0)
    # Expired tokens of the debug user, and rate-limit windows of three days ago.
    db_exec(srv, f"UPDATE access_tokens SET expires_at = 1 WHERE user_id = '{me}'")
    db_exec(srv, "UPDATE rate_counters SET window_start = window_start - 3 * 86400")
    # A worker killed with -9: marked dead after three leases, shown so.
    pid = kill_9_a_worker(srv)
    deadline = time.time() + 60
    while time.time() < deadline:
        rows = [x for x in srv.req("GET", "/ops/workers", token=admin).json()["workers"]
                if x["pid"] == pid]
        if rows and rows[0]["dead"]:
            break
        time.sleep(0.3)
    assert rows and rows[0]["dead"] and not rows[0]["alive"] and rows[0]["dead_at"]
    queue = srv.req("GET", "/ops/queue", token=admin).json()
    assert queue["by_kind"]["scan"]["done"] >= 1

    want = {"expired_uploads": 1, "abandoned_scans": 1, "upload_blobs": 1, "part_files": 1,
            "finished_jobs": 1, "dead_workers": 1}
    dry = cleanup(srv, admin, dry_run=True, older_than_days=1)
    assert dry["dry_run"] is True
    assert {k: dry["removed"][k] for k in want} == want, dry
    assert dry["removed"]["expired_tokens"] >= 1 and dry["removed"]["rate_counters"] >= 1
    assert dry["bytes_freed"] == len(data) + 1000
    # Nothing changed.
    assert os.path.exists(blob_path(srv, abandoned)) and os.path.exists(old_part)
    tok = srv.token()  # the earlier one is among the expired tokens
    assert srv.req("GET", f"/scans/{expired['scan_id']}", token=tok).json()["status"] == "queued"
    assert [x for x in srv.req("GET", "/ops/workers", token=admin).json()["workers"]
            if x["pid"] == pid]
    assert cleanup(srv, admin, older_than_days=1) == dry  # dry_run defaults to true

    real = cleanup(srv, admin, dry_run=False, older_than_days=1)
    assert real["dry_run"] is False
    assert {k: real["removed"][k] for k in want} == want, real
    assert real["bytes_freed"] == dry["bytes_freed"]
    assert not os.path.exists(blob_path(srv, abandoned)) and not os.path.exists(old_part)
    assert os.path.exists(new_part)  # still being written
    gone = srv.req("GET", f"/scans/{expired['scan_id']}", token=tok).json()
    assert gone["status"] == "failed" and "expired" in gone["error_message"]
    left = srv.req("GET", f"/scans/{abandoned['scan_id']}", token=tok).json()
    assert left["status"] == "failed" and "never started" in left["error_message"]
    assert not [x for x in srv.req("GET", "/ops/workers", token=admin).json()["workers"]
                if x["pid"] == pid]
    again = cleanup(srv, admin, dry_run=False, older_than_days=1)
    assert {k: again["removed"][k] for k in want} == {k: 0 for k in want}, again
    assert again["bytes_freed"] == 0
    os.unlink(new_part)


def test_two_servers_cleaning_at_once_remove_and_count_each_item_once(clean_server, tmp_path):
    srv = clean_server
    other = Server(srv.backend, str(tmp_path), share_with=srv,
                   extra_args=["--workers", "0"]).start()
    try:
        tok, admin = srv.token(), admin_token(srv)
        data = make_zip({"c.py": "z = 3\n" * 20})
        scans = []
        for _ in range(6):
            created = create(srv, token=tok).json()
            assert upload(created["upload_url"], data).status_code == 200
            scans.append(created)
        ids = ",".join(f"'{c['scan_id']}'" for c in scans)
        db_exec(srv, f"UPDATE scans SET upload_received_at = upload_received_at - 2 * 86400 "
                     f"WHERE id IN ({ids})")
        parts = [stale_part(srv, f"crash{i}.part", 7200) for i in range(30)]
        results = []
        barrier = threading.Barrier(4)

        def run(s):
            barrier.wait()
            results.append(cleanup(s, admin, dry_run=False, older_than_days=1))

        threads = [threading.Thread(target=run, args=(s,)) for s in (srv, other, srv, other)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        total = {k: sum(r["removed"][k] for r in results)
                 for k in ("abandoned_scans", "upload_blobs", "part_files")}
        assert total == {"abandoned_scans": 6, "upload_blobs": 6, "part_files": 30}, results
        assert sum(r["bytes_freed"] for r in results) == 6 * len(data) + 30 * 1000
        assert not any(os.path.exists(p) for p in parts)
        assert not any(os.path.exists(blob_path(srv, c)) for c in scans)
    finally:
        assert other.stop() == 0


def test_serve_cleans_up_on_its_own(tmp_path):
    srv = Server("sqlite", str(tmp_path), extra_args=["--cleanup-interval", "1"]).start()
    try:
        part = stale_part(srv, "old.part", 7200)
        deadline = time.time() + 120
        # The pass removes the file first and logs its summary when it ends: wait for both.
        while (os.path.exists(part) or '"cleanup"' not in srv.read_log()) and \
                time.time() < deadline:
            time.sleep(0.2)
        assert not os.path.exists(part)
        assert '"cleanup"' in srv.read_log()
    finally:
        assert srv.stop() == 0


# ---- leases hold through one huge entry ----

def test_one_huge_entry_runs_once_and_hits_the_size_limit(clean_server):
    srv = clean_server  # --job-lease-seconds 1, two in-process workers
    tok = srv.token()
    created = create(srv, token=tok).json()
    r = requests.put(created["upload_url"], data=slow_inflating_zip(), timeout=300,
                     headers={"Content-Type": "application/zip"})
    assert r.status_code == 200, r.text
    sid = created["scan_id"]
    t0 = time.time()
    assert srv.req("POST", f"/scans/{sid}/start", token=tok).status_code == 202
    scan = wait_done(srv, sid, token=tok, timeout=300)
    took = time.time() - t0
    # The inflation must outlast the 1 s lease for the test to mean anything (on an idle
    # machine it takes ~1.3 s: the 4 GiB cap is reached quickly).
    assert took > 1.0, f"the entry inflated in {took:.1f}s: not longer than the 1 s lease"
    assert scan["status"] == "failed", scan
    assert "expands to more than" in scan["error_message"], scan["error_message"]
    log = srv.read_log()
    started = [ln for ln in log.splitlines() if '"scan_started"' in ln and sid in ln]
    assert len(started) == 1, started
    assert not [ln for ln in log.splitlines() if "lease_lost" in ln and sid in ln]
