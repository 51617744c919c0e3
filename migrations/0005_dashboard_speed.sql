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
