-- 0004_dashboard: what the dashboard API (projects, repositories, findings across scans,
-- events, billing) needs on top of 0001. Portable SQL (SQLite and PostgreSQL).

-- A repository counts its scans (scans.repo_seq gives their creation order, exact even
-- within one second) and remembers the last scan applied to its findings lifecycle:
-- a complete scan is applied only when its repo_seq is above lifecycle_seq.
ALTER TABLE repositories ADD COLUMN scan_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE repositories ADD COLUMN lifecycle_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE repositories ADD COLUMN latest_complete_scan_id TEXT;
-- One repository per (project, source type, name); the developer API files scans under it.
CREATE UNIQUE INDEX repositories_name ON repositories(project_id, source_type, name);
CREATE INDEX projects_user_name ON projects(user_id, name);

ALTER TABLE scans ADD COLUMN repo_seq BIGINT;
-- Open findings of the repository right after this scan was applied (the rollup's trend).
ALTER TABLE scans ADD COLUMN open_findings BIGINT;
CREATE INDEX scans_repository_seq ON scans(repository_id, repo_seq);
CREATE INDEX scans_project ON scans(project_id, created_at);
CREATE INDEX scans_user_completed ON scans(user_id, status, completed_at);

-- A finding of a repository across its scans: one row per (repository, fingerprint). The
-- id is the id of the scan finding that first showed it, so it is stable. Details (path,
-- lines, evidence) follow the latest scan that saw it. severity_rank: 0 critical .. 4 info.
CREATE TABLE repository_findings (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    repository_id TEXT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    severity_rank BIGINT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    recommendation TEXT,
    file_path TEXT NOT NULL,
    line_start BIGINT NOT NULL,
    line_end BIGINT NOT NULL,
    masked_evidence TEXT,
    confidence TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    first_seen_scan_id TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_scan_id TEXT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    fixed_at BIGINT,
    updated_at BIGINT NOT NULL,
    UNIQUE (repository_id, fingerprint)
);
CREATE INDEX repository_findings_list ON repository_findings(repository_id, status, severity_rank, id);
CREATE INDEX repository_findings_project ON repository_findings(project_id, status, severity);

-- Events: who did it (actor_type user|api_key|system, actor_id), which finding, and a
-- microsecond time so that newest-first is exact within a second.
ALTER TABLE repository_events ADD COLUMN finding_id TEXT;
ALTER TABLE repository_events ADD COLUMN actor_type TEXT NOT NULL DEFAULT 'system';
ALTER TABLE repository_events ADD COLUMN actor_id TEXT;
ALTER TABLE repository_events ADD COLUMN created_us BIGINT NOT NULL DEFAULT 0;
CREATE INDEX repository_events_page ON repository_events(repository_id, created_us, id);
CREATE INDEX repository_events_finding ON repository_events(finding_id, created_us);

-- Usage rows are written once per (subject, kind): a scan job that runs twice bills once.
ALTER TABLE usage_events ADD COLUMN tier TEXT;
CREATE UNIQUE INDEX usage_events_once ON usage_events(subject_id, kind);

-- Blobs of deleted projects/repositories wait here until they are removed (at once after
-- the deletion, or by the cleanup job when that failed).
CREATE TABLE blob_deletions (
    blob_key TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
