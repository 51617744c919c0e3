"""API keys: creation shown once, listing, revocation at once, scopes, CIDRs, activity."""
from conftest import assert_envelope


def test_create_list_and_use_a_key(server, token):
    created = server.new_key(token, name="deploy", scopes=["scans:read"])
    key = created["key"]
    assert key.startswith("vg_live_") and len(key) >= 8 + 32
    assert created["prefix"] == key[:12] and created["scopes"] == ["scans:read"]
    listed = server.req("GET", "/api-keys", token=token).json()
    mine = [k for k in listed["items"] if k["id"] == created["id"]]
    assert mine and "key" not in mine[0] and mine[0]["last_used_at"] is None
    assert key not in server.req("GET", "/api-keys", token=token).text
    me = server.req("GET", "/auth/me", key=key)
    assert me.status_code == 200
    body = me.json()
    assert body["auth_method"] == "api_key"
    assert body["api_key"] == {"id": created["id"], "prefix": created["prefix"],
                               "scopes": ["scans:read"]}
    listed = server.req("GET", "/api-keys", token=token).json()
    assert [k for k in listed["items"] if k["id"] == created["id"]][0]["last_used_at"]


def test_default_scopes_are_all_three(server, token):
    assert sorted(server.new_key(token)["scopes"]) == ["reports:read", "scans:read", "scans:write"]


def test_revoked_key_is_refused_at_once(server, token):
    created = server.new_key(token)
    assert server.req("GET", "/auth/me", key=created["key"]).status_code == 200
    r = server.req("DELETE", f"/api-keys/{created['id']}", token=token)
    assert r.status_code == 200 and r.json()["revoked_at"]
    assert_envelope(server.req("GET", "/auth/me", key=created["key"]), 401, "unauthorized",
                    "Invalid or revoked API key.")
    # Revoking twice is harmless.
    assert server.req("DELETE", f"/api-keys/{created['id']}", token=token).status_code == 200


def test_keys_cannot_manage_keys(server, token):
    key = server.new_key(token)["key"]
    assert_envelope(server.req("GET", "/api-keys", key=key), 403, "forbidden")
    assert_envelope(server.req("POST", "/api-keys", key=key, json={"name": "x"}), 403, "forbidden")


def test_another_users_key_is_not_found(server, token):
    created = server.new_key(token)
    email, password = server.new_user()
    other = server.token(email, password)
    assert_envelope(server.req("DELETE", f"/api-keys/{created['id']}", token=other), 404,
                    "not_found")
    assert_envelope(server.req("DELETE", "/api-keys/not-a-uuid", token=other), 404, "not_found")
    assert created["id"] not in server.req("GET", "/api-keys", token=other).text
    # And the key still works for its owner.
    assert server.req("GET", "/auth/me", key=created["key"]).status_code == 200


def test_validation_of_key_creation(server, token):
    for body, field in (({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 101}, "name"),
                        ({"name": "x", "scopes": ["admin"]}, "scopes"),
                        ({"name": "x", "scopes": []}, "scopes"),
                        ({"name": "x", "scopes": "scans:read"}, "scopes"),
                        ({"name": "x", "allowed_cidrs": ["10.0.0.0/33"]}, "allowed_cidrs"),
                        ({"name": "x", "allowed_cidrs": ["banana"]}, "allowed_cidrs")):
        r = server.req("POST", "/api-keys", token=token, json=body)
        b = assert_envelope(r, 422, "validation_error")
        assert any(f["loc"][-1] == field for f in b["detail"]), (body, b)


def test_allowed_cidrs(server, token):
    outside = server.new_key(token, allowed_cidrs=["10.0.0.0/8"])
    assert_envelope(server.req("GET", "/auth/me", key=outside["key"]), 403, "forbidden")
    inside = server.new_key(token, allowed_cidrs=["10.0.0.0/8", "127.0.0.0/24"])
    assert server.req("GET", "/auth/me", key=inside["key"]).status_code == 200
    assert inside["allowed_cidrs"] == ["10.0.0.0/8", "127.0.0.0/24"]


def test_activity_log_records_create_use_revoke(server):
    email, password = server.new_user()
    tok = server.token(email, password)
    created = server.new_key(tok)
    server.req("GET", "/auth/me", key=created["key"])
    server.req("DELETE", f"/api-keys/{created['id']}", token=tok)
    items = server.req("GET", "/api-keys/activity", token=tok).json()["items"]
    actions = [i["action"] for i in items if i["api_key_id"] == created["id"]]
    assert "api_key.created" in actions and "api_key.used" in actions
    assert "api_key.revoked" in actions
    assert created["key"] not in str(items)


def test_pagination(server):
    email, password = server.new_user()
    tok = server.token(email, password)
    ids = {server.new_key(tok, name=f"k{i}")["id"] for i in range(5)}
    seen, cursor = [], None
    while True:
        params = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = server.req("GET", "/api-keys", token=tok, params=params).json()
        seen += [k["id"] for k in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 5 and set(seen) == ids
    assert_envelope(server.req("GET", "/api-keys", token=tok, params={"limit": 0}), 422,
                    "validation_error")
    assert_envelope(server.req("GET", "/api-keys", token=tok, params={"limit": 201}), 422,
                    "validation_error")
    assert server.req("GET", "/api-keys", token=tok, params={"limit": 200}).status_code == 200
    # Cursors are opaque and validated: anything the server did not hand out is a 400.
    for bad in ["zzz", cursor_of_page(server, tok)[:-2], "W10", "!!", "x" * 2000]:
        assert_envelope(server.req("GET", "/api-keys", token=tok, params={"cursor": bad}), 400,
                        "bad_request", "Invalid cursor")


def cursor_of_page(server, tok):
    page = server.req("GET", "/api-keys", token=tok, params={"limit": 1}).json()
    assert page["next_cursor"]
    return page["next_cursor"]
