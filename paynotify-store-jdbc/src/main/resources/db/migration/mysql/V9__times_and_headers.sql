-- The true payment and refund times of a notification, the HTTP headers it adds to each attempt,
-- the headers each attempt added (merchant defaults redacted), and the merchant's default headers,
-- sealed under the master key as one JSON object. All nullable: rows written before have none, and
-- their times are their creation times.
-- MEDIUMTEXT for the sealed headers: ten values of 2 KiB, escaped and sealed, may pass TEXT's 64 KiB.

ALTER TABLE notification ADD COLUMN paid_at DATETIME(3), ADD COLUMN refunded_at DATETIME(3), ADD COLUMN headers TEXT;
ALTER TABLE attempt ADD COLUMN request_headers TEXT;
ALTER TABLE merchant ADD COLUMN default_headers MEDIUMTEXT;
