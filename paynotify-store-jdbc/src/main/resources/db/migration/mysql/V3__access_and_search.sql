-- API tokens (only the SHA-256 of each is kept), the audit log, and indexes for the console's
-- searches: each filter it offers starts an index whose tail is (created_at, seq), so a page of
-- newest-first results is a short backward range scan, also with a keyset cursor.
-- Instants are UTC in DATETIME(3).

CREATE TABLE access_token (
  id         VARCHAR(32)  NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  role       VARCHAR(16)  NOT NULL,
  token_hash VARCHAR(64)  NOT NULL,
  created_at DATETIME(3)  NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  revoked_at DATETIME(3),
  CONSTRAINT uk_access_token_hash UNIQUE (token_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE audit_log (
  seq        BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(3)   NOT NULL,
  actor      VARCHAR(200)  NOT NULL,
  action     VARCHAR(64)   NOT NULL,
  target     VARCHAR(200),
  detail     VARCHAR(1000)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_notification_order_no ON notification (order_no, created_at, seq);
CREATE INDEX ix_notification_channel_created ON notification (channel, created_at, seq);
CREATE INDEX ix_notification_merchant_status_created ON notification (merchant_id, status, created_at, seq);
CREATE INDEX ix_notification_status_created_seq ON notification (status, created_at, seq);
CREATE INDEX ix_notification_merchant_created_seq ON notification (merchant_id, created_at, seq);
DROP INDEX ix_notification_status_created ON notification;
DROP INDEX ix_notification_merchant_created ON notification;
