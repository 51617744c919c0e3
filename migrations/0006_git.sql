-- 0006: git sources (issue 12). A finding of a history scan names the commit that
-- introduced it (sha, author name, commit time) and whether a scanned tip still has it
-- (in_head, 0/1); NULL for findings of other sources.
ALTER TABLE findings ADD COLUMN introduced_sha TEXT;
ALTER TABLE findings ADD COLUMN introduced_author TEXT;
ALTER TABLE findings ADD COLUMN introduced_at BIGINT;
ALTER TABLE findings ADD COLUMN in_head BIGINT;
ALTER TABLE repository_findings ADD COLUMN introduced_sha TEXT;
ALTER TABLE repository_findings ADD COLUMN introduced_author TEXT;
ALTER TABLE repository_findings ADD COLUMN introduced_at BIGINT;
ALTER TABLE repository_findings ADD COLUMN in_head BIGINT;
-- Git uploads (API.md "Git uploads"): waiting -> received -> scanning -> complete | failed,
-- or expired / revoked while waiting. repo_deleted_at: the bare repository is gone.
ALTER TABLE git_uploads ADD COLUMN status TEXT NOT NULL DEFAULT 'waiting';
ALTER TABLE git_uploads ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE git_uploads ADD COLUMN repo_deleted_at BIGINT;
CREATE INDEX git_uploads_scan ON git_uploads(scan_id);
-- A GitHub scan asked for with history (POST /v1/scans {"history": true}): the worker
-- clones the repository instead of reading the tip's tarball. 0/1.
ALTER TABLE scans ADD COLUMN history BIGINT NOT NULL DEFAULT 0;
