-- Final outcomes (SUCCEEDED, FAILED, ABANDONED) waiting to be published to a broker: written in the
-- transaction that ends the notification, deleted once published (at least once). Empty and
-- unwritten unless publishing is configured. No existing row needs moving: a notification that
-- ended before this version was never to be published.

CREATE TABLE outcome_event (
  seq              BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  notification_id  VARCHAR(64)    NOT NULL,
  merchant_id      VARCHAR(64)    NOT NULL,
  order_no         VARCHAR(128)   NOT NULL,
  payment_status   VARCHAR(16)    NOT NULL,
  status           VARCHAR(16)    NOT NULL,
  attempts         INT            NOT NULL,
  last_http_status INT,
  abandon_reason   VARCHAR(1000),
  created_at       DATETIME(3)    NOT NULL,
  completed_at     DATETIME(3)    NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
