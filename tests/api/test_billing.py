"""Billing (API.md "Billing"): usage by day and month, the summary; API keys get 403 on billing
and ops."""
import time

import dashlib
import scanlib
from conftest import assert_envelope


def test_usage_counts_completed_scans_once(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    rid = dashlib.repository(server, t, p["id"])["id"]
    a = dashlib.scan_repo(server, t, rid, {"a.py": "x = 1\n" * 10})
    b = dashlib.scan_repo(server, t, rid, {"a.py": "x = 1\n", "b.py": "y = 2\n"})
    bad = dashlib.scan_repo(server, t, rid, data=dashlib.broken_zip())
    assert bad["status"] == "failed"
    r = server.req("GET", "/billing/usage", token=t)
    assert r.status_code == 200, r.text
    u = r.json()
    assert set(u) == {"from", "to", "granularity", "periods", "totals"}
    assert u["granularity"] == "day"
    today = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime())
    assert u["periods"][-1]["start"] == today
    assert u["totals"]["scans"] == 2  # the failed scan is not billed
    assert u["totals"]["scanned_files"] == a["included_files"] + b["included_files"]
    assert u["totals"]["scanned_bytes"] == a["included_bytes"] + b["included_bytes"]
    assert u["periods"][-1]["scans"] == 2
    assert sum(x["scans"] for x in u["periods"]) == 2
    for k in ("scans", "scanned_bytes", "scanned_files", "audits", "api_requests"):
        assert sum(x[k] for x in u["periods"]) == u["totals"][k]
    m = server.req("GET", "/billing/usage", token=t, params={"granularity": "month"}).json()
    assert len(m["periods"]) == 12 and m["totals"]["scans"] == 2
    assert m["periods"][-1]["start"] == time.strftime("%Y-%m-01T00:00:00Z", time.gmtime())
    day = time.strftime("%Y-%m-%d", time.gmtime())
    d = server.req("GET", "/billing/usage", token=t, params={"from": day, "to": day}).json()
    assert len(d["periods"]) == 1 and d["totals"]["scans"] == 2
    old = server.req("GET", "/billing/usage", token=t, params={"from": "2020-01-01", "to": "2020-01-31"}).json()
    assert len(old["periods"]) == 31 and old["totals"]["scans"] == 0
    s = server.req("GET", "/billing/summary", token=t)
    assert s.status_code == 200, s.text
    s = s.json()
    assert set(s) == {"plan", "period_start", "period_end", "currency", "usage", "limits",
                      "costs", "total_cents"}
    assert s["usage"] == {"scans": 2, "scanned_bytes": u["totals"]["scanned_bytes"], "audits": 0}
    assert s["limits"]["v1_requests_per_key_per_minute"]["limit"] == 60
    assert s["limits"]["v1_scans_per_key_per_day"]["window"] == "day"
    assert s["costs"] == [] and s["total_cents"] == 0
    # Another user sees none of it.
    other = dashlib.user_token(server)
    assert server.req("GET", "/billing/usage", token=other).json()["totals"]["scans"] == 0


def test_api_requests_counted_from_key_use(server):
    t = dashlib.user_token(server)
    key = server.new_key(t)["key"]
    for _ in range(3):
        assert server.req("GET", "/auth/me", key=key).status_code == 200
    u = server.req("GET", "/billing/usage", token=t).json()
    assert u["totals"]["api_requests"] >= 3


def test_bad_input_and_api_keys_refused(server):
    t = dashlib.user_token(server)
    for params in ({"granularity": "week"}, {"from": "yesterday"}, {"from": "2026-02-01", "to": "2026-01-01"},
                   {"from": "2000-01-01", "to": "2026-01-01"}, {"currency": "EUR"}):
        assert_envelope(server.req("GET", "/billing/usage", token=t, params=params), 422,
                        "validation_error")
    key = server.new_key(t)["key"]
    for path in ("/billing/usage", "/billing/summary", "/ops/limits", "/ops/workers"):
        assert_envelope(server.req("GET", path, key=key), 403, "forbidden")
