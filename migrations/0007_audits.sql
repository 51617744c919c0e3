-- 0007_audits: purchased audits (quote, payment, run, report). Portable SQL (SQLite and
-- PostgreSQL). The audits table of 0001 gains the payment and the report's figures.
-- status: awaiting_payment -> queued -> running -> generating_report -> completed | failed,
-- and canceled (declined, expired before approval, or a capture that did not match).
ALTER TABLE audits ADD COLUMN amount_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audits ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
ALTER TABLE audits ADD COLUMN provider TEXT NOT NULL DEFAULT 'manual';
-- The provider's order (PayPal: the Orders v2 id) and capture ids, and the buyer's page.
ALTER TABLE audits ADD COLUMN order_id TEXT;
ALTER TABLE audits ADD COLUMN capture_id TEXT;
ALTER TABLE audits ADD COLUMN approve_url TEXT;
-- An audit still awaiting payment after expires_at is canceled.
ALTER TABLE audits ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audits ADD COLUMN paid_at BIGINT;
ALTER TABLE audits ADD COLUMN completed_at BIGINT;
ALTER TABLE audits ADD COLUMN error_message TEXT;
-- The report's figures as JSON text: findings_by_severity, total_findings,
-- launch_readiness_score, fix_count.
ALTER TABLE audits ADD COLUMN report_summary TEXT;
CREATE INDEX audits_user ON audits(user_id, created_at);
CREATE INDEX audits_scan ON audits(scan_id, status);
CREATE UNIQUE INDEX audits_order ON audits(provider, order_id);
