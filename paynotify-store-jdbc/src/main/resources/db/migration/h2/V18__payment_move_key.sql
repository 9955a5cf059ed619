-- A payment move's idempotency key, with the digest of the update asked under it, kept on its
-- history entry: a move asked again under its key (a redelivered message, a retried request) is
-- told from a further move of the same fields. Unique per payment, so two nodes taking the same
-- move at once write it once; entries without a key (NULL) are not compared.

ALTER TABLE payment_change ADD COLUMN idempotency_key VARCHAR(128);

ALTER TABLE payment_change ADD COLUMN fingerprint VARCHAR(64);

CREATE UNIQUE INDEX uk_payment_change_key ON payment_change (merchant_id, payment_id, idempotency_key);
