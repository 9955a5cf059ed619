-- Payments and their status history. A payment's moves to a notified status each create a
-- notification in the same transaction; payment_change.notification_id links it, and the index on
-- (payment_id, notification_id) lets a search by payment read the few ids of one payment first.
-- No foreign keys: notifications and payments are purged by their own batches.

CREATE TABLE payment (
  seq              BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id      VARCHAR(64)    NOT NULL,
  payment_id       VARCHAR(64)    NOT NULL,
  order_no         VARCHAR(128)   NOT NULL,
  transaction_id   VARCHAR(128),
  channel          VARCHAR(16)    NOT NULL,
  amount           DECIMAL(20, 4) NOT NULL,
  refunded         DECIMAL(20, 4) NOT NULL,
  refunding        DECIMAL(20, 4),
  currency         VARCHAR(8)     NOT NULL,
  notify_url       VARCHAR(1024)  NOT NULL,
  status           VARCHAR(16)    NOT NULL,
  paid_at          DATETIME(3),
  refunded_at      DATETIME(3),
  extra            TEXT           NOT NULL,
  headers          TEXT           NOT NULL,
  retry_policy     VARCHAR(64),
  created_at       DATETIME(3)    NOT NULL,
  updated_at       DATETIME(3)    NOT NULL,
  version          BIGINT         NOT NULL,
  CONSTRAINT uk_payment UNIQUE (merchant_id, payment_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_payment_updated ON payment (updated_at);

CREATE TABLE payment_change (
  seq              BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id      VARCHAR(64)    NOT NULL,
  payment_id       VARCHAR(64)    NOT NULL,
  number           BIGINT         NOT NULL,
  from_status      VARCHAR(16),
  to_status        VARCHAR(16)    NOT NULL,
  refund_amount    DECIMAL(20, 4),
  reason           VARCHAR(500),
  notification_id  VARCHAR(64),
  refusal          VARCHAR(1000),
  changed_at       DATETIME(3)    NOT NULL,
  CONSTRAINT uk_payment_change UNIQUE (merchant_id, payment_id, number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_payment_change_payment ON payment_change (payment_id, notification_id);
