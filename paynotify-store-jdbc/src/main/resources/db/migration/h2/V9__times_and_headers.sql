-- The true payment and refund times of a notification, the HTTP headers it adds to each attempt,
-- the headers each attempt added (merchant defaults redacted), and the merchant's default headers,
-- sealed under the master key as one JSON object. All nullable: rows written before have none, and
-- their times are their creation times.

ALTER TABLE notification ADD COLUMN paid_at TIMESTAMP(3);
ALTER TABLE notification ADD COLUMN refunded_at TIMESTAMP(3);
ALTER TABLE notification ADD COLUMN headers CLOB;
ALTER TABLE attempt ADD COLUMN request_headers CLOB;
-- VARCHAR, not CLOB: a reseal compares the value it read before writing it back.
ALTER TABLE merchant ADD COLUMN default_headers VARCHAR(100000);
