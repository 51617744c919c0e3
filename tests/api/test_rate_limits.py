"""Per-key 60 requests per UTC minute, exact under concurrency and across two servers."""
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Server, assert_envelope


def wait_for_fresh_minute(need_seconds=25, window=60):
    """Start a burst early in a UTC window (a minute by default) so it never straddles two."""
    left = window - time.time() % window
    if left < need_seconds:
        time.sleep(left + 0.2)


def test_61st_request_in_a_minute_is_429(server):
    email, password = server.new_user()
    key = server.new_key(server.token(email, password))["key"]
    wait_for_fresh_minute()
    codes = [server.req("GET", "/auth/me", key=key).status_code for _ in range(60)]
    assert codes == [200] * 60
    r = server.req("GET", "/auth/me", key=key)
    assert_envelope(r, 429, "rate_limited",
                    "Rate limit exceeded (v1_requests_per_key_per_minute: 61/60). Try again later.")
    assert r.json()["error"]["retryable"] is True
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # Another key of the same user has its own bucket.
    other = server.new_key(server.token(email, password))["key"]
    assert server.req("GET", "/auth/me", key=other).status_code == 200


def test_limit_is_exact_across_two_server_processes(server, tmp_path):
    twin = Server(server.backend, str(tmp_path), share_with=server).start()
    try:
        email, password = server.new_user()
        key = server.new_key(server.token(email, password))["key"]
        wait_for_fresh_minute()
        targets = [server, twin] * 50

        def hit(s):
            return s.req("GET", "/auth/me", key=key).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            codes = list(pool.map(hit, targets))
        assert codes.count(200) == 60, codes
        assert codes.count(429) == 40
    finally:
        assert twin.stop() == 0
