-- 0001_init: the whole schema of API.md. Written in the SQL that SQLite and PostgreSQL
-- both understand: TEXT ids (UUIDs), BIGINT epoch seconds, INTEGER flags (0/1).

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    email_verified INTEGER NOT NULL DEFAULT 0,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Access tokens are random; only their hash is kept. Logout deletes the row.
CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX access_tokens_family ON access_tokens(family_id);

-- A refresh family is one login. Each refresh spends its token and issues the next one;
-- presenting a spent token revokes the family.
CREATE TABLE refresh_families (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL REFERENCES refresh_families(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    spent_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);

-- Failed logins, per account and per IP, for throttling.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    allowed_cidrs TEXT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_user ON api_keys(user_id, created_at);

-- The account's activity log: key created / used / revoked, logins, triage changes.
CREATE TABLE activity (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    api_key_id TEXT,
    action TEXT NOT NULL,
    detail TEXT,
    ip TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX activity_user ON activity(user_id, created_at);

-- Fixed-window counters: bucket is e.g. 'v1_requests_per_key_per_minute', subject the key
-- id / user id / ip, window_start the window's first epoch second.
CREATE TABLE rate_counters (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (bucket, subject, window_start)
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX projects_user ON projects(user_id, created_at);

CREATE TABLE repositories (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source_type TEXT NOT NULL,
    github_repo_full_name TEXT,
    default_branch TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX repositories_project ON repositories(project_id);
CREATE INDEX repositories_user ON repositories(user_id, created_at);

CREATE TABLE scans (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    repository_id TEXT REFERENCES repositories(id) ON DELETE CASCADE,
    api_key_id TEXT,
    source_type TEXT NOT NULL,
    github_repo_full_name TEXT,
    git_ref TEXT,
    status TEXT NOT NULL,
    upload_storage_path TEXT,
    upload_expires_at BIGINT,
    upload_received_at BIGINT,
    upload_bytes BIGINT,
    total_files BIGINT,
    included_files BIGINT,
    ignored_files BIGINT,
    risky_skipped_files BIGINT,
    total_bytes BIGINT,
    included_bytes BIGINT,
    total_lines BIGINT,
    languages TEXT,
    dependency_count BIGINT,
    complexity_score DOUBLE PRECISION,
    complexity_label TEXT,
    launch_readiness_score DOUBLE PRECISION,
    findings_summary TEXT,
    error_message TEXT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    completed_at BIGINT
);
CREATE INDEX scans_user ON scans(user_id, created_at);
CREATE INDEX scans_repository ON scans(repository_id, created_at);

-- Findings of one scan. The secret itself is never stored: fingerprint is a keyed hash.
CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    repository_id TEXT,
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    recommendation TEXT,
    file_path TEXT NOT NULL,
    line_start BIGINT NOT NULL,
    line_end BIGINT NOT NULL,
    masked_evidence TEXT,
    confidence TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (scan_id, fingerprint, file_path, line_start)
);
CREATE INDEX findings_scan ON findings(scan_id);

-- Triage state of a finding across scans of a repository, keyed by fingerprint.
CREATE TABLE finding_triage (
    repository_id TEXT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    updated_by TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (repository_id, fingerprint)
);

CREATE TABLE repository_events (
    id TEXT PRIMARY KEY,
    repository_id TEXT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    scan_id TEXT,
    kind TEXT NOT NULL,
    fingerprint TEXT,
    detail TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX repository_events_repo ON repository_events(repository_id, created_at);

-- The job queue. A worker claims a queued job (or one whose lease ran out) by setting
-- lease_owner and lease_expires_at, renews the lease while it works, and finishes it.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL DEFAULT 3,
    lease_owner TEXT,
    lease_expires_at BIGINT,
    run_after BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_claim ON jobs(status, run_after);
CREATE UNIQUE INDEX jobs_subject ON jobs(kind, subject_id);

CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    hostname TEXT NOT NULL,
    pid BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    current_job_id TEXT
);

CREATE TABLE git_uploads (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    repository_id TEXT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    pushed_at BIGINT,
    scan_id TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE audits (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    tier TEXT NOT NULL,
    status TEXT NOT NULL,
    pr_url TEXT,
    report_status TEXT NOT NULL DEFAULT 'pending',
    report_markdown TEXT,
    report_pdf_path TEXT,
    fixed_files_path TEXT,
    fix_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Billing usage: one row per billable event (scan, bytes scanned, audit).
CREATE TABLE usage_events (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL DEFAULT 0,
    subject_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX usage_events_user ON usage_events(user_id, created_at);
