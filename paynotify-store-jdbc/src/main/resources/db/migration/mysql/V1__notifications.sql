-- Instants are UTC in DATETIME(3), never TIMESTAMP (which converts by session time zone);
-- amounts are exact decimals.
-- due_at is next_attempt_at while PENDING, lease_until while DELIVERING and NULL once ended,
-- so claiming due work is one range scan of one index.

CREATE TABLE notification (
  seq              BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id               VARCHAR(64)    NOT NULL,
  merchant_id      VARCHAR(64)    NOT NULL,
  channel          VARCHAR(16)    NOT NULL,
  order_no         VARCHAR(128)   NOT NULL,
  transaction_id   VARCHAR(128),
  payment_status   VARCHAR(16)    NOT NULL,
  amount           DECIMAL(20, 4) NOT NULL,
  refund_amount    DECIMAL(20, 4),
  currency         VARCHAR(8)     NOT NULL,
  notify_url       VARCHAR(1024)  NOT NULL,
  extra            TEXT           NOT NULL,
  retry_policy     VARCHAR(64)    NOT NULL,
  idempotency_key  VARCHAR(255)   NOT NULL,
  fingerprint      VARCHAR(128)   NOT NULL,
  status           VARCHAR(16)    NOT NULL,
  attempts         INT            NOT NULL,
  max_attempts     INT            NOT NULL,
  next_attempt_at  DATETIME(3),
  lease_until      DATETIME(3),
  due_at           DATETIME(3),
  last_http_status INT,
  last_response    VARCHAR(2048),
  last_error       VARCHAR(1000),
  created_at       DATETIME(3)    NOT NULL,
  updated_at       DATETIME(3)    NOT NULL,
  completed_at     DATETIME(3),
  abandon_reason   VARCHAR(1000),
  version          BIGINT         NOT NULL,
  CONSTRAINT uk_notification_id UNIQUE (id),
  CONSTRAINT uk_notification_idempotency UNIQUE (merchant_id, idempotency_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_notification_due ON notification (due_at);
CREATE INDEX ix_notification_order ON notification (merchant_id, order_no, seq);
CREATE INDEX ix_notification_created ON notification (created_at, seq);
CREATE INDEX ix_notification_merchant_created ON notification (merchant_id, created_at);
CREATE INDEX ix_notification_status_created ON notification (status, created_at);
CREATE INDEX ix_notification_completed ON notification (completed_at);

CREATE TABLE attempt (
  id              BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  notification_id VARCHAR(64)  NOT NULL,
  number          INT          NOT NULL,
  started_at      DATETIME(3)  NOT NULL,
  duration_ms     BIGINT       NOT NULL,
  http_status     INT,
  response        VARCHAR(2048),
  error_kind      VARCHAR(32),
  error           VARCHAR(1000),
  CONSTRAINT fk_attempt_notification FOREIGN KEY (notification_id) REFERENCES notification (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_attempt_notification ON attempt (notification_id, number);

CREATE TABLE merchant (
  id                         VARCHAR(64)   NOT NULL PRIMARY KEY,
  name                       VARCHAR(200)  NOT NULL,
  status                     VARCHAR(16)   NOT NULL,
  callback_hosts             VARCHAR(2000) NOT NULL,
  webhook_secret             VARCHAR(128)  NOT NULL,
  previous_secret            VARCHAR(128),
  previous_secret_expires_at DATETIME(3),
  created_at                 DATETIME(3)   NOT NULL,
  updated_at                 DATETIME(3)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE retry_policy (
  name       VARCHAR(64)   NOT NULL PRIMARY KEY,
  intervals  VARCHAR(1000) NOT NULL,
  timeout_ms BIGINT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
