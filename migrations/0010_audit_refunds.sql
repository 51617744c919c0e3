-- 0010_audit_refunds: a paid audit that fails for good is refunded through its payment
-- provider (PayPal: a refund of the capture). refund_id is the provider's refund, set once;
-- refunded_at when it completed. Portable SQL (SQLite and PostgreSQL).
ALTER TABLE audits ADD COLUMN refund_id TEXT;
ALTER TABLE audits ADD COLUMN refunded_at BIGINT;
-- The cleanup retries refunds the job could not make (PayPal unreachable).
CREATE INDEX audits_unrefunded ON audits(updated_at) WHERE status = 'failed' AND refunded_at IS NULL AND capture_id IS NOT NULL;
