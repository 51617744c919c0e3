# Generates docs/openapi.json (run: /usr/bin/python3 scripts/openapi.py). Edit here, not the JSON;
# tests/unit/test_http.c fails when a route of src/api/routes.c is missing from the document.
import json
import os
import re
# The version of the build (src/util/version.h), as `vega version` prints it.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "util", "version.h")) as _f:
    VEGA_VERSION = re.search(r'#define VEGA_VERSION "([^"]+)"', _f.read()).group(1)
def err(desc): return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
E = {k: err(v) for k, v in {"400":"Malformed request or JSON","401":"Missing, malformed, invalid or revoked credentials","403":"Forbidden: scope, email verification, IP or role","404":"Not found (or not yours)","405":"Method not allowed","409":"Conflict","410":"Expired link","413":"Body too large","415":"Wrong content type","422":"Validation error","429":"Rate limited (Retry-After)","503":"Unavailable","402":"Payment declined or not matching the quote"}.items()}
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
    else: c += ["405"]
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
 "/healthz": {"get": op("Health","Liveness at the usual probe path (same answer as /v1/healthz)","200","ok",{"type":"object","properties":{"status":{"const":"ok"}}},security="none")},
 "/readyz": {"get": op("Health","Readiness at the usual probe path (same answer as /v1/readyz)","200","ready",{"type":"object"},security="none",codes=["503"])},
 "/v1/openapi.json": {"get": op("Meta","This document","200","OpenAPI 3.1 document",{"type":"object"},security="none")},
 "/metrics": {"get": {"tags":["Health"],"summary":"Prometheus metrics (text format 0.0.4): requests by route and status, latency histograms, scans by status, jobs by kind, workers, engine bytes and seconds, blob errors, database pool waits. With --metrics-token it requires that token as a Bearer token; without one, only loopback clients may read it.","operationId":"getMetrics","security":[],"responses":{"200":{"description":"Metrics in the Prometheus text format","content":{"text/plain":{"schema":{"type":"string"}}}}, **errs("401","403","405")}}},
 "/docs": {"get": {"tags":["Meta"],"summary":"Interactive API reference (Swagger UI) on this document; try-it calls this server","description":"Swagger UI (swagger-ui-dist, embedded in the binary) rendering /v1/openapi.json with this page's origin as the server, so Try it out calls the same origin. The web dashboard is served at / (any other GET outside /v1/ answers its index.html).","security":[],"responses":{"200":{"description":"HTML page","content":{"text/html":{}}}, **errs("405")}}},
 "/v1/auth/login": {"post": op("Auth","Log in with email and password","200","Token pair",ref("TokenPair"),body=ref("LoginRequest"),security="none",codes=["401","429"])},
 "/v1/auth/refresh": {"post": op("Auth","Exchange a refresh token for a new pair (rotation; reuse revokes the login)","200","Token pair",ref("TokenPair"),body={"type":"object","required":["refresh_token"],"properties":{"refresh_token":{"type":"string"}}},security="none",codes=["401"])},
 "/v1/auth/logout": {"post": op("Auth","Log out: the access token and its login's refresh tokens stop working at once","204","Logged out")},
 "/v1/auth/session": {
   "post": op("Auth","Browser sign-in: like /v1/auth/login, but the refresh token is set as an HttpOnly, SameSite=Strict cookie (vega_refresh, path /v1/auth/session) and the body carries a CSRF token (also in the vega_csrf cookie) instead","200","Access token",{"type":"object","properties":{"access_token":{"type":"string"},"token_type":{"const":"bearer"},"expires_in":{"type":"integer"},"csrf_token":{"type":"string"}}},body=ref("LoginRequest"),security="none",codes=["401","429"]),
   "delete": op("Auth","Browser sign-out: the login (access token and refresh family) ends and the session cookies are cleared. Needs X-CSRF-Token equal to the vega_csrf cookie.","204","Signed out",None,params=[{"name":"X-CSRF-Token","in":"header","required":True,"schema":{"type":"string"}}])},
 "/v1/auth/session/refresh": {"post": op("Auth","Browser refresh: a new access token from the vega_refresh cookie (rotated). Needs X-CSRF-Token equal to the vega_csrf cookie and, when sent, an Origin of this server.","200","Access token",{"type":"object","properties":{"access_token":{"type":"string"},"token_type":{"const":"bearer"},"expires_in":{"type":"integer"},"csrf_token":{"type":"string"}}},security="none",codes=["401","403"],params=[{"name":"X-CSRF-Token","in":"header","required":True,"schema":{"type":"string"}}])},
 "/v1/auth/signup": {"get": op("Auth","Whether this server lets visitors create accounts (--allow-signup with mail configured)","200","Sign-up state",{"type":"object","properties":{"enabled":{"type":"boolean"},"mail":{"type":"boolean","description":"account mail (verification, password reset) can be sent"}}},security="none"),
   "post": op("Auth","Create an account (only when the server runs with --allow-signup) and mail a verification link. Answers the same for an address that already has an account (its owner is mailed instead). Counts toward account_mails_per_ip_per_hour.","201","Verification mail sent",{"type":"object","properties":{"email":{"type":"string"},"status":{"const":"verification_sent"}}},body={"type":"object","required":["email","password"],"properties":{"email":{"type":"string","format":"email"},"password":{"type":"string","minLength":8,"maxLength":1024}}},security="none",codes=["403","422","429","503"])},
 "/v1/auth/verify-email": {"post": op("Auth","Verify the account's email with the token of the mailed link (once, within 24 hours)","200","Verified",{"type":"object","properties":{"email_verified":{"const":True}}},body={"type":"object","required":["token"],"properties":{"token":{"type":"string"}}},security="none",codes=["400","422"])},
 "/v1/auth/verify-email/resend": {"post": op("Auth","Mail a new verification link to the signed-in user (earlier links stop working); counts toward account_mails_per_ip_per_hour","202","Verification mail sent",{"type":"object","properties":{"email":{"type":"string"},"status":{"const":"verification_sent"}}},codes=["409","429","503"])},
 "/v1/auth/password-reset": {"post": op("Auth","Mail a password-reset link (valid one hour) if the address has an account; always 202 (within account_mails_per_ip_per_hour)","202","Accepted",{"type":"object","properties":{"status":{"const":"sent_if_registered"}}},body={"type":"object","required":["email"],"properties":{"email":{"type":"string","format":"email"}}},security="none",codes=["422","429","503"])},
 "/v1/auth/password-reset/confirm": {"post": op("Auth","Set a new password with the token of the mailed link; every login of the account ends","204","Password changed",None,body={"type":"object","required":["token","password"],"properties":{"token":{"type":"string"},"password":{"type":"string","minLength":8,"maxLength":1024}}},security="none",codes=["400","422"])},
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

# ---- Dashboard API (API.md "Dashboard API") ----
listq = [{"name":"limit","in":"query","schema":{"type":"integer","minimum":1,"maximum":200,"default":50}},{"name":"cursor","in":"query","description":"opaque next_cursor of the previous page","schema":{"type":"string"}}]
def q(name, desc, schema=None): return {"name":name,"in":"query","description":desc,"schema":schema or {"type":"string"}}
def csv(name, values, desc): return q(name, desc + " Comma-separated list; one of " + ", ".join(values) + ".", {"type":"string"})
pid = lambda: {"name":"id","in":"path","required":True,"schema":{"type":"string","format":"uuid"}}
fid = {"name":"finding_id","in":"path","required":True,"schema":{"type":"string","format":"uuid"}}
SEV = ["critical","high","medium","low","info"]
FSTAT = ["open","fixed","ignored","false_positive"]
SSTAT = ["queued","extracting","scanning","complete","failed"]
DEPRECATED_HDRS = {"Deprecation":{"description":"RFC 9745: deprecated since (@epoch seconds)","schema":{"type":"string"}},"Sunset":{"description":"RFC 8594: removal date","schema":{"type":"string"}},"Link":{"description":"</v1/scans>; rel=\"successor-version\"","schema":{"type":"string"}}}
def legacy(o):
    o["deprecated"] = True
    for code, r in o["responses"].items():
        if "$ref" not in r:
            r["headers"] = DEPRECATED_HDRS
    return o
paths.update({
 "/v1/scans": dict(paths["/v1/scans"], get=op("Scans","List your scans, newest first (the scan shape without findings)","200","Scans",page(ref("ScanSummary")),security="any",scope="scans:read",codes=["400","422"],params=listq+[q("project_id","only this project",{"type":"string","format":"uuid"}),q("repository_id","only this repository",{"type":"string","format":"uuid"}),csv("status",SSTAT,"only these statuses.")])),
 "/v1/scans/{scan_id}/findings": {"get": op("Scans","One scan's findings, worst first, paged (for large scans)","200","Findings",page(ref("Finding")),security="any",scope="scans:read",codes=["400","404","422"],params=[idp("scan_id")]+listq)},
 "/v1/projects": {
   "get": op("Projects","List your projects, newest first, with counts and scores","200","Projects",page(ref("Project")),security="any",scope="scans:read",codes=["400","422"],params=listq+[q("q","only projects whose name contains this text (case-insensitive)")]),
   "post": op("Projects","Create a project","201","Created",ref("Project"),body=ref("ProjectCreate"))},
 "/v1/projects/{id}": {
   "get": op("Projects","A project with its counts and score","200","The project",ref("Project"),security="any",scope="scans:read",codes=["404"],params=[pid()]),
   "patch": op("Projects","Rename or describe a project (description null clears it)","200","The project",ref("Project"),body=ref("ProjectUpdate"),codes=["404"],params=[pid()]),
   "delete": op("Projects","Delete a project with its repositories, scans and findings (upload blobs are removed too)","204","Deleted",codes=["404"],params=[pid()])},
 "/v1/projects/{id}/rollup": {"get": op("Projects","The project's security rollup: scores, counts, repositories, trend and top risks","200","Rollup",ref("Rollup"),security="any",scope="scans:read",codes=["404"],params=[pid()])},
 "/v1/repositories": {
   "get": op("Repositories","List your repositories, newest first","200","Repositories",page(ref("Repository")),security="any",scope="scans:read",codes=["400","422"],params=listq+[q("project_id","only this project",{"type":"string","format":"uuid"})]),
   "post": op("Repositories","Create a repository in a project","201","Created",ref("Repository"),body=ref("RepositoryCreate"),codes=["404","409"])},
 "/v1/repositories/{id}": {
   "get": op("Repositories","A repository with its latest scan and open findings","200","The repository",ref("Repository"),security="any",scope="scans:read",codes=["404"],params=[pid()]),
   "patch": op("Repositories","Change a repository's name, default branch (null clears) or GitHub full name","200","The repository",ref("Repository"),body=ref("RepositoryUpdate"),codes=["404","409"],params=[pid()]),
   "delete": op("Repositories","Delete a repository with its scans and findings","204","Deleted",codes=["404"],params=[pid()])},
 "/v1/repositories/{id}/scans": {
   "post": op("Repositories","Create a scan of this repository (upload URL for zip; none for github; 409 for git)","201","Created",ref("ScanCreated"),security="any",scope="scans:write",codes=["404","409","429"],params=[pid()]),
   "get": op("Repositories","The repository's scans, newest first","200","Scans",page(ref("ScanSummary")),security="any",scope="scans:read",codes=["400","404","422"],params=[pid()]+listq+[csv("status",SSTAT,"only these statuses.")])},
 "/v1/repositories/{id}/findings": {"get": op("Findings","Findings across the repository's scans, worst first","200","Findings",page(ref("RepositoryFinding")),security="any",scope="scans:read",codes=["400","404","422"],params=[pid()]+listq+[csv("status",FSTAT,"default open."),csv("severity",SEV,""),q("category","comma-separated categories (secret, injection, xss, auth, crypto, config, dependency, code, other)"),q("rule_id","comma-separated rule ids"),q("path","file path prefix")])},
 "/v1/repositories/{id}/findings/{finding_id}": {
   "get": op("Findings","One repository finding with its history","200","The finding",ref("RepositoryFindingDetail"),security="any",scope="scans:read",codes=["404"],params=[pid(),fid]),
   "patch": op("Findings","Triage: open, ignored or false_positive (a reason is required for the last two); 409 once fixed","200","The finding",ref("RepositoryFindingDetail"),body=ref("Triage"),codes=["404","409"],params=[pid(),fid])},
 "/v1/repositories/{id}/events": {"get": op("Events","The repository's events, newest first","200","Events",page(ref("Event")),security="any",scope="scans:read",codes=["400","404","422"],params=[pid()]+listq+[q("type","a type or a prefix of one (finding., scan.completed)"),q("since","only events at or after this time (RFC 3339 or a date)",{"type":"string","format":"date-time"})])},
 "/v1/billing/usage": {"get": op("Billing","Usage per UTC day or month (defaults: this month by day; the last 12 months by month)","200","Usage",ref("Usage"),codes=["422"],params=[q("from","first day or time (RFC 3339 or a date)"),q("to","last day (a date, inclusive) or end time (RFC 3339, exclusive)"),q("granularity","day (default) or month",{"type":"string","enum":["day","month"]})])},
 "/v1/billing/summary": {"get": op("Billing","This month's plan, usage, limits and costs","200","Summary",ref("BillingSummary"),codes=["422"])},
 "/v1/sessions": {"post": legacy(op("Sessions (legacy)","Deprecated: create a session (a zip scan); use POST /v1/scans","201","Created",{"type":"object","required":["session_id","upload_url","expires_at"],"properties":{"session_id":{"type":"string","format":"uuid"},"upload_url":{"type":"string"},"expires_at":{"type":"string","format":"date-time"}}},body={"type":"object","required":["project_name"],"properties":{"project_name":{"type":"string","minLength":1,"maxLength":200}}},security="any",scope="scans:write",codes=["429"]))},
 "/v1/sessions/{id}/analyze": {"post": legacy(op("Sessions (legacy)","Deprecated: start the analysis (POST /v1/scans/{scan_id}/start)","202","Analyzing",{"type":"object","properties":{"session_id":{"type":"string"},"status":{"const":"analyzing"}}},security="any",scope="scans:write",codes=["404","409"],params=[pid()]))},
 "/v1/sessions/{id}": {"get": legacy(op("Sessions (legacy)","Deprecated: the session's status, score and findings (GET /v1/scans/{scan_id})","200","The session",ref("Session"),security="any",scope="scans:read",codes=["404"],params=[pid()]))},
})
# Findings of scans and repositories: where a git history source found them.
ORIGIN = {"introduced_commit":{"description":"git sources (git uploads, GitHub with history): the commit that introduced the finding; null for other sources","oneOf":[{"type":"null"},{"type":"object","properties":{"sha":{"type":"string"},"author_name":{"type":"string"},"committed_at":{"type":"string","format":"date-time"}}}]},"in_head":{"description":"git sources: whether a scanned tip still has it; null for other sources","type":["boolean","null"]}}
schemas = {
 "CleanupRequest": {"type":"object","properties":{"dry_run":{"type":"boolean","default":True},"older_than_days":{"type":"integer","minimum":0,"maximum":3650,"default":7,"description":"age past which finished jobs, abandoned scans, expired git uploads, spent refresh tokens go (a complete scan's code goes after its audit window, --audit-window-seconds)"}}},
 "CleanupResult": {"type":"object","required":["dry_run","older_than_days","removed","bytes_freed"],"properties":{"dry_run":{"type":"boolean"},"older_than_days":{"type":"integer"},"removed":{"type":"object","properties":{k:{"type":"integer"} for k in ["expired_uploads","abandoned_scans","upload_blobs","part_files","expired_git_uploads","expired_tokens","rate_counters","finished_jobs","dead_workers"]}},"bytes_freed":{"type":"integer"}}},
 "Error": {"type":"object","required":["schema_version","error","detail"],"properties":{"schema_version":{"const":1},"error":{"type":"object","required":["code","message","retryable","details"],"properties":{"code":{"type":"string","enum":["bad_request","unauthorized","forbidden","not_found","method_not_allowed","conflict","gone","payload_too_large","unsupported_media_type","validation_error","rate_limited","internal_error","service_unavailable","payment_required"]},"message":{"type":"string"},"retryable":{"type":"boolean"},"details":{"type":"object"}}},"detail":{"description":"The message, or for 422 the list of field errors","oneOf":[{"type":"string"},{"type":"array","items":ref("FieldError")}]}}},
 "FieldError": {"type":"object","properties":{"loc":{"type":"array","items":{"type":"string"}},"msg":{"type":"string"},"type":{"type":"string"}}},
 "LoginRequest": {"type":"object","required":["email","password"],"properties":{"email":{"type":"string","maxLength":254},"password":{"type":"string"}}},
 "TokenPair": {"type":"object","required":["access_token","refresh_token","token_type","expires_in"],"properties":{"access_token":{"type":"string"},"refresh_token":{"type":"string"},"token_type":{"const":"bearer"},"expires_in":{"type":"integer"},"refresh_expires_in":{"type":"integer"}}},
 "Me": {"type":"object","properties":{"id":{"type":"string","format":"uuid"},"email":{"type":"string"},"email_verified":{"type":"boolean"},"is_admin":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},"auth_method":{"enum":["bearer","api_key"]},"api_key":{"oneOf":[{"type":"null"},{"type":"object","properties":{"id":{"type":"string"},"prefix":{"type":"string"},"scopes":{"type":"array","items":{"type":"string"}}}}]}}},
 "ApiKeyCreate": {"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":1,"maxLength":100},"scopes":{"type":"array","items":{"enum":["scans:read","scans:write","reports:read"]},"minItems":1,"description":"default: all three"},"allowed_cidrs":{"type":"array","maxItems":20,"items":{"type":"string"},"description":"only requests from these blocks are accepted"}}},
 "ApiKey": {"type":"object","properties":{"id":{"type":"string","format":"uuid"},"name":{"type":"string"},"prefix":{"type":"string"},"scopes":{"type":"array","items":{"type":"string"}},"allowed_cidrs":{"type":"array","items":{"type":"string"}},"created_at":{"type":"string","format":"date-time"},"last_used_at":{"type":["string","null"],"format":"date-time"},"revoked_at":{"type":["string","null"],"format":"date-time"}}},
 "ScanCreate": {"type":"object","required":["project_name","source_type"],"properties":{"project_name":{"type":"string","minLength":1,"maxLength":200},"source_type":{"enum":["zip","github"]},"github_repo_full_name":{"type":"string","description":"owner/name; required for github"},"history":{"type":"boolean","default":False,"description":"github only: clone the repository (installation token) and scan every commit of every branch and tag; findings name the commit that introduced them"}}},
 "ScanCreated": {"type":"object","properties":{"scan_id":{"type":"string"},"project_id":{"type":"string"},"upload_url":{"type":["string","null"]},"upload_storage_path":{"type":["string","null"]},"upload_expires_at":{"type":["string","null"],"format":"date-time"}}},
 "Finding": {"type":"object","properties":{k:{"type":"string"} for k in ["id","severity","category","rule_id","title","description","file_path","masked_evidence","confidence","fingerprint"]} | {"recommendation":{"type":["string","null"]},"line_start":{"type":"integer"},"line_end":{"type":"integer"}} | ORIGIN},
 "Scan": {"type":"object","properties":{"id":{"type":"string"},"status":{"enum":["queued","extracting","scanning","complete","failed"]},"source_type":{"enum":["zip","github"]},"project_id":{"type":"string"},
   "total_files":{"type":"integer"},"included_files":{"type":"integer"},"ignored_files":{"type":"integer"},"risky_skipped_files":{"type":"integer"},"total_bytes":{"type":"integer"},"included_bytes":{"type":"integer"},
   "complexity_score":{"type":["number","null"]},"complexity_label":{"enum":["simple","moderate","complex","very_complex",None]},"launch_readiness_score":{"type":["number","null"]},
   "free_findings_summary":{"type":["object","null"],"properties":{"findings_by_severity":{"type":"object"},"total_findings":{"type":"integer"}}},
   "created_at":{"type":"string"},"started_at":{"type":["string","null"]},"completed_at":{"type":["string","null"]},"error_message":{"type":["string","null"]},"github_repo_full_name":{"type":["string","null"]},
   "findings":{"type":"array","items":ref("Finding")}}},
 "Activity": {"type":"object","properties":{"id":{"type":"string"},"action":{"type":"string"},"api_key_id":{"type":["string","null"]},"detail":{"type":["string","null"]},"ip":{"type":["string","null"]},"created_at":{"type":"string","format":"date-time"}}},
}

sevcounts = {"type":"object","required":SEV,"properties":{k:{"type":"integer"} for k in SEV}}
ts = {"type":"string","format":"date-time"}
tsn = {"type":["string","null"],"format":"date-time"}
actor = {"type":"object","required":["type","id"],"properties":{"type":{"enum":["user","api_key","system"]},"id":{"type":["string","null"]}}}
schemas.update({
 "Project": {"type":"object","required":["id","name","description","created_at","updated_at","repository_count","latest_scan_at","launch_readiness_score","open_findings_by_severity"],"properties":{"id":{"type":"string","format":"uuid"},"name":{"type":"string"},"description":{"type":["string","null"]},"created_at":ts,"updated_at":ts,"repository_count":{"type":"integer"},"latest_scan_at":tsn,"launch_readiness_score":{"type":["number","null"],"description":"the lowest among its repositories' latest complete scans"},"open_findings_by_severity":sevcounts}},
 "ProjectCreate": {"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":1,"maxLength":200,"description":"no control characters, not blank"},"description":{"type":"string","maxLength":2000}}},
 "ProjectUpdate": {"type":"object","properties":{"name":{"type":"string","minLength":1,"maxLength":200},"description":{"type":["string","null"],"maxLength":2000}}},
 "Rollup": {"type":"object","properties":{"project_id":{"type":"string"},"launch_readiness_score":{"type":["number","null"]},"open_findings_by_severity":sevcounts,"open_findings_by_category":{"type":"object","additionalProperties":{"type":"integer"}},"triaged":{"type":"object","properties":{"ignored":{"type":"integer"},"false_positive":{"type":"integer"}}},"fixed_last_30_days":{"type":"integer"},
   "repositories":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"latest_scan_id":{"type":["string","null"]},"launch_readiness_score":{"type":["number","null"]},"open_findings_by_severity":sevcounts}}},
   "trend":{"type":"array","description":"the last 20 complete scans, oldest first","items":{"type":"object","properties":{"scan_id":{"type":"string"},"repository_id":{"type":["string","null"]},"completed_at":ts,"launch_readiness_score":{"type":["number","null"]},"open_findings":{"type":["integer","null"]}}}},
   "top_risks":{"type":"array","items":ref("RepositoryFinding")}}},
 "Repository": {"type":"object","properties":{"id":{"type":"string","format":"uuid"},"project_id":{"type":"string","format":"uuid"},"name":{"type":"string"},"source_type":{"enum":["zip","git","github"]},"github_repo_full_name":{"type":["string","null"]},"default_branch":{"type":["string","null"]},"created_at":ts,"updated_at":ts,
   "latest_scan":{"oneOf":[{"type":"null"},{"type":"object","properties":{"id":{"type":"string"},"status":{"enum":SSTAT},"completed_at":tsn,"launch_readiness_score":{"type":["number","null"]}}}]},"open_findings_by_severity":sevcounts}},
 "RepositoryCreate": {"type":"object","required":["project_id","source_type"],"properties":{"project_id":{"type":"string","format":"uuid"},"name":{"type":"string","minLength":1,"maxLength":200,"description":"required except for github (defaults to the full name)"},"source_type":{"enum":["zip","git","github"]},"github_repo_full_name":{"type":"string","description":"owner/name; github only, required there"},"default_branch":{"type":"string","maxLength":255}}},
 "RepositoryUpdate": {"type":"object","properties":{"name":{"type":"string","minLength":1,"maxLength":200},"default_branch":{"type":["string","null"],"maxLength":255},"github_repo_full_name":{"type":"string"}}},
 "ScanSummary": {"type":"object","description":"the scan shape of GET /v1/scans/{scan_id} without findings, plus repository_id","properties":{k:v for k,v in schemas["Scan"]["properties"].items() if k != "findings"} | {"repository_id":{"type":["string","null"]}}},
 "RepositoryFinding": {"type":"object","properties":{k:{"type":"string"} for k in ["id","repository_id","severity","category","rule_id","title","description","file_path","confidence","fingerprint","first_seen_scan_id","last_seen_scan_id"]} | {"recommendation":{"type":["string","null"]},"masked_evidence":{"type":["string","null"]},"line_start":{"type":"integer"},"line_end":{"type":"integer"},"status":{"enum":FSTAT},"status_reason":{"type":["string","null"]},"first_seen_at":ts,"last_seen_at":ts,"fixed_at":tsn,**ORIGIN}},
 "RepositoryFindingDetail": {"allOf":[ref("RepositoryFinding"),{"type":"object","properties":{"history":{"type":"array","items":{"type":"object","properties":{"at":ts,"type":{"type":"string"},"scan_id":{"type":["string","null"]},"actor":actor,"from_status":{"type":["string","null"]},"to_status":{"type":["string","null"]},"reason":{"type":["string","null"]}}}}}}]},
 "Triage": {"type":"object","required":["status"],"properties":{"status":{"enum":["open","ignored","false_positive"]},"reason":{"type":"string","minLength":1,"maxLength":1000,"description":"required for ignored and false_positive"}}},
 "Event": {"type":"object","properties":{"id":{"type":"string"},"repository_id":{"type":"string"},"type":{"enum":["repository.created","repository.updated","scan.created","scan.started","scan.completed","scan.failed","finding.new","finding.fixed","finding.reopened","finding.triaged","git_upload.created","git_upload.pushed","git_upload.expired","audit.purchased","audit.completed","audit.failed"]},"scan_id":{"type":["string","null"]},"finding_id":{"type":["string","null"]},"actor":actor,"data":{"type":"object"},"created_at":ts}},
 "UsageCounts": {"type":"object","properties":{k:{"type":"integer"} for k in ["scans","scanned_bytes","scanned_files","audits","api_requests"]}},
 "Usage": {"type":"object","properties":{"from":ts,"to":ts,"granularity":{"enum":["day","month"]},"periods":{"type":"array","items":{"allOf":[ref("UsageCounts"),{"type":"object","properties":{"start":ts}}]}},"totals":ref("UsageCounts")}},
 "BillingSummary": {"type":"object","properties":{"plan":{"type":"string"},"period_start":ts,"period_end":ts,"currency":{"type":"string"},"usage":{"type":"object","properties":{"scans":{"type":"integer"},"scanned_bytes":{"type":"integer"},"audits":{"type":"integer"}}},"limits":{"type":"object","description":"the limits in force, as GET /v1/ops/limits"},"costs":{"type":"array","items":{"type":"object","properties":{"kind":{"type":"string"},"tier":{"type":["string","null"]},"count":{"type":"integer"},"amount_cents":{"type":"integer"}}}},"total_cents":{"type":"integer"}}},
 "Session": {"type":"object","properties":{"session_id":{"type":"string"},"status":{"enum":["pending","analyzing","done","error"]},"score":{"type":["number","null"]},"findings_count":{"type":"integer"},"findings":{"type":"array","items":ref("Finding")}}},
})

# ---- Audits and payments (API.md "Audits and payments"; docs/audits.md) ----
aid = {"name":"audit_job_id","in":"path","required":True,"schema":{"type":"string","format":"uuid"}}
TIERS = ["launch_check","founder_shield","elite_audit"]
ASTAT = ["awaiting_payment","queued","running","generating_report","completed","failed","canceled"]
paths.update({
 "/v1/scans/{scan_id}/audit-options": {"get": op("Audits","The three audit tiers priced for a complete scan (409 before, and once the scan's code is no longer kept: docs/audits.md). Dashboard users only: API keys get 403.","200","Quote",ref("AuditOptions"),codes=["404","409"],params=[idp("scan_id")])},
 "/v1/audits": {
   "post": op("Audits","Buy an audit of a complete scan: an order to approve at approve_url (PayPal), or an audit an administrator marks paid (manual). Dashboard users only: API keys get 403.","201","Awaiting payment",ref("Audit"),body=ref("AuditCreate"),codes=["404","409","503"]),
   "get": op("Audits","Your audits, newest first","200","Audits",page(ref("Audit")),security="any",scope="reports:read",codes=["400","422"],params=listq)},
 "/v1/audits/{audit_job_id}/capture": {"post": op("Audits","Capture the approved payment: the audit is queued. Idempotent (a replay answers the same; nothing is charged twice). 409 before approval, 402 when declined or not matching the quote, 503 (retryable) when the provider is unreachable. Dashboard users only.","200","Paid and queued",ref("Audit"),codes=["402","404","409","503"],params=[aid])},
 "/v1/audits/{audit_job_id}": {"get": op("Audits","The audit's status, tier and pull request (the seed's shape, plus payment fields)","200","The audit",ref("Audit"),security="any",scope="reports:read",codes=["404"],params=[aid])},
 "/v1/audits/{audit_job_id}/report": {"get": op("Audits","The report: markdown, severity overview, signed download URLs (about an hour; fetch again for fresh ones), fix count and pull request","200","The report",ref("AuditReport"),security="any",scope="reports:read",codes=["404"],params=[aid])},
 "/v1/audit-files/{audit_job_id}/{name}": {"get": {"tags":["Audits"],"summary":"A signed download of an audit's PDF report or fix bundle (the URLs of GET /v1/audits/{audit_job_id}/report). Authorised by its signature.","security":[],
   "parameters":[aid,{"name":"name","in":"path","required":True,"schema":{"enum":["VIBEGUARD_REPORT.pdf","vibeguard-fixes.zip"]}},{"name":"expires","in":"query","required":True,"schema":{"type":"integer"}},{"name":"signature","in":"query","required":True,"schema":{"type":"string"}}],
   "responses":{"200":{"description":"The file (Content-Disposition names it)","content":{"application/pdf":{"schema":{"type":"string","format":"binary"}},"application/zip":{"schema":{"type":"string","format":"binary"}}}}, **errs("403","404","405","410","503")}}},
})
schemas.update({
 "AuditOptions": {"type":"object","required":["scan_id","currency","tiers"],"properties":{"scan_id":{"type":"string"},"currency":{"type":"string","description":"ISO 4217"},"tiers":{"type":"array","items":{"type":"object","required":["tier","title","deliverables","amount_cents"],"properties":{"tier":{"enum":TIERS},"title":{"type":"string"},"deliverables":{"type":"array","items":{"type":"string"}},"amount_cents":{"type":"integer"}}}},"audit_window_ends_at":{"type":["string","null"],"format":"date-time","description":"until when an audit can be bought (the scan's code is kept until then); null for GitHub sources"}}},
 "AuditCreate": {"type":"object","required":["scan_id","tier"],"properties":{"scan_id":{"type":"string","format":"uuid"},"tier":{"enum":TIERS}}},
 "Audit": {"type":"object","required":["audit_job_id","status","tier","pr_url"],"properties":{"audit_job_id":{"type":"string","format":"uuid"},"status":{"enum":ASTAT},"tier":{"enum":TIERS},"pr_url":{"type":["string","null"]},"scan_id":{"type":"string"},"amount_cents":{"type":"integer"},"currency":{"type":"string"},"payment_provider":{"enum":["paypal","manual"]},"approve_url":{"type":["string","null"],"description":"where the buyer approves the payment (while awaiting_payment)"},"error_message":{"type":["string","null"]},"created_at":ts,"paid_at":tsn,"completed_at":tsn,"expires_at":tsn,"refunded_at":{"type":["string","null"],"format":"date-time","description":"a paid audit that failed for good is refunded in full through its provider (PayPal); null otherwise"}}},
 "AuditReport": {"type":"object","required":["audit_job_id","status","title","tier","report_markdown","files","fixed_files_url","pr_url","findings_by_severity","total_findings","launch_readiness_score","fix_count"],"properties":{"audit_job_id":{"type":"string"},"status":{"enum":["ready","pending","failed"]},"title":{"type":"string"},"tier":{"enum":TIERS},"report_markdown":{"type":["string","null"]},"files":{"type":"object","properties":{"pdf":{"type":"object","properties":{"name":{"const":"VIBEGUARD_REPORT.pdf"},"url":{"type":"string"}}}}},"fixed_files_url":{"type":["string","null"]},"pr_url":{"type":["string","null"]},"findings_by_severity":sevcounts,"total_findings":{"type":"integer"},"launch_readiness_score":{"type":["number","null"]},"fix_count":{"type":"integer"},"error_message":{"type":["string","null"]}}},
})

# ---- Git uploads (API.md "Git uploads") ----
GUSTAT = ["waiting","received","scanning","complete","failed","expired","revoked"]
schemas.update({
 "GitUpload": {"type":"object","required":["id","repository_id","remote_url","expires_at","status","scan_id"],"properties":{"id":{"type":"string","format":"uuid"},"repository_id":{"type":"string","format":"uuid"},"remote_url":{"type":"string","description":"git remote; only the creating response carries the credential (vega:vgp_…@)"},"expires_at":ts,"status":{"enum":GUSTAT},"scan_id":{"type":["string","null"],"description":"the scan of the push, once pushed"},"created_at":ts,"pushed_at":tsn}},
 "GitUploadCreate": {"type":"object","required":["repository_id"],"properties":{"repository_id":{"type":"string","format":"uuid","description":"a repository with source_type git"},"expires_in_seconds":{"type":"integer","minimum":60,"maximum":86400,"default":3600}}},
})
gitpkt = lambda ct, desc: {"description": desc, "content": {ct: {"schema": {"type":"string","format":"binary"}}}}
paths.update({
 "/v1/git-uploads": {"post": op("Git uploads","Create a temporary git push remote for a git repository. `git push` to remote_url (credential embedded, shown once) stores the push and queues a scan of every pushed ref and its history; the upload moves waiting → received → scanning → complete (or failed), and its repository is deleted once scanned.","201","Created",ref("GitUpload"),body=ref("GitUploadCreate"),security="any",scope="scans:write",codes=["404","409"])},
 "/v1/git-uploads/{id}": {
   "get": op("Git uploads","A git upload's status and scan (remote_url without the credential)","200","The git upload",ref("GitUpload"),security="any",scope="scans:read",codes=["404"],params=[idp()]),
   "delete": op("Git uploads","Revoke a git upload: its remote refuses pushes at once","204","Revoked",security="any",scope="scans:write",codes=["404"],params=[idp()])},
 "/v1/git/{id}/info/refs": {"get": {"tags":["Git uploads"],"summary":"git smart HTTP, first step of a push (`git push` calls it). Authorised by the upload's credential (HTTP Basic; 401 with a Basic challenge without it). Refusals git prints (wrong credential, expired, revoked, already pushed, fetch/clone) come as a protocol ERR line in a 200 answer.","security":[],
   "parameters":[idp(),{"name":"service","in":"query","required":True,"schema":{"enum":["git-receive-pack","git-upload-pack"]}}],
   "responses":{"200":gitpkt("application/x-git-receive-pack-advertisement","ref advertisement (or ERR line)"), **errs("401","403","404","503")}}},
 "/v1/git/{id}/git-receive-pack": {"post": {"tags":["Git uploads"],"summary":"git smart HTTP, the push itself: the pack is streamed to `git http-backend`. Caps (--git-max-pack-bytes, --git-max-objects, --git-max-inflated-bytes) refuse a push with a message git prints; nothing is stored then.","security":[],
   "parameters":[idp()],
   "requestBody":{"required":True,"content":{"application/x-git-receive-pack-request":{"schema":{"type":"string","format":"binary"}}}},
   "responses":{"200":gitpkt("application/x-git-receive-pack-result","ref update report"), **errs("401","403","404","413","415","503")}}},
})
# operationId: verb + resource words, e.g. GET /v1/projects/{id}/rollup -> getProjectRollup.
def op_id(method, path):
    words = [w for w in path.split("/") if w and w != "v1"]
    verb = {"get":"get","post":"create","patch":"update","delete":"delete","put":"put"}[method]
    if method == "get" and not words[-1].startswith("{") and len(words) == 1: verb = "list"
    if method == "get" and not words[-1].startswith("{") and len(words) > 1 and words[-2].startswith("{") and words[-1] in ("scans","findings","events"): verb = "list"
    out = []
    for i, w in enumerate(words):
        if w.startswith("{"): continue
        w = w.replace("-", "_").replace(".json", "_json")
        w = "".join(p.capitalize() for p in w.split("_"))
        nxt_param = i + 1 < len(words) and words[i + 1].startswith("{")
        if nxt_param and w.endswith("ies"): w = w[:-3] + "y"
        elif nxt_param and w.endswith("s") and not w.endswith("ss"): w = w[:-1]
        out.append(w)
    if verb == "create" and not words[-1].startswith("{"):
        last = out[-1]
        out[-1] = last[:-3] + "y" if last.endswith("ies") else last[:-1] if last.endswith("s") else last
    return verb + "".join(out)
OP_IDS = {("get","/v1/healthz"):"getHealthz",("get","/v1/readyz"):"getReadyz",("get","/healthz"):"getProbeHealthz",("get","/readyz"):"getProbeReadyz",("get","/v1/openapi.json"):"getOpenapiDocument",("get","/docs"):"getDocsPage",("post","/v1/auth/session"):"createBrowserSession",("delete","/v1/auth/session"):"deleteBrowserSession",("post","/v1/auth/session/refresh"):"refreshBrowserSession",("get","/v1/auth/signup"):"getSignupState",("post","/v1/auth/signup"):"signUp",("post","/v1/auth/verify-email"):"verifyEmail",("post","/v1/auth/verify-email/resend"):"resendVerification",("post","/v1/auth/password-reset"):"requestPasswordReset",("post","/v1/auth/password-reset/confirm"):"confirmPasswordReset",
 ("post","/v1/auth/login"):"login",("post","/v1/auth/refresh"):"refreshToken",("post","/v1/auth/logout"):"logout",("post","/v1/scans/{scan_id}/start"):"startScan",
 ("post","/v1/sessions/{id}/analyze"):"analyzeSession",("put","/v1/uploads/{scan_id}"):"uploadArchive",("get","/v1/api-keys/activity"):"listApiKeyActivity",("delete","/v1/api-keys/{id}"):"revokeApiKey",("post","/v1/audits/{audit_job_id}/capture"):"captureAuditPayment",("get","/v1/scans/{scan_id}/audit-options"):"getScanAuditOptions",("get","/v1/audit-files/{audit_job_id}/{name}"):"downloadAuditFile",("get","/v1/git/{id}/info/refs"):"gitInfoRefs",("post","/v1/git/{id}/git-receive-pack"):"gitReceivePack",("delete","/v1/git-uploads/{id}"):"revokeGitUpload"}
for pth, ops in paths.items():
    for m, o in ops.items():
        if (m, pth) in OP_IDS: o.setdefault("operationId", OP_IDS[(m, pth)])
seen = set()
for pth, ops in paths.items():
    for m, o in ops.items():
        o.setdefault("operationId", op_id(m, pth))
        assert o["operationId"] not in seen, o["operationId"]
        seen.add(o["operationId"])
paths["/v1/ops/cleanup"]["post"]["requestBody"]["required"] = False  # no body: a dry run
doc = {"openapi":"3.1.0","info":{"title":"Vega API","version":VEGA_VERSION,"description":"Security scanning for vibe-coded apps. Errors use one envelope (see docs/errors.md). API keys: 60 requests per UTC minute each."},
 "servers":[{"url":"http://localhost:8000"}],"paths":paths,
 "components":{"schemas":schemas,"responses":{f"E{c}": v for c, v in E.items()},
  "securitySchemes":{"bearer":{"type":"http","scheme":"bearer"},"apiKey":{"type":"apiKey","in":"header","name":"X-API-Key"}}}}
import os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "openapi.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
