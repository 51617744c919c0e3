#!/usr/bin/env python3
"""make soak: Vega scaled out, under faults, for SOAK_SECONDS (default 600).

Two `vega serve` (API only) and three `vega worker` processes on one PostgreSQL (a
throwaway server of scripts/pg-test-server.sh) and one S3-compatible store (s3rver behind
the SigV4-checking proxy of tests/s3). SOAK_CLIENTS (16) clients run the seed's flow -
create a scan, PUT the archive to the presigned URL, start, poll until done - each archive
holding two freshly generated planted secrets. Faults: every 30 s a random worker is killed
with SIGKILL and restarted; once a serve is killed and restarted; once PostgreSQL restarts;
once s3rver restarts. A client retries a request only after a retryable answer (503 with
retryable: true) or a refused/reset connection; anything else is a violation.

At the end (after the clients stop and every scan they created has settled) it checks:
every scan is complete exactly once (one scan.completed event, one done job) with exactly
its two planted findings, no finding duplicated, no upload object left in the bucket, and
reports the resident memory of each process at its start and at the end. Both serves run
the cleanup pass every 15 s (archives whose delete failed during the store's outage are
its to remove). Exit status 1 on
a violated invariant. Usage: bench/soak.py BUILD/vega
"""
import collections
import json
import os
import random
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))
# The tests' s3rver + SigV4 proxy and throwaway PostgreSQL.
from conftest import S3rver, free_port, own_pg, own_pg_start  # noqa: E402
from scanlib import make_zip  # noqa: E402

VEGA = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "vega"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "16"))
B62 = string.ascii_letters + string.digits
LOCK = threading.Lock()


def log(*a):
    with LOCK:
        print(time.strftime("%H:%M:%S"), *a, flush=True)


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Proc:
    """One vega process (serve or worker) that may be killed and restarted."""

    def __init__(self, name, args, env, workdir, port=None):
        self.name, self.args, self.env, self.port = name, args, env, port
        self.logf = open(os.path.join(workdir, f"{name}.log"), "ab")
        self.proc = None
        self.incarnations = []  # [pid, start time, [(age s, rss kB)...]]

    def start(self):
        self.proc = subprocess.Popen([VEGA, *self.args], env=self.env, stdout=self.logf,
                                     stderr=self.logf)
        self.incarnations.append([self.proc.pid, time.time(), []])
        if self.port:
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    if requests.get(f"http://127.0.0.1:{self.port}/v1/healthz",
                                    timeout=2).status_code == 200:
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.1)
            raise RuntimeError(f"{self.name} did not come up")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def sample(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        kb = rss_kb(self.proc.pid)
        inc = self.incarnations[-1]
        if kb is not None:
            inc[2].append((time.time() - inc[1], kb))

    def wait_log(self, text, timeout=600):
        """Wait until the process logged text (a worker's engine is loaded: worker_started)."""
        path = self.logf.name
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(path, errors="replace") as f:
                if text in f.read():
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name}: no {text} in its log")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait()
        return None


class Stats:
    def __init__(self):
        self.scans = {}  # scan_id -> planted secrets
        self.results = {}  # scan_id -> final GET body
        self.retryable = collections.Counter()
        self.violations = []
        self.flows = 0
        self.latencies = []


def call(stats, servers, method, path, token, stop, **kw):
    """One request, retried on retryable answers and refused connections (against the
    other serve as well). Returns the response of the first non-retryable answer."""
    for attempt in range(2000):
        srv = servers[attempt % len(servers)]
        try:
            r = requests.request(method, f"http://127.0.0.1:{srv.port}/v1{path}", timeout=60,
                                 headers={"Authorization": f"Bearer {token}"}, **kw)
        except requests.ConnectionError as e:
            stats.retryable["connection"] += 1
            time.sleep(0.2)
            continue
        if r.status_code == 503:
            body = r.json()
            if body.get("error", {}).get("retryable") is True:
                stats.retryable["503"] += 1
                time.sleep(0.2)
                continue
        return r
    raise RuntimeError(f"{method} {path}: no answer after retries")


def put_store(stats, url, data):
    for _ in range(2000):
        try:
            r = requests.put(url, data=data, headers={"Content-Type": "application/zip"},
                             timeout=60)
        except requests.ConnectionError:
            stats.retryable["store-connection"] += 1
            time.sleep(0.2)
            continue
        if r.status_code >= 500:
            stats.retryable[f"store-{r.status_code}"] += 1
            time.sleep(0.2)
            continue
        return r
    raise RuntimeError("PUT: no answer")


def client(i, stats, servers, token, stop):
    rng = random.Random(i)
    while not stop.is_set():
        t0 = time.time()
        keys = ["sk_live_" + "".join(rng.choice(B62) for _ in range(32)),
                "sk_live_" + "".join(rng.choice(B62) for _ in range(32))]
        body = {"project_name": f"soak-{i}", "source_type": "zip"}
        r = call(stats, servers, "POST", "/scans", token, stop, json=body)
        if r.status_code != 201:
            stats.violations.append(f"create: {r.status_code} {r.text[:200]}")
            continue
        c = r.json()
        sid = c["scan_id"]
        with LOCK:
            stats.scans[sid] = keys
        files = {"src/pay.js": f'const stripe = "{keys[0]}";\n',
                 "deploy/ci.sh": f"export STRIPE_SECRET_KEY={keys[1]}\n",
                 "src/app.js": "module.exports = () => 42;\n" * 200}
        r = put_store(stats, c["upload_url"], make_zip(files))
        if r.status_code != 200:
            stats.violations.append(f"upload: {r.status_code} {r.text[:200]}")
            continue
        r = call(stats, servers, "POST", f"/scans/{sid}/start", token, stop)
        if r.status_code != 202:
            stats.violations.append(f"start: {r.status_code} {r.text[:200]}")
            continue
        if wait_scan(stats, servers, token, sid, time.time() + 300):
            stats.flows += 1
            stats.latencies.append(time.time() - t0)


def wait_scan(stats, servers, token, sid, deadline):
    while time.time() < deadline:
        r = call(stats, servers, "GET", f"/scans/{sid}", token, None)
        if r.status_code != 200:
            stats.violations.append(f"get: {r.status_code} {r.text[:200]}")
            return False
        body = r.json()
        if body["status"] in ("complete", "failed"):
            with LOCK:
                stats.results[sid] = body
            return True
        time.sleep(0.25)
    return False


def psql(url, sql):
    p = subprocess.run(["psql", url, "-qAt", "-F", "\t", "-c", sql], capture_output=True,
                       text=True, check=True)
    return [line.split("\t") for line in p.stdout.splitlines() if line]


def main():
    work = tempfile.mkdtemp(prefix="vega-soak-")
    pg_env = own_pg_start()
    db = pg_env["VEGA_TEST_PG_URL"]
    s3 = S3rver(work).start()
    env = dict(os.environ, **s3.env(), VEGA_DATABASE_URL=db, VEGA_SECRET="soak-secret-0123456789abcdef",
               VEGA_DATA_DIR=os.path.join(work, "data"), VEGA_JOB_LEASE_SECONDS="5",
               VEGA_SCANS_PER_USER_PER_DAY="0", VEGA_SCANS_PER_IP_PER_DAY="0",
               VEGA_SCAN_THREADS="1", VEGA_CLEANUP_INTERVAL="15", VEGA_LOG_LEVEL="warn")
    wenv = dict(env, VEGA_LOG_LEVEL="info")  # workers: worker_started, job hand-overs
    serves = [Proc(f"serve{n}", ["serve", "--dev", "--workers", "0", "--listen",
                                 f"127.0.0.1:{p}"], env, work, port=p)
              for n, p in enumerate((free_port(), free_port()))]
    workers = [Proc(f"worker{n}", ["worker", "--workers", "1"], wenv, work) for n in range(3)]
    stats = Stats()
    stop = threading.Event()
    events = []
    try:
        for s in serves:
            s.start()
        for w in workers:
            w.start()
        # Warm-up, off the clock: the rule pack compiles once into the shared cache.
        for w in workers:
            w.wait_log('"worker_started"')
        token = requests.post(f"http://127.0.0.1:{serves[0].port}/v1/auth/login",
                              json={"email": "debug@example.com",
                                    "password": "vega-debug-password"}, timeout=60
                              ).json()["access_token"]
        log(f"soak: {SECONDS} s, {CLIENTS} clients, 2 serve + 3 workers, PostgreSQL + s3rver")
        threads = [threading.Thread(target=client, args=(i, stats, serves, token, stop),
                                    daemon=True) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        t0 = time.time()
        faults = {int(SECONDS * 0.25): "serve", int(SECONDS * 0.5): "postgres",
                  int(SECONDS * 0.75): "s3"}
        next_kill, rng = 30, random.Random(1)
        while time.time() - t0 < SECONDS:
            time.sleep(1)
            el = int(time.time() - t0)
            for p in serves + workers:
                p.sample()
            if el >= next_kill:
                next_kill += 30
                w = rng.choice(workers)
                w.kill9()
                w.start()
                events.append((el, f"SIGKILL {w.name}"))
                log(f"t={el}s SIGKILL {w.name}, restarted")
            for at, what in list(faults.items()):
                if el < at:
                    continue
                del faults[at]
                if what == "serve":
                    serves[1].kill9()
                    time.sleep(2)
                    serves[1].start()
                elif what == "postgres":
                    own_pg(pg_env, "restart")
                else:
                    s3.stop()
                    time.sleep(2)
                    s3.start()
                events.append((el, f"restart {what}"))
                log(f"t={el}s {what} restarted")
        stop.set()
        for t in threads:
            t.join(360)
        # Scans the clients created but were still waiting for when told to stop.
        for sid in list(stats.scans):
            if sid not in stats.results:
                wait_scan(stats, serves, token, sid, time.time() + 300)
        for p in serves + workers:
            p.sample()
        report(stats, events, db, s3, serves, workers)
    finally:
        stop.set()
        for p in serves + workers:
            p.stop()
        s3.stop()
        own_pg(pg_env, "stop")
    sys.exit(1 if stats.violations else 0)


def report(stats, events, db, s3, serves, workers):
    v = stats.violations
    known = set(stats.scans)
    for sid, keys in stats.scans.items():
        body = stats.results.get(sid)
        if body is None:
            v.append(f"{sid}: never settled")
            continue
        if body["status"] != "complete":
            v.append(f"{sid}: {body['status']} {body.get('error_message')}")
            continue
        paths = sorted(f["file_path"] for f in body["findings"]
                       if f["file_path"] in ("src/pay.js", "deploy/ci.sh"))
        fps = [f["fingerprint"] for f in body["findings"]]
        if paths != ["deploy/ci.sh", "src/pay.js"]:
            v.append(f"{sid}: planted findings {paths}")
        if len(fps) != len(set(fps)):
            v.append(f"{sid}: duplicated findings")
        if any(k in json.dumps(body) for k in keys):
            v.append(f"{sid}: a planted secret in clear")
    done = {r[0]: int(r[1]) for r in psql(db, "SELECT subject_id, COUNT(*) FROM jobs WHERE "
                                              "status = 'done' GROUP BY subject_id")}
    completed = {r[0]: int(r[1]) for r in psql(db, "SELECT scan_id, COUNT(*) FROM "
                                                   "repository_events WHERE kind = "
                                                   "'scan.completed' GROUP BY scan_id")}
    for sid in known:
        if done.get(sid, 0) != 1:
            v.append(f"{sid}: {done.get(sid, 0)} done jobs")
        if completed.get(sid, 0) != 1:
            v.append(f"{sid}: {completed.get(sid, 0)} scan.completed events")
    unknown = psql(db, "SELECT id, status FROM scans")
    unknown = [r for r in unknown if r[0] not in known]
    # An archive whose delete failed (the store was down when its scan finished) is the
    # cleanup pass's to remove: both serves run one every 15 s.
    deadline = time.time() + 60
    left = s3.objects()
    while left and time.time() < deadline:
        time.sleep(1)
        left = s3.objects()
    if left:
        v.append(f"{len(left)} upload objects left in the bucket: {left[:3]}")
    lat = sorted(stats.latencies)
    print("\n== soak summary ==")
    print(f"duration {SECONDS} s, clients {CLIENTS}, flows completed {stats.flows}, "
          f"scans created {len(known)}")
    if lat:
        print(f"flow seconds: p50 {lat[len(lat) // 2]:.2f}, p99 {lat[int(len(lat) * 0.99)]:.2f},"
              f" max {lat[-1]:.2f}")
    print(f"retried (retryable) answers: {dict(stats.retryable)}")
    print(f"scans created but never answered to a client: {len(unknown)} "
          f"({collections.Counter(r[1] for r in unknown)})")
    print("faults:", "; ".join(f"t={t}s {w}" for t, w in events))
    # RSS at "start": the first sample once the process has run a quarter of its life (at
    # most 60 s: past its warm-up); "end": its last sample.
    for p in serves + workers:
        for pid, _, samples in p.incarnations:
            if not samples:
                continue
            life = samples[-1][0]
            first = next(kb for age, kb in samples if age >= min(60, life / 4))
            print(f"RSS {p.name} pid {pid} ({life:.0f} s): start {first / 1024:.1f} MB, end "
                  f"{samples[-1][1] / 1024:.1f} MB")
    print(f"upload objects left in the bucket: {len(left)}")
    print(f"violations: {len(v)}")
    for x in v[:30]:
        print("  ", x)


if __name__ == "__main__":
    main()
