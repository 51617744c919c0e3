-- 0013_upload_version: the version (S3: the ETag) of a ZIP upload when `start` accepted it.
-- A presigned PUT URL stays usable until it expires, even after the scan started; the scan
-- and audit jobs read only this version, so bytes put there later are never scanned.
-- Portable SQL (SQLite and PostgreSQL).
ALTER TABLE scans ADD COLUMN upload_version TEXT;
