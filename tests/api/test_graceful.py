"""Graceful everything: SIGTERM to a `vega worker` hands its running scan back at once (the
lease released, not waited out) and another worker finishes it exactly once; a PostgreSQL
restart heals without restarting `vega serve` (only retryable answers meanwhile); `vega
serve` started before PostgreSQL waits for it with backoff. The PostgreSQL tests use their
own throwaway server (scripts/pg-test-server.sh), never the one other suites share."""
import os
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest
import requests

from conftest import VEGA, Server, own_pg, own_pg_start
from scanlib import create, slow_inflating_zip, upload, wait_done



def worker(srv, lease):
    env = dict(srv.env, VEGA_JOB_LEASE_SECONDS=str(lease))
    log = open(os.path.join(srv.data_dir, "worker.log"), "ab")
    return subprocess.Popen([VEGA, "worker", "--workers", "1"], env=env, stdout=log, stderr=log)


def wait_started(srv, proc, timeout=600):
    deadline = time.time() + timeout
    path = os.path.join(srv.data_dir, "worker.log")
    while '"worker_started"' not in open(path).read():
        assert proc.poll() is None and time.time() < deadline, open(path).read()[-2000:]
        time.sleep(0.1)


def job_row(srv, scan_id):
    con = sqlite3.connect(srv.db_url[len("sqlite://"):], timeout=30)
    row = con.execute("SELECT status, lease_owner, attempts FROM jobs WHERE subject_id = ?",
                      (scan_id,)).fetchone()
    con.close()
    return row


def test_sigterm_hands_a_running_scan_back_at_once(tmp_path):
    # A 120 s lease: waiting it out would take two minutes; handing back takes none.
    srv = Server("sqlite", str(tmp_path), extra_args=["--workers", "0"]).start()
    first = second = None
    try:
        tok = srv.token()
        data = slow_inflating_zip(3.5)  # seconds of honest inflating
        c = create(srv, token=tok).json()
        assert upload(c["upload_url"], data).status_code == 200
        sid = c["scan_id"]
        first = worker(srv, 120)
        wait_started(srv, first)  # the rule pack compiles first: minutes on a loaded machine
        assert srv.req("POST", f"/scans/{sid}/start", token=tok).status_code == 202
        deadline = time.time() + 120
        # extracting: the worker holds the job (one huge entry may keep it there throughout).
        while srv.req("GET", f"/scans/{sid}", token=tok).json()["status"] not in (
                "extracting", "scanning"):
            assert time.time() < deadline, "the scan never started"
            time.sleep(0.02)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=15) == 0
        status, owner, attempts = job_row(srv, sid)
        assert (status, owner, attempts) == ("queued", None, 0)
        t0 = time.time()
        second = worker(srv, 120)
        scan = wait_done(srv, sid, token=tok, timeout=120)
        assert time.time() - t0 < 110  # inside the 120 s lease the first worker held
        assert scan["status"] == "complete", scan
        assert job_row(srv, sid)[:2] == ("done", None)
        assert "job_handed_back" in open(os.path.join(srv.data_dir, "worker.log")).read()
    finally:
        for p in (first, second):
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=30)
        assert srv.stop() == 0


@pytest.fixture(scope="module")
def own_pg_env():
    if not os.path.exists("/usr/lib/postgresql") or shutil.which("psql") is None:
        pytest.skip("PostgreSQL is not installed")
    env = own_pg_start()
    yield env
    own_pg(env, "stop")


def pg_server(env, tmp_path, **kw):
    srv = Server("sqlite", str(tmp_path), extra_args=["--workers", "0"], **kw)
    srv.db_url = srv.env["VEGA_DATABASE_URL"] = env["VEGA_TEST_PG_URL"]
    srv.backend = "postgres"
    return srv


def test_serve_waits_for_postgres_then_survives_its_restart(own_pg_env, tmp_path):
    own_pg(own_pg_env, "halt")
    srv = pg_server(own_pg_env, tmp_path, extra_env={"VEGA_DATABASE_WAIT_SECONDS": "60"})
    srv.log = open(srv.log_path, "ab")
    srv.proc = subprocess.Popen(
        [VEGA, "serve", "--dev", "--listen", f"127.0.0.1:{srv.port}", *srv.args], env=srv.env,
        stdout=srv.log, stderr=srv.log)
    try:
        deadline = time.time() + 20
        while "database_not_ready" not in srv.read_log():
            assert srv.proc.poll() is None, srv.read_log()
            assert time.time() < deadline, srv.read_log()
            time.sleep(0.1)
        own_pg(own_pg_env, "resume")
        deadline = time.time() + 30
        while True:
            assert srv.proc.poll() is None, srv.read_log()
            try:
                if requests.get(srv.url + "/readyz", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.time() < deadline, srv.read_log()
            time.sleep(0.1)
        tok = srv.token()
        assert create(srv, token=tok).status_code == 201
        # Restart PostgreSQL under the running server: every pooled connection dies.
        own_pg(own_pg_env, "restart")
        seen = set()
        deadline = time.time() + 30
        while True:
            r = create(srv, token=tok)
            seen.add(r.status_code)
            if r.status_code == 201:
                break
            assert r.status_code == 503 and r.json()["error"]["retryable"] is True, r.text
            assert time.time() < deadline
            time.sleep(0.1)
        assert seen <= {201, 503}
        assert requests.get(srv.url + "/readyz", timeout=5).status_code == 200
        assert srv.req("GET", "/auth/me", token=tok).status_code == 200
    finally:
        assert srv.stop() == 0
