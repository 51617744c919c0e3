-- 0002_data_lifecycle: what the cleanup needs to know.
-- scans.upload_deleted_at: when the scan's uploaded archive was deleted (NULL while it
-- may still be on storage). workers.dead_at: when a worker without a heartbeat for three
-- leases was declared dead; the next cleanup pass removes it.
ALTER TABLE scans ADD COLUMN upload_deleted_at BIGINT;
ALTER TABLE workers ADD COLUMN dead_at BIGINT;
