-- 0005_dashboard_speed: what makes the dashboard's pages and rollups read an index or a
-- counter instead of counting and sorting a repository's findings on every request.
-- Portable SQL (SQLite and PostgreSQL).

-- Findings per (repository, status, severity, category), kept exact in the transaction
-- that changes them: the lifecycle recounts the repository it applied a scan to, a triage
-- moves one finding from one row to another. The rollup, the project and repository
-- lists read their open counts here. Rows may hold n = 0.
CREATE TABLE repository_finding_counts (
    repository_id TEXT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (repository_id, status, severity, category)
);
CREATE INDEX repository_finding_counts_project ON repository_finding_counts(project_id, status);
INSERT INTO repository_finding_counts (repository_id, project_id, user_id, status, severity,
                                       category, n)
    SELECT repository_id, project_id, user_id, status, severity, category, COUNT(*)
    FROM repository_findings
    GROUP BY repository_id, project_id, user_id, status, severity, category;

-- The rollup's "fixed in the last 30 days" is an index range, and its top risks come out of
-- an index in their order. Partial indexes: a status change touches only the one it leaves
-- or enters. The open counts by project come from the counters now.
DROP INDEX repository_findings_project;
CREATE INDEX repository_findings_fixed ON repository_findings(project_id, fixed_at)
    WHERE status = 'fixed';
CREATE INDEX repository_findings_top ON repository_findings(project_id, severity_rank,
    (CASE confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END), last_seen_at DESC, id)
    WHERE status = 'open';

-- The lifecycle's finding.new events are the rows a scan created.
CREATE INDEX repository_findings_first_seen ON repository_findings(first_seen_scan_id);
-- Events are paged by created_us (0004's index); a scan's start looks its events up by scan.
DROP INDEX repository_events_repo;
CREATE INDEX repository_events_scan ON repository_events(scan_id, kind);

-- Scans from before 0004 have no repository. The developer API files a scan under its
-- project's repository of the same source type and name (the GitHub repository's full
-- name for github scans, else the project's name); the same mapping files the old ones,
-- creating the repository when it does not exist. They keep their order: numbered up to
-- 0 (the newest), below every scan filed since. Their findings are not replayed into the
-- lifecycle; the repository's next complete scan starts it.
-- backfill:begin
UPDATE scans SET repo_seq = -(SELECT COUNT(*) FROM scans s2 WHERE s2.repository_id IS NULL
        AND s2.project_id = scans.project_id AND s2.source_type = scans.source_type
        AND COALESCE(s2.github_repo_full_name, '') = COALESCE(scans.github_repo_full_name, '')
        AND (s2.created_at > scans.created_at
             OR (s2.created_at = scans.created_at AND s2.id > scans.id)))
    WHERE repository_id IS NULL;
INSERT INTO repositories (id, user_id, project_id, name, source_type, github_repo_full_name,
                          created_at, updated_at)
    SELECT CAST(gen_random_uuid() AS TEXT), m.user_id, m.project_id, m.name, m.source_type,
           MAX(m.full_name), MIN(m.created_at), MIN(m.created_at)
    FROM (SELECT p.user_id AS user_id, s.project_id AS project_id, s.source_type AS source_type,
                 CASE WHEN s.source_type = 'github' AND s.github_repo_full_name IS NOT NULL
                      THEN s.github_repo_full_name ELSE p.name END AS name,
                 CASE WHEN s.source_type = 'github' THEN s.github_repo_full_name END AS full_name,
                 s.created_at AS created_at
          FROM scans s JOIN projects p ON p.id = s.project_id
          WHERE s.repository_id IS NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM repositories r WHERE r.project_id = m.project_id
                      AND r.source_type = m.source_type AND r.name = m.name)
    GROUP BY m.user_id, m.project_id, m.source_type, m.name;
UPDATE scans SET repository_id = (SELECT r.id FROM repositories r JOIN projects p
        ON p.id = scans.project_id WHERE r.project_id = scans.project_id
        AND r.source_type = scans.source_type
        AND r.name = CASE WHEN scans.source_type = 'github' AND scans.github_repo_full_name IS NOT NULL
                          THEN scans.github_repo_full_name ELSE p.name END)
    WHERE repository_id IS NULL;
-- backfill:end
