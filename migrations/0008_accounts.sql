-- 0008_accounts: the one-use tokens of account mail (issue 14): email verification after
-- sign-up and password reset. Only a SHA-256 of each token is kept; a token is spent once
-- (used_at) and expires (expires_at). Portable SQL (SQLite and PostgreSQL).
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);
CREATE INDEX account_tokens_expiry ON account_tokens(expires_at);
