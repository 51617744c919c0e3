"""Findings across scans (API.md "Findings across scans"): the lifecycle over ZIP scans of one
repository, triage that persists, history, filters, and the events that go with them."""
import uuid

import pytest

import dashlib
import scanlib
from conftest import assert_envelope


def by_path(items):
    return {f["file_path"]: f for f in items}


def test_lifecycle_new_fixed_carried_reopened_and_triage(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    repo = dashlib.repository(server, t, p["id"])["id"]
    k1, k2, k3 = (scanlib.fake_stripe_key() for _ in range(3))
    s1 = dashlib.scan_repo(server, t, repo, {"keep.py": dashlib.secret_line(k1),
                                             "gone.py": dashlib.secret_line(k2)})
    first = by_path(dashlib.findings(server, t, repo))
    assert set(first) == {"keep.py", "gone.py"}
    assert all(f["status"] == "open" and f["first_seen_scan_id"] == s1["id"] for f in first.values())

    # Second scan: gone.py's secret removed, new.py's added.
    s2 = dashlib.scan_repo(server, t, repo, {"keep.py": dashlib.secret_line(k1),
                                             "new.py": dashlib.secret_line(k3)})
    every = by_path(dashlib.findings(server, t, repo, status="open,fixed,ignored,false_positive"))
    assert {k: f["status"] for k, f in every.items()} == {"keep.py": "open", "gone.py": "fixed",
                                                          "new.py": "open"}
    fixed = dashlib.findings(server, t, repo, status="fixed")
    assert [f["file_path"] for f in fixed] == ["gone.py"]
    assert fixed[0]["fixed_at"] is not None and fixed[0]["last_seen_scan_id"] == s1["id"]
    carried = every["keep.py"]
    assert carried["id"] == first["keep.py"]["id"]  # stable id
    assert carried["first_seen_scan_id"] == s1["id"] and carried["last_seen_scan_id"] == s2["id"]
    assert every["new.py"]["first_seen_scan_id"] == s2["id"]
    # The matching events of the second scan: one new, one fixed, nothing for the carried one.
    events = dashlib.walk(server, f"/repositories/{repo}/events", token=t, params={"type": "finding."})
    of_s2 = sorted((e["type"], e["finding_id"]) for e in events if e["scan_id"] == s2["id"])
    assert of_s2 == sorted([("finding.new", every["new.py"]["id"]),
                            ("finding.fixed", every["gone.py"]["id"])])
    assert all(e["actor"] == {"type": "system", "id": None} for e in events)
    for e in events:
        if e["type"] == "finding.fixed":
            assert e["data"] == {"from_status": "open", "to_status": "fixed"}

    # Triage: false_positive needs a reason, then stays so on a third scan that still sees it.
    fid = carried["id"]
    path = f"/repositories/{repo}/findings/{fid}"
    assert_envelope(server.req("PATCH", path, token=t, json={"status": "false_positive"}), 422,
                    "validation_error")
    r = server.req("PATCH", path, token=t, json={"status": "false_positive", "reason": "test fixture key"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "false_positive" and r.json()["status_reason"] == "test fixture key"
    s3 = dashlib.scan_repo(server, t, repo, {"keep.py": dashlib.secret_line(k1),
                                             "new.py": dashlib.secret_line(k3)})
    got = server.req("GET", path, token=t).json()
    assert got["status"] == "false_positive" and got["last_seen_scan_id"] == s3["id"]
    assert [f["file_path"] for f in dashlib.findings(server, t, repo)] == ["new.py"]
    hist = [(h["type"], h["from_status"], h["to_status"]) for h in got["history"]]
    assert hist == [("finding.new", None, "open"), ("finding.triaged", "open", "false_positive")]
    triaged = got["history"][1]
    assert triaged["actor"]["type"] == "user" and triaged["reason"] == "test fixture key"

    # A fixed one seen again is reopened; a fixed one cannot be triaged.
    gone = every["gone.py"]["id"]
    assert_envelope(server.req("PATCH", f"/repositories/{repo}/findings/{gone}", token=t,
                               json={"status": "ignored", "reason": "x"}), 409, "conflict")
    dashlib.scan_repo(server, t, repo, {"keep.py": dashlib.secret_line(k1),
                                        "new.py": dashlib.secret_line(k3),
                                        "gone.py": dashlib.secret_line(k2)})
    g = server.req("GET", f"/repositories/{repo}/findings/{gone}", token=t).json()
    assert g["status"] == "open" and g["fixed_at"] is None
    assert [h["type"] for h in g["history"]] == ["finding.new", "finding.fixed", "finding.reopened"]

    # A failed scan changes nothing.
    before = dashlib.findings(server, t, repo, status="open,fixed,ignored,false_positive")
    bad = dashlib.scan_repo(server, t, repo, data=dashlib.broken_zip())
    assert bad["status"] == "failed"
    assert dashlib.findings(server, t, repo, status="open,fixed,ignored,false_positive") == before
    types = [e["type"] for e in dashlib.walk(server, f"/repositories/{repo}/events", token=t,
                                             params={"type": "scan.failed"})]
    assert types == ["scan.failed"]

    # The rollup's counts equal the findings list's.
    rollup = server.req("GET", f"/projects/{p['id']}/rollup", token=t).json()
    open_now = dashlib.findings(server, t, repo)
    assert sum(rollup["open_findings_by_severity"].values()) == len(open_now) == 2
    assert rollup["triaged"] == {"ignored": 0, "false_positive": 1}


def test_filters_and_bad_input(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    repo = dashlib.repository(server, t, p["id"])["id"]
    files = {f"src/a{i}.py": dashlib.secret_line(scanlib.fake_stripe_key()) for i in range(3)}
    files["lib/b.py"] = dashlib.secret_line(scanlib.fake_stripe_key())
    dashlib.scan_repo(server, t, repo, files)
    all_open = dashlib.findings(server, t, repo)
    assert len(all_open) == 4
    assert len(dashlib.findings(server, t, repo, path="src/")) == 3
    assert len(dashlib.findings(server, t, repo, path="src/a1")) == 1
    sev = all_open[0]["severity"]
    assert len(dashlib.findings(server, t, repo, severity=f"{sev},low")) == 4
    assert dashlib.findings(server, t, repo, severity="info") == []
    assert len(dashlib.findings(server, t, repo, category="secret")) == 4
    rule = all_open[0]["rule_id"]
    assert len(dashlib.findings(server, t, repo, rule_id=rule)) == 4
    assert dashlib.findings(server, t, repo, rule_id="no-such-rule") == []
    # limit=1 walk: every row once.
    walked = dashlib.walk(server, f"/repositories/{repo}/findings", token=t, limit=1)
    assert sorted(f["id"] for f in walked) == sorted(f["id"] for f in all_open)
    base = f"/repositories/{repo}/findings"
    for params in ({"status": "closed"}, {"severity": "urgent"}, {"severity": "high,,"},
                   {"category": "nope"}, {"severity": ""}, {"path": ""}, {"colour": "red"},
                   {"limit": -1}):
        assert_envelope(server.req("GET", base, token=t, params=params), 422, "validation_error")
    assert_envelope(server.req("GET", base, token=t, params={"cursor": "x"}), 400, "bad_request",
                    "Invalid cursor")
    fid = all_open[0]["id"]
    for body in ({"status": "fixed"}, {"status": 3}, {}, {"status": "ignored", "reason": ""},
                 {"status": "ignored", "reason": "r" * 1001}, {"status": "ignored", "reason": "a\x1bb"}):
        assert_envelope(server.req("PATCH", f"{base}/{fid}", token=t, json=body), 422,
                        "validation_error")
    for bad in (str(uuid.uuid4()), "nope"):
        assert_envelope(server.req("GET", f"{base}/{bad}", token=t), 404, "not_found")
        assert_envelope(server.req("GET", f"/repositories/{bad}/findings", token=t), 404, "not_found")
    # Back to open after ignoring.
    r = server.req("PATCH", f"{base}/{fid}", token=t, json={"status": "ignored", "reason": "vendored"})
    assert r.status_code == 200 and r.json()["status"] == "ignored"
    assert len(dashlib.findings(server, t, repo)) == 3
    assert len(dashlib.findings(server, t, repo, status="ignored")) == 1
    r = server.req("PATCH", f"{base}/{fid}", token=t, json={"status": "open"})
    assert r.status_code == 200 and r.json()["status"] == "open" and r.json()["status_reason"] is None
