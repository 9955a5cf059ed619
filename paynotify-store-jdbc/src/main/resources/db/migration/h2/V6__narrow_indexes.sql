-- Fewer index entries per write, and gauges served by an index. H2 has no partial indexes; an
-- ended row's due_at is NULL, so the due index's range scans pass over active rows only:
--  * ix_notification_due becomes (due_at, status): the claim is still a range scan of it, and the
--    due, scheduled and oldest gauges read it alone, never the rows;
--  * ix_notification_order (merchant_id, order_no, seq) goes: the per-order check reads by order
--    number alone, through ix_notification_order_no, as the order-number search does.

-- The due index relies on due_at being set exactly while a notification is active, as the store
-- has always written it; rows that say otherwise are put right first.
UPDATE notification SET due_at = NULL
WHERE status NOT IN ('PENDING', 'DELIVERING') AND due_at IS NOT NULL;
UPDATE notification SET due_at = COALESCE(next_attempt_at, created_at)
WHERE status = 'PENDING' AND due_at IS NULL;
UPDATE notification SET due_at = COALESCE(lease_until, updated_at)
WHERE status = 'DELIVERING' AND due_at IS NULL;

DROP INDEX ix_notification_order;
DROP INDEX ix_notification_due;
CREATE INDEX ix_notification_due ON notification (due_at, status);
