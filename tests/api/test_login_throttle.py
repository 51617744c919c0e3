"""Login throttling is exact under concurrency (issue 9 item 4): 100 parallel wrong logins
on one account make exactly 5 password checks (30 per address), and the checks run on a
small pool off the HTTP threads, so /v1/healthz stays fast during the burst.

Password checks are counted from the server's `password_check` log lines (one per argon2id
verification, with the request id)."""
import http.client
import json
import subprocess
import sys
import time
import uuid

from conftest import assert_envelope
from test_rate_limits import wait_for_fresh_minute


BURST = r"""
import http.client, json, sys
from concurrent.futures import ThreadPoolExecutor
port, source, prefix, emails = int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
def one(i):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    body = json.dumps({"email": emails[i % len(emails)], "password": "wrong-password"})
    c.request("POST", "/v1/auth/login", body, {"Content-Type": "application/json",
                                               "X-Request-Id": f"{prefix}{i}"})
    r = c.getresponse(); r.read(); c.close()
    return r.status
with ThreadPoolExecutor(max_workers=100) as pool:
    print(json.dumps(list(pool.map(one, range(100)))))
"""


def healthz_ms(port):
    t0 = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0))
    c.request("GET", "/v1/healthz")
    r = c.getresponse()
    r.read()
    c.close()
    assert r.status == 200
    return (time.perf_counter() - t0) * 1000


def assert_healthz_fast(times, check_ms):
    """/v1/healthz answered throughout the burst, and 90% of its answers came in well under
    the time of one password check (half of the median check, at most 1 s, at least
    100 ms). On this shared 2-core machine both scale with the load, so the bound does too;
    with checks on the HTTP threads (the old code) healthz waited for whole checks, and
    most samples took longer than one."""
    times = sorted(times)
    assert len(times) >= 5 and check_ms, (times, check_ms)
    check = sorted(check_ms)[len(check_ms) // 2]
    bound = min(1000.0, max(100.0, check / 2))
    p90 = times[int(0.9 * (len(times) - 1))]
    assert p90 < bound, (p90, bound, check, times)


def burst(server, source, emails):
    """100 parallel wrong logins from source (a separate process, so this one's timing of
    healthz is not skewed); returns (statuses, password checks, healthz times in ms, the
    checks' durations in ms, whether the burst crossed a login window)."""
    prefix = "burst" + uuid.uuid4().hex[:12] + "x"
    wait_for_fresh_minute(60, window=900)  # login windows are fixed 15-minute UTC windows
    window = int(time.time() // 900)
    proc = subprocess.Popen([sys.executable, "-c", BURST, str(server.port), source, prefix,
                             json.dumps(emails)], stdout=subprocess.PIPE, text=True)
    times = []
    while proc.poll() is None:
        times.append(healthz_ms(server.port))
        time.sleep(0.01)
    statuses = json.loads(proc.stdout.read())
    proc.stdout.close()
    crossed = int(time.time() // 900) != window
    check_ms = []
    for line in server.read_log().splitlines():
        if '"password_check"' in line and prefix in line:
            check_ms.append(float(json.loads(line)["ms"]))
    return statuses, len(check_ms), times, check_ms, crossed


def assert_checks(checks, statuses, limit, crossed):
    """Exactly limit checks (401s, the rest 429); a burst that ran into the next 15-minute
    window (a very loaded machine) may have up to twice as many."""
    if crossed:
        assert limit <= checks <= 2 * limit and statuses.count(401) == checks, statuses
        return
    assert checks == limit, (checks, statuses)
    assert statuses.count(401) == limit and statuses.count(429) == 100 - limit, statuses


def test_100_parallel_wrong_logins_on_one_account_make_5_checks(plain_server):
    email, password = plain_server.new_user()
    statuses, checks, times, check_ms, crossed = burst(plain_server, "127.0.0.11", [email])
    assert_checks(checks, statuses, 5, crossed)
    assert_healthz_fast(times, check_ms)
    r = plain_server.req("POST", "/auth/login", json={"email": email, "password": password})
    assert_envelope(r, 429, "rate_limited")


def test_100_parallel_wrong_logins_from_one_address_make_30_checks(plain_server):
    emails = [f"nobody-{uuid.uuid4().hex[:8]}@example.com" for _ in range(100)]
    statuses, checks, times, check_ms, crossed = burst(plain_server, "127.0.0.12", emails)
    assert_checks(checks, statuses, 30, crossed)
    assert_healthz_fast(times, check_ms)
    # Other addresses are not locked out by that one.
    assert plain_server.login()["access_token"]


def test_a_success_does_not_use_up_the_account(plain_server):
    email, password = plain_server.new_user()
    wait_for_fresh_minute(60, window=900)
    for _ in range(4):
        assert plain_server.req("POST", "/auth/login",
                          json={"email": email, "password": "nope"}).status_code == 401
    assert plain_server.login(email, password)
    # The success cleared the count: five more wrong ones are checked before the lock.
    codes = [plain_server.req("POST", "/auth/login", json={"email": email, "password": "nope"})
             .status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
