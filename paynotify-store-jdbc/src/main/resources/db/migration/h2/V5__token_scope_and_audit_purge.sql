-- A token may be scoped to merchants: their ids, comma-separated (at most 100 ids of at most 64
-- characters), or null for every merchant. The audit log is purged by age, oldest first, so it
-- gets an index on created_at.

ALTER TABLE access_token ADD COLUMN merchant_scope VARCHAR(6500);

CREATE INDEX ix_audit_log_created ON audit_log (created_at, seq);
