"""Projects (API.md "Projects"): CRUD, counts and scores, ?q=, paging, rollup, deletion."""
import os
import uuid

import pytest

import dashlib
import scanlib
from conftest import assert_envelope

SEVERITIES = {"critical", "high", "medium", "low", "info"}
PROJECT_KEYS = {"id", "name", "description", "created_at", "updated_at", "repository_count",
                "latest_scan_at", "launch_readiness_score", "open_findings_by_severity"}


def test_create_get_update(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t, name="Shop API", description="the shop")
    assert set(p) == PROJECT_KEYS
    assert p["name"] == "Shop API" and p["description"] == "the shop"
    assert p["repository_count"] == 0 and p["latest_scan_at"] is None
    assert p["launch_readiness_score"] is None
    assert p["open_findings_by_severity"] == {s: 0 for s in SEVERITIES}
    r = server.req("GET", f"/projects/{p['id']}", token=t)
    assert r.status_code == 200 and r.json() == p
    r = server.req("PATCH", f"/projects/{p['id']}", token=t, json={"name": "Shop", "description": None})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Shop" and r.json()["description"] is None
    r = server.req("PATCH", f"/projects/{p['id']}", token=t, json={})
    assert_envelope(r, 422, "validation_error")


@pytest.mark.parametrize("body,field", [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": 5}, "name"),
    ({"name": ["x"]}, "name"),
    ({"name": "a" * 201}, "name"),
    ({"name": "bad\nname"}, "name"),
    ({"name": "bell\x07"}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "ok", "description": "d" * 2001}, "description"),
    ({"name": "ok", "description": 12}, "description"),
])
def test_create_rejects_bad_input(server, body, field):
    t = dashlib.user_token(server)
    r = server.req("POST", "/projects", token=t, json=body)
    b = assert_envelope(r, 422, "validation_error")
    assert b["detail"][0]["loc"] == ["body", field]
    assert b["detail"][0]["msg"]


def test_malformed_json_and_unknown_ids(server):
    t = dashlib.user_token(server)
    r = server.req("POST", "/projects", token=t, data="{nope",
                   headers={"Content-Type": "application/json"})
    assert_envelope(r, 400, "bad_request")
    for pid in (str(uuid.uuid4()), "not-a-uuid", "1' OR '1'='1"):
        for method in ("GET", "PATCH", "DELETE"):
            r = server.req(method, f"/projects/{pid}", token=t, json={"name": "x"})
            assert_envelope(r, 404, "not_found", "Project not found")
        r = server.req("GET", f"/projects/{pid}/rollup", token=t)
        assert_envelope(r, 404, "not_found", "Project not found")


def test_list_q_and_limit_one_walk(server):
    t = dashlib.user_token(server)
    made = [dashlib.project(server, t, name=f"walk-{i}-{'alpha' if i % 2 else 'beta'}")
            for i in range(7)]
    items = dashlib.walk(server, "/projects", token=t, limit=1)
    ids = [p["id"] for p in items]
    assert sorted(ids) == sorted(p["id"] for p in made) and len(set(ids)) == 7
    keys = [(p["created_at"], p["id"]) for p in items]
    assert keys == sorted(keys, reverse=True)  # newest first
    # A row inserted during the walk does not make the walk repeat or skip older rows.
    r = server.req("GET", "/projects", token=t, params={"limit": 2})
    first = [p["id"] for p in r.json()["items"]]
    assert first == ids[:2]
    late = dashlib.project(server, t, name="late")
    rest = [p["id"] for p in dashlib.walk(server, "/projects", token=t, limit=1,
                                          params={"cursor": r.json()["next_cursor"]})]
    assert len(set(rest)) == len(rest) and not set(rest) & set(first)
    assert [i for i in rest if i != late["id"]] == ids[2:]
    r = server.req("GET", "/projects", token=t, params={"q": "ALPHA"})
    names = sorted(p["name"] for p in r.json()["items"])
    assert names == sorted(p["name"] for p in made if "alpha" in p["name"])
    r = server.req("GET", "/projects", token=t, params={"q": "%"})
    assert r.status_code == 200 and r.json()["items"] == []


@pytest.mark.parametrize("params,status,code", [
    ({"limit": 0}, 422, "validation_error"),
    ({"limit": 201}, 422, "validation_error"),
    ({"limit": "ten"}, 422, "validation_error"),
    ({"cursor": "garbage!"}, 400, "bad_request"),
    ({"cursor": "djE6MTp4"}, 400, "bad_request"),
    ({"sort": "name"}, 422, "validation_error"),
    ({"q": "x" * 201}, 422, "validation_error"),
])
def test_list_rejects_bad_params(server, params, status, code):
    t = dashlib.user_token(server)
    r = server.req("GET", "/projects", token=t, params=params)
    b = assert_envelope(r, status, code)
    if status == 400:
        assert b["detail"] == "Invalid cursor"


def test_counts_scores_rollup_and_delete(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    r1 = dashlib.repository(server, t, p["id"], name="web")
    r2 = dashlib.repository(server, t, p["id"], name="api")
    s1 = dashlib.scan_repo(server, t, r1["id"], {"a.py": dashlib.secret_line(scanlib.fake_stripe_key())})
    s2 = dashlib.scan_repo(server, t, r2["id"], {"b.py": dashlib.secret_line(scanlib.fake_stripe_key()),
                                                 "c.py": dashlib.secret_line(scanlib.fake_stripe_key())})
    assert s1["status"] == s2["status"] == "complete"
    got = server.req("GET", f"/projects/{p['id']}", token=t).json()
    assert got["repository_count"] == 2
    assert got["latest_scan_at"] is not None
    assert got["launch_readiness_score"] == min(s1["launch_readiness_score"], s2["launch_readiness_score"])
    rollup = server.req("GET", f"/projects/{p['id']}/rollup", token=t).json()
    assert set(rollup) == {"project_id", "launch_readiness_score", "open_findings_by_severity",
                           "open_findings_by_category", "triaged", "fixed_last_30_days",
                           "repositories", "trend", "top_risks"}
    # The rollup's counts equal the findings lists'.
    listed = dashlib.findings(server, t, r1["id"]) + dashlib.findings(server, t, r2["id"])
    by_sev = {s: sum(1 for f in listed if f["severity"] == s) for s in SEVERITIES}
    assert rollup["open_findings_by_severity"] == by_sev == got["open_findings_by_severity"]
    assert sum(rollup["open_findings_by_category"].values()) == len(listed) == 3
    assert rollup["triaged"] == {"ignored": 0, "false_positive": 0}
    assert {r["id"] for r in rollup["repositories"]} == {r1["id"], r2["id"]}
    for repo in rollup["repositories"]:
        n = len(dashlib.findings(server, t, repo["id"]))
        assert sum(repo["open_findings_by_severity"].values()) == n
    trend = {x["scan_id"]: x for x in rollup["trend"]}
    assert set(trend) == {s1["id"], s2["id"]}
    assert [x["completed_at"] for x in rollup["trend"]] == sorted(x["completed_at"] for x in rollup["trend"])
    assert trend[s1["id"]]["open_findings"] == 1 and trend[s2["id"]]["open_findings"] == 2
    assert len(rollup["top_risks"]) == 3
    assert all(f["status"] == "open" for f in rollup["top_risks"])

    # DELETE takes repositories, scans, findings and the upload blobs with it.
    blobs = [os.path.join(root, f) for root, _, fs in os.walk(server.data_dir) for f in fs
             if s1["id"] in f or s2["id"] in f]
    r = server.req("DELETE", f"/projects/{p['id']}", token=t)
    assert r.status_code == 204 and r.content == b""
    for path in (f"/projects/{p['id']}", f"/repositories/{r1['id']}", f"/scans/{s1['id']}",
                 f"/repositories/{r2['id']}/findings"):
        assert server.req("GET", path, token=t).status_code == 404, path
    assert all(not os.path.exists(b) for b in blobs)
    assert server.req("DELETE", f"/projects/{p['id']}", token=t).status_code == 404


def test_api_key_reads_but_cannot_write(server):
    t = dashlib.user_token(server)
    p = dashlib.project(server, t)
    key = server.new_key(t, scopes=["scans:read"])["key"]
    assert server.req("GET", "/projects", key=key).status_code == 200
    assert server.req("GET", f"/projects/{p['id']}/rollup", key=key).status_code == 200
    assert_envelope(server.req("POST", "/projects", key=key, json={"name": "x"}), 403, "forbidden")
    assert_envelope(server.req("DELETE", f"/projects/{p['id']}", key=key), 403, "forbidden")
    wkey = server.new_key(t, scopes=["scans:write"])["key"]
    assert_envelope(server.req("GET", "/projects", key=wkey), 403, "forbidden")
