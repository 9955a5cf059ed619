-- Processing records of paynotify-receiver on PostgreSQL. Times are epoch milliseconds (UTC).
CREATE TABLE IF NOT EXISTS paynotify_receiver_idempotency (
  idempotency_key VARCHAR(191) NOT NULL PRIMARY KEY,
  state           VARCHAR(16)  NOT NULL,
  owner_token     VARCHAR(64)  NOT NULL,
  fingerprint     VARCHAR(255) NOT NULL,
  claimed_at_ms   BIGINT       NOT NULL,
  lease_until_ms  BIGINT       NOT NULL,
  done_at_ms      BIGINT,
  keep_until_ms   BIGINT
);
CREATE INDEX IF NOT EXISTS paynotify_receiver_idempotency_purge
  ON paynotify_receiver_idempotency (state, keep_until_ms);
