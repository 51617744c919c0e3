"""Dashboard API benchmark (`make bench`): a repository with 100,000 findings over 50 scans.

p50 and p99 of GET /v1/repositories/{id}/findings?severity=high (the first page, and the 500th page
reached through cursors) and of GET /v1/projects/{id}/rollup over 50 repositories, against a
real `vega serve`, on SQLite and (when BENCH_PG_URL or VEGA_TEST_PG_URL names a server) on
PostgreSQL; then the time store_scan_settled takes to apply a 10,000-finding scan to the
lifecycle. Usage: bench/dashboard.py path/to/vega path/to/dashboard_seed
Targets (issue 10): page < 20 ms, rollup < 50 ms, apply < 1 s.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

N = int(os.environ.get("BENCH_REQUESTS", "200"))
EMAIL, PASSWORD = "bench@example.com", "bench-password-123456"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def call(url, token=None, body=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body else None,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def p99(url, token):
    """(p50, p99) in ms of N requests, after 10 to warm the caches."""
    times = []
    for _ in range(10):
        call(url, token)
    for _ in range(N):
        t0 = time.perf_counter()
        call(url, token)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def run(backend, vega, seeder, db_url, tmp):
    env = dict(os.environ, VEGA_DATA_DIR=tmp, VEGA_DATABASE_URL=db_url, VEGA_LOG_LEVEL="warn",
               VEGA_SECRET="bench-secret-0123456789abcdef")
    t0 = time.time()
    subprocess.run([vega, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([vega, "user", "add", "--email", EMAIL, "--password", PASSWORD, "--verified"],
                   env=env, check=True, capture_output=True)
    seeded = json.loads(subprocess.run([seeder, "seed", db_url, EMAIL], env=env, check=True,
                                       capture_output=True, text=True).stdout)
    seed_s = time.time() - t0
    port = free_port()
    log = open(os.path.join(tmp, "server.log"), "wb")
    srv = subprocess.Popen([vega, "serve", "--listen", f"127.0.0.1:{port}", "--workers", "0"],
                           env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(600):
            try:
                call(base + "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        token = call(base + "/auth/login", body={"email": EMAIL, "password": PASSWORD})["access_token"]
        findings = f"{base}/repositories/{seeded['repository_id']}/findings?severity=high"
        first = p99(findings, token)
        cursor, page = None, 1
        while page < 500:
            cursor = call(findings + (f"&cursor={cursor}" if cursor else ""), token)["next_cursor"]
            assert cursor, f"only {page} pages"
            page += 1
        p500 = p99(findings + f"&cursor={cursor}", token)
        rollup_url = f"{base}/projects/{seeded['project_id']}/rollup"
        rollup_doc = call(rollup_url, token)
        assert len(rollup_doc["repositories"]) == 50
        rollup = p99(rollup_url, token)
    finally:
        srv.terminate()
        srv.wait(timeout=60)
        log.close()
    applied = json.loads(subprocess.run([seeder, "apply", db_url, EMAIL], env=env, check=True,
                                        capture_output=True, text=True).stdout)
    return {"backend": backend, "seed_s": seed_s, "first": first, "p500": p500, "rollup": rollup,
            **applied}


def main():
    vega, seeder = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    results = []
    tmp = tempfile.mkdtemp(prefix="vega-dash-bench-")
    try:
        results.append(run("sqlite", vega, seeder, f"sqlite://{tmp}/vega.db", tmp))
        pg = os.environ.get("BENCH_PG_URL") or os.environ.get("VEGA_TEST_PG_URL")
        if pg:
            name = "vega_bench_" + uuid.uuid4().hex[:8]
            subprocess.run(["psql", pg, "-qAtc", f"CREATE DATABASE {name}"], check=True)
            try:
                pgdir = tempfile.mkdtemp(dir=tmp)
                results.append(run("postgresql", vega, seeder, pg.rpartition("/")[0] + "/" + name, pgdir))
            finally:
                subprocess.run(["psql", pg, "-qAtc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
        else:
            print("(PostgreSQL skipped: set BENCH_PG_URL or VEGA_TEST_PG_URL)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"dashboard API, 100,000 findings over 50 scans, 50 repositories, p50 / p99 of {N} "
          f"requests; load average {os.getloadavg()[0]:.1f}")
    print(f"{'backend':<11} {'page 1':>15} {'page 500':>15} {'rollup':>15} {'apply 10k new':>14} "
          f"{'apply 10k (90k fixed)':>22} {'seed':>6}")
    for r in results:
        cells = " ".join(f"{r[k][0]:>5.1f} / {r[k][1]:>5.1f}ms" for k in ("first", "p500", "rollup"))
        print(f"{r['backend']:<11} {cells} {r['apply_new_ms']:>12.0f}ms "
              f"{r['apply_big_ms']:>20.0f}ms {r['seed_s']:>5.0f}s")
    print("targets: page < 20 ms, rollup < 50 ms, apply < 1000 ms")


if __name__ == "__main__":
    main()
