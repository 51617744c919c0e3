-- 0009_audits_awaiting: the audits still waiting for their payment, by deadline. Reading an
-- audit first looks here for overdue ones (an index probe) and only then takes the write
-- that cancels them. Portable SQL (SQLite and PostgreSQL partial indexes).
CREATE INDEX audits_awaiting ON audits(expires_at) WHERE status = 'awaiting_payment';
