-- The true payment and refund times of a notification, the HTTP headers it adds to each attempt,
-- the headers each attempt added (merchant defaults redacted), and the merchant's default headers,
-- sealed under the master key as one JSON object. All nullable: rows written before have none, and
-- their times are their creation times.

ALTER TABLE notification ADD COLUMN paid_at TIMESTAMP(3), ADD COLUMN refunded_at TIMESTAMP(3), ADD COLUMN headers TEXT;
ALTER TABLE attempt ADD COLUMN request_headers TEXT;
ALTER TABLE merchant ADD COLUMN default_headers TEXT;
