-- Processing records of paynotify-receiver on MySQL 8 / MariaDB 10.6+. Times are epoch
-- milliseconds (UTC). utf8mb4_bin: notify ids are case-sensitive, and 191 characters fit the index.
CREATE TABLE IF NOT EXISTS paynotify_receiver_idempotency (
  idempotency_key VARCHAR(191) NOT NULL PRIMARY KEY,
  state           VARCHAR(16)  NOT NULL,
  owner_token     VARCHAR(64)  NOT NULL,
  fingerprint     VARCHAR(255) NOT NULL,
  claimed_at_ms   BIGINT       NOT NULL,
  lease_until_ms  BIGINT       NOT NULL,
  done_at_ms      BIGINT,
  keep_until_ms   BIGINT,
  INDEX paynotify_receiver_idempotency_purge (state, keep_until_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
