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
