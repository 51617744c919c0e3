# Generates docs/openapi.json (run: /usr/bin/python3 scripts/openapi.py). Edit here, not the JSON;
# tests/unit/test_http.c fails when a route of src/http/routes.c is missing from the document.
import json
def err(desc): return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
E = {k: err(v) for k, v in {"400":"Malformed request or JSON","401":"Missing, malformed, invalid or revoked credentials","403":"Forbidden: scope, email verification, IP or role","404":"Not found (or not yours)","405":"Method not allowed","409":"Conflict","410":"Expired link","413":"Body too large","415":"Wrong content type","422":"Validation error","429":"Rate limited (Retry-After)","503":"Unavailable"}.items()}
def errs(*codes): return {c: {"$ref": f"#/components/responses/E{c}"} for c in codes}
def op(tag, summary, ok, okdesc, schema=None, body=None, security="user", codes=(), params=None, scope=None):
    o = {"tags":[tag], "summary": summary, "responses": {ok: {"description": okdesc}}}
    if schema:
        o["responses"][ok]["content"] = {"application/json": {"schema": schema}}
    if body:
        o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if security == "none":
        o["security"] = []
    elif security == "user":
        o["security"] = [{"bearer": []}]
    elif security == "any":
        o["security"] = [{"bearer": []}, {"apiKey": []}]
    elif security == "admin":
        o["security"] = [{"bearer": []}]
        o["description"] = "Administrators only."
    if scope:
        o["x-required-scope"] = scope
        o["description"] = f"API keys need the scope `{scope}`."
    std = ["500"] if False else []
    c = list(codes)
    if security != "none": c += ["401", "403"]
    if body: c += ["400", "413", "415", "422"]
    if security in ("any",): c += ["429"]
    o["responses"].update(errs(*sorted(set(c))))
    if params: o["parameters"] = params
    return o
ref = lambda n: {"$ref": f"#/components/schemas/{n}"}
idp = lambda name="id": {"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
pageq = [{"name":"limit","in":"query","schema":{"type":"integer","minimum":1,"maximum":100,"default":50}},{"name":"cursor","in":"query","schema":{"type":"string"}}]
def page(item): return {"type":"object","required":["items","next_cursor"],"properties":{"items":{"type":"array","items":item},"next_cursor":{"type":["string","null"]}}}
paths = {
 "/v1/healthz": {"get": op("Health","Liveness: the process answers","200","ok",{"type":"object","properties":{"status":{"const":"ok"}}},security="none")},
 "/v1/readyz": {"get": op("Health","Readiness: database reachable and migrated, storage writable","200","ready",{"type":"object"},security="none",codes=["503"])},
 "/v1/openapi.json": {"get": op("Meta","This document","200","OpenAPI 3.1 document",{"type":"object"},security="none")},
 "/docs": {"get": {"tags":["Meta"],"summary":"Human-readable API page rendered from this document","security":[],"responses":{"200":{"description":"HTML page","content":{"text/html":{}}}}}},
 "/v1/auth/login": {"post": op("Auth","Log in with email and password","200","Token pair",ref("TokenPair"),body=ref("LoginRequest"),security="none",codes=["401","429"])},
 "/v1/auth/refresh": {"post": op("Auth","Exchange a refresh token for a new pair (rotation; reuse revokes the login)","200","Token pair",ref("TokenPair"),body={"type":"object","required":["refresh_token"],"properties":{"refresh_token":{"type":"string"}}},security="none",codes=["401"])},
 "/v1/auth/logout": {"post": op("Auth","Log out: the access token and its login's refresh tokens stop working at once","204","Logged out")},
 "/v1/auth/me": {"get": op("Auth","The current user; for an API key also the key's id, prefix and scopes","200","Current principal",ref("Me"),security="any")},
 "/v1/api-keys": {
   "get": op("API keys","List your API keys (never the keys themselves)","200","Keys",page(ref("ApiKey")),params=pageq,codes=["422"]),
   "post": op("API keys","Create an API key; the full key is in this response only","201","Created",{"allOf":[ref("ApiKey"),{"type":"object","required":["key"],"properties":{"key":{"type":"string","description":"vg_live_… shown once"}}}]},body=ref("ApiKeyCreate"))},
 "/v1/api-keys/activity": {"get": op("API keys","Your account's activity log (key created, used, revoked; logins)","200","Events",page(ref("Activity")),params=pageq,codes=["422"])},
 "/v1/api-keys/{id}": {"delete": op("API keys","Revoke an API key (takes effect immediately)","200","The revoked key",ref("ApiKey"),params=[idp()],codes=["404"])},
 "/v1/scans": {"post": op("Scans","Create a project + scan; for zip sources the response holds a signed upload URL (15 minutes). Counts toward v1_scans_per_key_per_day (20) and the per-user and per-IP daily limits.","201","Created",ref("ScanCreated"),body=ref("ScanCreate"),security="any",scope="scans:write",codes=["429"])},
 "/v1/scans/{scan_id}/start": {"post": op("Scans","Queue the scan for the workers (after the upload for zip sources). Idempotent while queued.","202","Queued",{"type":"object","properties":{"scan_id":{"type":"string"},"status":{"const":"queued"}}},security="any",scope="scans:write",codes=["404","409"],params=[idp("scan_id")])},
 "/v1/scans/{scan_id}": {"get": op("Scans","Scan status, statistics, scores and (once complete) the findings","200","The scan",ref("Scan"),security="any",scope="scans:read",codes=["404"],params=[idp("scan_id")])},
 "/v1/ops/limits": {"get": op("Operations","The rate and size limits in force","200","Limits",{"type":"object"},security="admin")},
 "/v1/ops/workers": {"get": op("Operations","Scan workers (heartbeat, current job, alive; dead = no heartbeat for 3 leases, removed by the next cleanup) and the queue depth","200","Workers",{"type":"object","properties":{"workers":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"hostname":{"type":"string"},"pid":{"type":"integer"},"started_at":{"type":"string","format":"date-time"},"heartbeat_at":{"type":"string","format":"date-time"},"current_job_id":{"type":["string","null"]},"alive":{"type":"boolean"},"dead":{"type":"boolean"},"dead_at":{"type":["string","null"],"format":"date-time"}}}},"queue_depth":{"type":"integer"}}},security="admin")},
 "/v1/ops/queue": {"get": op("Operations","Jobs by kind and status (with the oldest job and the running jobs whose lease ran out)","200","Queue",{"type":"object","properties":{"by_kind":{"type":"object","additionalProperties":{"type":"object","additionalProperties":{"type":"integer"}}},"jobs":{"type":"array","items":{"type":"object","properties":{"kind":{"type":"string"},"status":{"type":"string"},"count":{"type":"integer"},"oldest_created_at":{"type":"string","format":"date-time"},"expired_leases":{"type":"integer"}}}},"queue_depth":{"type":"integer"}}},security="admin")},
 "/v1/ops/cleanup": {"post": op("Operations","Delete what is no longer needed: archives of finished scans, stale upload temp files, expired upload URLs, scans uploaded but never started, expired git uploads, tokens and rate windows, old finished jobs, dead workers. A dry run (the default) only counts. The server runs the same pass every --cleanup-interval.","200","What was (or would be) removed",ref("CleanupResult"),body=ref("CleanupRequest"),security="admin")},
 "/v1/uploads/{scan_id}": {"put": {"tags":["Scans"],"summary":"The signed upload URL: PUT the ZIP archive (Content-Type: application/zip). Authorised by its signature; streamed to storage.","security":[],
   "parameters":[idp("scan_id"),{"name":"expires","in":"query","required":True,"schema":{"type":"integer"}},{"name":"signature","in":"query","required":True,"schema":{"type":"string"}}],
   "requestBody":{"required":True,"content":{"application/zip":{"schema":{"type":"string","format":"binary"}}}},
   "responses":{"200":{"description":"Stored (409 once the scan started: a late upload is discarded)","content":{"application/json":{"schema":{"type":"object","properties":{"scan_id":{"type":"string"},"upload_storage_path":{"type":"string"},"size_bytes":{"type":"integer"}}}}}}, **errs("400","403","404","409","410","413","415")}}},
}
schemas = {
 "CleanupRequest": {"type":"object","properties":{"dry_run":{"type":"boolean","default":True},"older_than_days":{"type":"integer","minimum":0,"maximum":3650,"default":7,"description":"age past which finished jobs, abandoned scans, expired git uploads, spent refresh tokens and (with --retain-uploads) archives go"}}},
 "CleanupResult": {"type":"object","required":["dry_run","older_than_days","removed","bytes_freed"],"properties":{"dry_run":{"type":"boolean"},"older_than_days":{"type":"integer"},"removed":{"type":"object","properties":{k:{"type":"integer"} for k in ["expired_uploads","abandoned_scans","upload_blobs","part_files","expired_git_uploads","expired_tokens","rate_counters","finished_jobs","dead_workers"]}},"bytes_freed":{"type":"integer"}}},
 "Error": {"type":"object","required":["schema_version","error","detail"],"properties":{"schema_version":{"const":1},"error":{"type":"object","required":["code","message","retryable","details"],"properties":{"code":{"type":"string","enum":["bad_request","unauthorized","forbidden","not_found","method_not_allowed","conflict","gone","payload_too_large","unsupported_media_type","validation_error","rate_limited","internal_error","service_unavailable"]},"message":{"type":"string"},"retryable":{"type":"boolean"},"details":{"type":"object"}}},"detail":{"description":"The message, or for 422 the list of field errors","oneOf":[{"type":"string"},{"type":"array","items":ref("FieldError")}]}}},
 "FieldError": {"type":"object","properties":{"loc":{"type":"array","items":{"type":"string"}},"msg":{"type":"string"},"type":{"type":"string"}}},
 "LoginRequest": {"type":"object","required":["email","password"],"properties":{"email":{"type":"string","maxLength":254},"password":{"type":"string"}}},
 "TokenPair": {"type":"object","required":["access_token","refresh_token","token_type","expires_in"],"properties":{"access_token":{"type":"string"},"refresh_token":{"type":"string"},"token_type":{"const":"bearer"},"expires_in":{"type":"integer"},"refresh_expires_in":{"type":"integer"}}},
 "Me": {"type":"object","properties":{"id":{"type":"string","format":"uuid"},"email":{"type":"string"},"email_verified":{"type":"boolean"},"is_admin":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},"auth_method":{"enum":["bearer","api_key"]},"api_key":{"oneOf":[{"type":"null"},{"type":"object","properties":{"id":{"type":"string"},"prefix":{"type":"string"},"scopes":{"type":"array","items":{"type":"string"}}}}]}}},
 "ApiKeyCreate": {"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":1,"maxLength":100},"scopes":{"type":"array","items":{"enum":["scans:read","scans:write","reports:read"]},"minItems":1,"description":"default: all three"},"allowed_cidrs":{"type":"array","maxItems":20,"items":{"type":"string"},"description":"only requests from these blocks are accepted"}}},
 "ApiKey": {"type":"object","properties":{"id":{"type":"string","format":"uuid"},"name":{"type":"string"},"prefix":{"type":"string"},"scopes":{"type":"array","items":{"type":"string"}},"allowed_cidrs":{"type":"array","items":{"type":"string"}},"created_at":{"type":"string","format":"date-time"},"last_used_at":{"type":["string","null"],"format":"date-time"},"revoked_at":{"type":["string","null"],"format":"date-time"}}},
 "ScanCreate": {"type":"object","required":["project_name","source_type"],"properties":{"project_name":{"type":"string","minLength":1,"maxLength":200},"source_type":{"enum":["zip","github"]},"github_repo_full_name":{"type":"string","description":"owner/name; required for github"}}},
 "ScanCreated": {"type":"object","properties":{"scan_id":{"type":"string"},"project_id":{"type":"string"},"upload_url":{"type":["string","null"]},"upload_storage_path":{"type":["string","null"]},"upload_expires_at":{"type":["string","null"],"format":"date-time"}}},
 "Finding": {"type":"object","properties":{k:{"type":"string"} for k in ["id","severity","category","rule_id","title","description","file_path","masked_evidence","confidence","fingerprint"]} | {"recommendation":{"type":["string","null"]},"line_start":{"type":"integer"},"line_end":{"type":"integer"}}},
 "Scan": {"type":"object","properties":{"id":{"type":"string"},"status":{"enum":["queued","extracting","scanning","complete","failed"]},"source_type":{"enum":["zip","github"]},"project_id":{"type":"string"},
   "total_files":{"type":"integer"},"included_files":{"type":"integer"},"ignored_files":{"type":"integer"},"risky_skipped_files":{"type":"integer"},"total_bytes":{"type":"integer"},"included_bytes":{"type":"integer"},
   "complexity_score":{"type":["number","null"]},"complexity_label":{"enum":["simple","moderate","complex","very_complex",None]},"launch_readiness_score":{"type":["number","null"]},
   "free_findings_summary":{"type":["object","null"],"properties":{"findings_by_severity":{"type":"object"},"total_findings":{"type":"integer"}}},
   "created_at":{"type":"string"},"started_at":{"type":["string","null"]},"completed_at":{"type":["string","null"]},"error_message":{"type":["string","null"]},"github_repo_full_name":{"type":["string","null"]},
   "findings":{"type":"array","items":ref("Finding")}}},
 "Activity": {"type":"object","properties":{"id":{"type":"string"},"action":{"type":"string"},"api_key_id":{"type":["string","null"]},"detail":{"type":["string","null"]},"ip":{"type":["string","null"]},"created_at":{"type":"string","format":"date-time"}}},
}
paths["/v1/ops/cleanup"]["post"]["requestBody"]["required"] = False  # no body: a dry run
doc = {"openapi":"3.1.0","info":{"title":"Vega API","version":"0.1.0","description":"Security scanning for vibe-coded apps. Errors use one envelope (see docs/errors.md). API keys: 60 requests per UTC minute each."},
 "servers":[{"url":"http://localhost:8000"}],"paths":paths,
 "components":{"schemas":schemas,"responses":{f"E{c}": v for c, v in E.items()},
  "securitySchemes":{"bearer":{"type":"http","scheme":"bearer"},"apiKey":{"type":"apiKey","in":"header","name":"X-API-Key"}}}}
import os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "openapi.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
